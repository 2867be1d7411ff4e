using Metrics.Core.Planning;
using Metrics.Core.Scoring;
using Metrics.Reports.Html;

namespace Metrics.Reports;

/// <summary>
/// A county's remediation plan as a page of its own (plan.html, written by <c>metrics plan</c>): the same
/// section the HTML scorecard carries for a failing county, self-contained and printable.
/// </summary>
public static class HtmlPlan
{
    public static string Render(Scorecard card, RemediationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(plan);
        return PlanSection.Page(card, plan);
    }
}
