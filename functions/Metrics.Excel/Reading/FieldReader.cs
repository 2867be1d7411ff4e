using Metrics.Core.Model;
using Metrics.Excel.Schema;

namespace Metrics.Excel.Reading;

/// <summary>Where a field's value sits: sheet as named in the file, 1-based row, 0-based column (−1 when the column is missing).</summary>
/// <param name="Scale">Factor from the unit written in the column header to the field's unit (万元 → 10 000); 1 when none.</param>
internal readonly record struct CellAt(string Sheet, int Row, int Column, object? Value, decimal Scale = 1m)
{
    public bool HasColumn => Column >= 0;

    public string A1 => TextNormalizer.A1(Column, Row);
}

/// <summary>
/// Parses one field's cell by its <see cref="FieldKind"/>, adding an issue for every problem. Each
/// method returns null when the cell is empty or invalid; invalid cells always leave an error.
/// </summary>
internal sealed class FieldReader(List<ValidationIssue> issues)
{
    public List<ValidationIssue> Issues { get; } = issues;

    public void Add(Severity severity, string code, CellAt at, FieldSpec f, string zh, string en) =>
        Issues.Add(new ValidationIssue(severity, code, at.Sheet, at.Row, f.Key, at.A1, zh, en));

    /// <summary>Reports an empty required cell; <paramref name="whyZh"/>/<paramref name="whyEn"/> explain the requirement.</summary>
    public bool CheckPresent(CellAt at, FieldSpec f, bool required, string whyZh = "", string whyEn = "")
    {
        if (!CellValues.IsEmpty(at.Value))
        {
            return true;
        }

        if (required && at.HasColumn)
        {
            Add(Severity.Error, IssueCodes.MissingValue, at, f,
                $"「{f.HeaderZh}」未填写。{whyZh}请填写{Hint(f).Zh}。",
                $"{f.LabelEn} ({f.Key}) is empty. {whyEn}Enter {Hint(f).En}.");
        }

        return false;
    }

    public string? Text(CellAt at, FieldSpec f, bool required)
    {
        if (!CheckPresent(at, f, required))
        {
            return null;
        }

        var s = CellValues.AsText(at.Value!);
        return s.Length == 0 ? null : s;
    }

    public double? Number(CellAt at, FieldSpec f, bool required, string whyZh = "", string whyEn = "")
    {
        if (!CheckPresent(at, f, required, whyZh, whyEn))
        {
            return null;
        }

        var status = CellValues.TryNumber(at.Value!, f.Unit, out var d, out _);
        if (status != CellValues.NumberStatus.Ok)
        {
            NotANumber(at, f, status);
            return null;
        }

        if (at.Scale != 1m)
        {
            // In decimal, so 12.34 万元 is exactly 123 400 元 and not 123400.00000000001.
            d = Math.Abs(d) < 7.9e23 ? (double)((decimal)d * at.Scale) : d * (double)at.Scale;
        }

        if (d < 0)
        {
            Add(Severity.Error, IssueCodes.NegativeValue, at, f,
                $"「{f.HeaderZh}」不能为负数，实际填写 {CellValues.Show(at.Value)}。请填写 0 或正数。",
                $"{f.LabelEn} ({f.Key}) cannot be negative; found {CellValues.Show(at.Value)}. Enter 0 or a positive number.");
            return null;
        }

        return d;
    }

    public int? Count(CellAt at, FieldSpec f, bool required, string whyZh = "", string whyEn = "")
    {
        var d = Number(at, f, required, whyZh, whyEn);
        if (d is null)
        {
            return null;
        }

        if (Math.Abs(d.Value - Math.Round(d.Value)) > 1e-9)
        {
            Add(Severity.Error, IssueCodes.NotInteger, at, f,
                $"「{f.HeaderZh}」应为整数，实际填写 {CellValues.Show(at.Value)}。请填写整数。",
                $"{f.LabelEn} ({f.Key}) must be a whole number; found {CellValues.Show(at.Value)}. Enter a whole number.");
            return null;
        }

        if (d.Value > int.MaxValue)
        {
            Add(Severity.Error, IssueCodes.NotANumber, at, f,
                $"「{f.HeaderZh}」数值过大({CellValues.Show(at.Value)})。请核对。",
                $"{f.LabelEn} ({f.Key}) is too large ({CellValues.Show(at.Value)}). Check the value.");
            return null;
        }

        return (int)Math.Round(d.Value);
    }

