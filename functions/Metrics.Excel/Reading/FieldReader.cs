using Metrics.Core.Model;
using Metrics.Excel.Schema;

namespace Metrics.Excel.Reading;

/// <summary>Where a field's value sits: sheet as named in the file, 1-based row, 0-based column (−1 when the column is missing).</summary>
/// <remarks><paramref name="PercentFormat"/>: the cell holds a number with a percent number format (95% stored as 0.95).
/// <paramref name="Scale"/>: factor from the unit written in the column header to the field's unit (万元 → 10 000); 1 when none.</remarks>
internal readonly record struct CellAt(string Sheet, int Row, int Column, object? Value, bool PercentFormat = false, decimal Scale = 1m)
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

    /// <summary>Adds an issue at the cell, or at the row alone when the field's column is missing (there is no cell to name).</summary>
    public void Add(Severity severity, string code, CellAt at, FieldSpec f, string zh, string en) =>
        Issues.Add(new ValidationIssue(severity, code, at.Sheet, at.Row, f.Key, at.HasColumn ? at.A1 : null, zh, en));

    /// <summary>Reports an empty required cell; <paramref name="whyZh"/>/<paramref name="whyEn"/> explain the requirement.</summary>
    /// <remarks>
    /// A cell holding an Excel error value (<c>#REF!</c>, <c>#N/A</c>, …: a formula that failed, or one
    /// pasted as its error) is reported here as <c>error_value</c> for every field kind, and counts as
    /// not present.
    /// </remarks>
    public bool CheckPresent(CellAt at, FieldSpec f, bool required, string whyZh = "", string whyEn = "")
    {
        if (at.Value is string s && CellValues.IsErrorValue(s))
        {
            Add(Severity.Error, IssueCodes.ErrorValue, at, f,
                $"「{f.HeaderZh}」是 Excel 错误值 {s.Trim()}(公式出错或复制了出错的公式)，不是有效内容。请直接输入{Hint(f).Zh}。",
                $"{f.LabelEn} ({f.Key}) holds the Excel error value {s.Trim()} (a formula that failed, or one copied with its error), not a value. Type {Hint(f).En} instead.");
            return false;
        }

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
        if (CellValues.FirstForbidden(s) is { } bad)
        {
            var code = "U+" + bad.Value.ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
            Add(Severity.Error, IssueCodes.ForbiddenCharacter, at, f,
                $"「{f.HeaderZh}」第 {bad.Position} 个字符是不可见的控制字符或文字方向控制符({code})，会让名称显示错乱。请删除该字符后重新输入。",
                $"{f.LabelEn} ({f.Key}) has an invisible control or text-direction character ({code}) at position {bad.Position}, which garbles how it is shown. Delete it and type the value again.");
            return null;
        }

        var length = CellValues.Characters(s);
        if (f.MaxLength is { } max && length > max)
        {
            Add(Severity.Error, IssueCodes.TextTooLong, at, f,
                $"「{f.HeaderZh}」有 {length} 个字符，超过上限 {max} 个。请填写简短的正式名称或代码。",
                $"{f.LabelEn} ({f.Key}) has {length} characters, more than the limit of {max}. Enter the short official name or code.");
            return null;
        }

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

    /// <summary>
    /// A percentage, returned as the fraction: a number with a percent format as stored (Excel keeps a typed 95%
    /// as 0.95); otherwise the value typed 0–100 (95, "95%") divided by 100. A bare number in (0, 1] is ambiguous
    /// and an error at its cell.
    /// </summary>
    public double? Percent(CellAt at, FieldSpec f, bool required)
    {
        if (!CheckPresent(at, f, required))
        {
            return null;
        }

        if (at.PercentFormat && at.Value is double fraction)
        {
            if (fraction is < 0 or > 1)
            {
                var shown = (fraction * 100).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "%";
                Add(Severity.Error, IssueCodes.PercentOutOfRange, at, f,
                    $"「{f.HeaderZh}」是百分数，应在 0% 到 100% 之间，实际为 {shown}。请直接输入 95 或 95%。",
                    $"{f.LabelEn} ({f.Key}) is a percentage and must lie between 0% and 100%; found {shown}. Type 95 or 95%.");
                return null;
            }

            return fraction;
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
            // 0.95 could be 95 % written as a fraction or 0.95 %; the verdicts depend on it, so ask instead of guessing.
            Add(Severity.Error, IssueCodes.PercentLooksLikeFraction, at, f,
                $"「{f.HeaderZh}」填写了 {CellValues.Num(d)}，无法确定是 {CellValues.Num(d * 100)}% 还是 {CellValues.Num(d)}%。请输入带 % 的百分数，例如 95%(或在百分比格式的单元格中输入 95)。",
                $"{f.LabelEn} ({f.Key}) is {CellValues.Num(d)}: it is unclear whether that means {CellValues.Num(d * 100)}% or {CellValues.Num(d)}%. Type the percentage with its sign, e.g. 95% (or 95 in a percent-formatted cell).");
            return null;
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
        FieldKind.Percent => ("0–100 的百分数(如 95 或 95%)", "a percentage 0–100 (e.g. 95 or 95%)"),
        FieldKind.YesNo => ("“是”或“否”", "是 (yes) or 否 (no)"),
        FieldKind.Enum => ("下拉列表中的一项", "one of the drop-down values"),
        _ => ("文字内容", "the text"),
    };
}
