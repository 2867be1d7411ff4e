using System.Globalization;
using ClosedXML.Excel;
using Metrics.Core.Model;
using Metrics.Excel.Schema;

namespace Metrics.Excel.Template;

/// <summary>
/// Writes a submission into the county template, as a county would fill it (example row kept in
/// row 3, data from row 4), then applies the given edits (the sample generator's injected defects).
/// Used by <c>metrics sample</c>, the demo, benchmarks and tests.
/// </summary>
public static class SubmissionWorkbookWriter
{
    /// <summary>The first row the writer fills on a data sheet (the template's example row stays above it).</summary>
    public const int FirstRow = WorkbookSchema.FirstDataRow + 1;

    public static void Write(CountySubmission submission, Stream output, IReadOnlyList<ISubmissionWorkbookEdit>? edits = null)
    {
        using var wb = OpenTemplate(submission.County);
        FillCounty(wb, submission.County, (_, v) => v);

        Fill(wb.Worksheet(WorkbookSchema.Schools.NameZh), WorkbookSchema.Schools, submission.Schools.Select(SubmissionValues.SchoolValues));
        Fill(wb.Worksheet(WorkbookSchema.Rotation.NameZh), WorkbookSchema.Rotation, submission.Rotation.Select(SubmissionValues.RotationValues));
        Fill(wb.Worksheet(WorkbookSchema.Spending.NameZh), WorkbookSchema.Spending, submission.Spending.Select(SubmissionValues.SpendingValues));
        foreach (var edit in edits ?? [])
        {
            edit.Apply(wb);
        }

        using var saved = new MemoryStream();
        wb.SaveAs(saved);
        StablePackage.Write(saved.ToArray(), output);
    }

    /// <summary>The template for a county's year and profile, opened for filling.</summary>
    internal static XLWorkbook OpenTemplate(CountyInfo county)
    {
        // Not disposed here: ClosedXML 0.95 reads the source stream again when the workbook is
        // saved. A MemoryStream holds no unmanaged resource, so leaving it to the GC is safe.
        var template = new MemoryStream();
        TemplateWriter.Write(template, county.SchoolYear, county.Profile);
        template.Position = 0;
        return new XLWorkbook(template);
    }

    /// <summary>Fills the value column of the key–value county sheet; <paramref name="typed"/> may re-type a value.</summary>
    internal static void FillCounty(XLWorkbook wb, CountyInfo county, Func<FieldSpec, object, object> typed)
    {
        var values = SubmissionValues.CountyValues(county);
        foreach (var row in wb.Worksheet(WorkbookSchema.County.NameZh).RowsUsed().Where(r => r.RowNumber() >= WorkbookSchema.FirstDataRow))
        {
            var key = row.Cell(1).GetString();
            var cell = row.Cell(3);
            cell.Clear(XLClearOptions.Contents);
            if (values.TryGetValue(key, out var v) && v is not null)
            {
                var field = WorkbookSchema.County.Field(key);
                var typedValue = typed(field, v);

                // The template formats percent cells as percentages: a county typing 95 there stores 0.95.
                Put(cell, field.Kind == FieldKind.Percent && typedValue is double or int
                    ? (double)((decimal)Convert.ToDouble(typedValue, CultureInfo.InvariantCulture) / 100m)
                    : typedValue);
            }
        }
    }

    private static void Fill(IXLWorksheet ws, SheetSpec spec, IEnumerable<Dictionary<string, object?>> records)
    {
        var row = FirstRow;
        foreach (var record in records)
        {
            for (var c = 0; c < spec.Fields.Count; c++)
            {
                if (record.TryGetValue(spec.Fields[c].Key, out var v) && v is not null)
                {
                    Put(ws.Cell(row, c + 1), v);
                }
            }

            row++;
        }
    }

    /// <summary>Writes a value as a county types it: text stays text (never a formula), numbers stay numbers.</summary>
    public static void Put(IXLCell cell, object value)
    {
        switch (value)
        {
            case string s:
                TemplateWriter.Text(cell, s);
                break;
            case int i:
                cell.SetValue(i);
                break;
            case double d:
                cell.SetValue(d);
                break;
            default:
                cell.SetValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