    /// <summary>A percentage typed 0–100, returned as the fraction (value / 100).</summary>
    public double? Percent(CellAt at, FieldSpec f, bool required)
    {
        if (!CheckPresent(at, f, required))
        {
            return null;
        }

        var status = CellValues.TryNumber(at.Value!, f.Unit, out var d, out var hadSign);
        if (status != CellValues.NumberStatus.Ok)
        {
            NotANumber(at, f, status);
            return null;
        }

        if (d is < 0 or > 100)
        {
            Add(Severity.Error, IssueCodes.PercentOutOfRange, at, f,
                $"「{f.HeaderZh}」是百分数，应在 0 到 100 之间，实际填写 {CellValues.Show(at.Value)}。例如 95% 填 95。",
                $"{f.LabelEn} ({f.Key}) is a percentage and must lie between 0 and 100; found {CellValues.Show(at.Value)}. For 95% enter 95.");
            return null;
        }

        if (d > 0 && d <= 1 && !hadSign)
        {
            Add(Severity.Warning, IssueCodes.PercentLooksLikeFraction, at, f,
                $"「{f.HeaderZh}」填写了 {CellValues.Num(d)}，看起来像小数比例；本项按百分数(0–100)填写，95% 应填 95。已按 {CellValues.Num(d)}% 读取，如有误请改正。",
                $"{f.LabelEn} ({f.Key}) is {CellValues.Num(d)}, which looks like a fraction; percent (0–100) is expected, so 95% is 95. It was read as {CellValues.Num(d)}%; correct it if that is wrong.");
        }

        // Divide in decimal so 96.35 % becomes the double nearest 0.9635, not 0.9634999999999999.
        return Math.Abs(d) < 7.9e27 ? (double)((decimal)d / 100m) : d / 100.0;
    }

    public object? Enum(CellAt at, FieldSpec f, bool required)
    {
        if (!CheckPresent(at, f, required))
        {
            return null;
        }

        var text = CellValues.AsText(at.Value!);
        var v = f.Choices!.Match(text);
        if (v is null)
        {
            var zh = string.Join("、", f.Choices.Labels);
            var en = string.Join(", ", f.Choices.Items.Select(i => i.Value.ToString()));
            Add(Severity.Error, IssueCodes.UnknownEnum, at, f,
                $"「{f.HeaderZh}」填写了 {CellValues.Show(at.Value)}，不是可选值。请从下拉列表选择：{zh}。",
                $"{f.LabelEn} ({f.Key}) is {CellValues.Show(at.Value)}, which is not an allowed value. Pick one of: {zh} (or {en}).");
        }

        return v;
    }

    public bool? YesNo(CellAt at, FieldSpec f, bool required)
    {
        if (!CheckPresent(at, f, required))
        {
            return null;
        }

        if (at.Value is bool b)
        {
            return b;
        }

        switch (TextNormalizer.Key(CellValues.AsText(at.Value!)))
        {
            case "是" or "yes" or "y" or "true" or "有" or "1" or "√" or "✓":
                return true;
            case "否" or "no" or "n" or "false" or "无" or "0" or "×":
                return false;
            default:
                Add(Severity.Error, IssueCodes.UnknownEnum, at, f,
                    $"「{f.HeaderZh}」填写了 {CellValues.Show(at.Value)}，应填“是”或“否”。",
                    $"{f.LabelEn} ({f.Key}) is {CellValues.Show(at.Value)}; enter 是 (yes) or 否 (no).");
                return null;
        }
    }

    private void NotANumber(CellAt at, FieldSpec f, CellValues.NumberStatus status)
    {
        if (status == CellValues.NumberStatus.LooksLikeDate)
        {
            Add(Severity.Error, IssueCodes.NotANumber, at, f,
                $"「{f.HeaderZh}」被保存成了日期，不是数字。请把单元格格式设为“常规”或“数值”后重新输入{Hint(f).Zh}。",
                $"{f.LabelEn} ({f.Key}) is stored as a date, not a number. Format the cell as General or Number and type {Hint(f).En} again.");
            return;
        }

        Add(Severity.Error, IssueCodes.NotANumber, at, f,
            $"「{f.HeaderZh}」应为数字，实际填写 {CellValues.Show(at.Value)}。请只填{Hint(f).Zh}，不要带单位或文字。",
            $"{f.LabelEn} ({f.Key}) must be a number; found {CellValues.Show(at.Value)}. Enter {Hint(f).En} only, without units or words.");
    }

    private static (string Zh, string En) Hint(FieldSpec f) => f.Kind switch
    {
        FieldKind.Count => ("不小于 0 的整数" + (f.Unit is null ? string.Empty : $"(单位：{f.Unit})"), "a whole number ≥ 0" + (f.Unit is null ? string.Empty : $" (unit: {f.Unit})")),
        FieldKind.NonNegativeNumber => ($"不小于 0 的数字(单位：{f.Unit})", $"a number ≥ 0 (unit: {f.Unit})"),
        FieldKind.Percent => ("0–100 的百分数", "a percentage 0–100"),
        FieldKind.YesNo => ("“是”或“否”", "是 (yes) or 否 (no)"),
        FieldKind.Enum => ("下拉列表中的一项", "one of the drop-down values"),
        _ => ("内容", "a value"),
    };
}
