namespace Metrics.Core.Model;

/// <summary>Errors stop scoring; warnings are reported beside the scorecard.</summary>
public enum Severity
{
    Error,
    Warning,
}

/// <summary>
/// One problem found in a county's input, located at its cell where it has one, with messages in
/// Chinese and English. Readers collect every issue of a workbook, never only the first.
/// </summary>
/// <param name="Severity">Error (stops scoring) or warning.</param>
/// <param name="Code">Stable machine-readable code, e.g. <c>missing_column</c>, <c>negative_value</c>.</param>
/// <param name="Sheet">Sheet name as found in the workbook (or the canonical Chinese name when the sheet is missing).</param>
/// <param name="Row">1-based row, null for sheet- or workbook-level issues.</param>
/// <param name="Column">Column key (English key of the field) or null.</param>
/// <param name="Cell">A1 reference such as <c>F12</c>, or null.</param>
/// <param name="MessageZh">Message in Chinese.</param>
/// <param name="MessageEn">Message in English.</param>
public sealed record ValidationIssue(
    Severity Severity,
    string Code,
    string Sheet,
    int? Row,
    string? Column,
    string? Cell,
    string MessageZh,
    string MessageEn)
{
    /// <summary>Reference as people write it, e.g. <c>学校!F12</c>, or the sheet name alone.</summary>
    public string Location => Cell is null ? Sheet : $"{Sheet}!{Cell}";
}
