using Metrics.Core.Model;
using Metrics.Excel.Schema;
using Metrics.Excel.Template;

namespace Metrics.Excel.Tests.Schema;

/// <summary>Column keys: spelled once in <see cref="ColumnKeys"/>, declared in <see cref="WorkbookSchema"/>, written only as declared.</summary>
public class ColumnKeysTests
{
    private static readonly string[] Constants =
        typeof(ColumnKeys).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();

    public static TheoryData<string> AllKeys => new(Constants);

    [Theory]
    [MemberData(nameof(AllKeys))]
    public void EveryKey_IsAColumnOfTheSchema(string key)
    {
        Assert.Contains(WorkbookSchema.DataSheets, sheet => sheet.Fields.Any(f => f.Key == key));
    }

    [Fact]
    public void EverySchemaColumn_HasAKeyConstant()
    {
        var declared = WorkbookSchema.DataSheets.SelectMany(s => s.Fields).Select(f => f.Key).Distinct();

        Assert.Equal(declared.Order(), Constants.Order());
    }

    [Fact]
    public void TheWriters_WriteOnlyDeclaredColumnsOfTheirSheet()
    {
        var county = new CountyInfo { Code = "130102", Name = "长安区", SchoolYear = 2024 };
        var school = new School { Code = "S1", Name = "一小", Type = SchoolType.NineYear, Location = Location.Urban, Ownership = Ownership.Public };

        AssertDeclared(WorkbookSchema.County, SubmissionValues.CountyValues(county).Keys);
        AssertDeclared(WorkbookSchema.Schools, SubmissionValues.SchoolValues(school).Keys);
        AssertDeclared(WorkbookSchema.Rotation, SubmissionValues.RotationValues(new RotationRecord("S1", 10, 1, 0)).Keys);
        AssertDeclared(WorkbookSchema.Spending, SubmissionValues.SpendingValues(new SpendingRecord("S1", 100_000, 5_000)).Keys);
        // The example row's values serve every table sheet.
        Assert.All(TemplateWriter.ExampleValues.Keys, k => Assert.Contains(
            new[] { WorkbookSchema.Schools, WorkbookSchema.Rotation, WorkbookSchema.Spending }, sheet => sheet.Fields.Any(f => f.Key == k)));
    }

    private static void AssertDeclared(SheetSpec sheet, IEnumerable<string> keys) =>
        Assert.All(keys, k => Assert.Contains(sheet.Fields, f => f.Key == k));
}
