using System.Globalization;
using Metrics.Core.Scoring;
using static Metrics.Reports.Html.Markup;

namespace Metrics.Reports.Html;

/// <summary>
/// The note of a scorecard scored straight from the education-statistics export: where the data came
/// from, what the county still has to complete, which checks that leaves unassessed and how many
/// teaching points were held back. Nothing for a template upload.
/// </summary>
internal static class ExportSection
{
    public static void Write(PageWriter h, Scorecard card)
    {
        if (card.FromExport is not { } export)
        {
            return;
        }

        h.Append("<section id=\"export-source\">\n<h2>").Append(Bi("数据来源：教育事业统计数据", "Data source: the education-statistics export")).Append("</h2>\n<ul class=\"notes\">");
        h.Append("<li data-key=\"source.mapping\" data-value=\"").Append(Escape(export.Mapping)).Append("\">")
         .Append(Bi("本报告直接由统计数据计算，只评估资源配置部分和逐校达标；需要统计数据之外信息的项目为“未评估”。",
             "Scored straight from the statistics export: the resource part and the per-school rule only; checks that need data the export lacks are not assessed."))
         .Append("</li>");
        if (export.ChecksNotAssessed.Count > 0)
        {
            h.Append("<li>").Append(Bi("因缺少数据未评估：" + string.Join("、", export.ChecksNotAssessed), "Not assessed for lack of data: " + string.Join(", ", export.ChecksNotAssessed))).Append("</li>");
        }

        if (export.HeldBackTeachingPoints > 0)
        {
            var n = export.HeldBackTeachingPoints.ToString(CultureInfo.InvariantCulture);
            h.Append("<li data-key=\"source.heldBackTeachingPoints\" data-value=\"").Append(n).Append("\">")
             .Append(Bi($"暂未计入的教学点 {n} 个：方案把教学点并入所属学校，统计数据没有所属学校代码，请在预填工作簿中填写。",
                 $"{n} teaching points held back: the profile merges them into their parent school, which the export does not name; fill in parent_school_code in the pre-filled workbook."))
             .Append("</li>");
        }

        h.Append("<li>").Append(Bi("需在预填工作簿中补填：" + string.Join("、", export.FieldsToComplete), "To complete in the pre-filled workbook: " + string.Join(", ", export.FieldsToComplete))).Append("</li>");
        h.Append("</ul>\n</section>\n");
    }
}
