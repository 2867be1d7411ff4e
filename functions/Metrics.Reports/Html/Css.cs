namespace Metrics.Reports.Html;

/// <summary>The inline style sheets of the HTML reports: screen and print (A4), colours that print.</summary>
internal static class Css
{
    /// <summary><see cref="Common"/> and <see cref="Scorecard"/> as UTF-8, encoded once rather than for every page.</summary>
    public static readonly byte[] ScorecardSheetUtf8 = System.Text.Encoding.UTF8.GetBytes(Common + Scorecard);

    /// <summary>Shared by the scorecard and the rollup.</summary>
    public const string Common = """
:root{--pass:#1a7f37;--pass-bg:#dcf1e2;--fail:#b42318;--fail-bg:#fde4e2;--warn:#9a5b00;--warn-bg:#fff0cc;--na:#57606a;--na-bg:#eceff1;--ink:#1f2328;--muted:#5b636d;--line:#cfd6de;--head:#eef2f6;--accent:#1f4e79;--bar:#4a78a8;--bar-low:#d9572b}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0 auto;max-width:1120px;padding:24px 28px 40px;font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","Hiragino Sans GB","WenQuanYi Micro Hei","Noto Sans",system-ui,sans-serif;font-size:13px;line-height:1.45;color:var(--ink);background:#fff}
.en{color:var(--muted);font-size:.86em;font-weight:400}
h1{font-size:24px;line-height:1.25;margin:0 0 4px}
h2{font-size:18px;color:var(--accent);border-bottom:2px solid var(--accent);padding-bottom:3px;margin:26px 0 10px;break-after:avoid}
h3{font-size:14px;margin:16px 0 6px;break-after:avoid}
p{margin:4px 0}
table{border-collapse:collapse;width:100%;margin:4px 0 10px;font-size:12px}
th,td{border:1px solid var(--line);padding:3px 6px;vertical-align:top;text-align:left}
thead th{background:var(--head);font-weight:600;vertical-align:bottom}
th .en,td.name .en,.sub{display:block}
thead{display:table-header-group}
tr{break-inside:avoid}
.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.c{text-align:center}
.nowrap{white-space:nowrap}
.code{font-family:"Noto Sans Mono","DejaVu Sans Mono",Consolas,monospace;font-size:.95em}
.st{display:inline-block;padding:0 6px;border-radius:3px;font-weight:600;white-space:nowrap}
.st .en{font-size:.85em;font-weight:600;color:inherit;opacity:.85}
.st.pass{color:var(--pass);background:var(--pass-bg)}
.st.fail{color:var(--fail);background:var(--fail-bg)}
.st.na{color:var(--na);background:var(--na-bg)}
.st.warn{color:var(--warn);background:var(--warn-bg)}
.flag{display:inline-block;padding:0 5px;border-radius:3px;color:var(--warn);background:var(--warn-bg);font-weight:600;white-space:nowrap}
td.below{background:var(--fail-bg);color:var(--fail);font-weight:600}
tr.missing td{color:#8a9199;background:#f4f5f6}
.muted{color:var(--muted)}
.small{font-size:11px}
.note{color:var(--muted);font-size:11px;margin:2px 0 8px}
figure{margin:0;break-inside:avoid;page-break-inside:avoid}
figcaption{font-size:12px;font-weight:600;margin:2px 0}
figcaption .en{display:block}
svg{display:block;max-width:100%;height:auto}
svg text{font-family:inherit}
ul.findings{margin:0;padding-left:16px}
ul.findings li{margin:1px 0}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0 0}
dl.meta dt{color:var(--muted)}
dl.meta dd{margin:0}
footer{margin-top:28px;border-top:1px solid var(--line);padding-top:6px;color:var(--muted);font-size:11px}
""";

    /// <summary>Scorecard layout and its A4 portrait print rules.</summary>
    public const string Scorecard = """
header.top{display:flex;justify-content:space-between;align-items:flex-start;gap:24px;border-bottom:3px solid var(--accent);padding-bottom:12px}
.overall{text-align:center;min-width:150px}
.overall .st{font-size:22px;padding:8px 18px;border-radius:6px;display:block}
.overall .st .en{display:block;font-size:13px}
.overall .why{font-size:11px;color:var(--muted);margin-top:6px;text-align:left}
.facts{display:flex;flex-wrap:wrap;gap:6px 22px;margin:4px 0 8px}
.facts b{font-weight:600}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:12px 18px}
.charts svg{width:100%}
.cv-chart svg{width:100%;max-width:820px}
.composite{display:inline-block;border:1px solid var(--line);border-radius:6px;padding:6px 12px;margin:4px 0 8px;background:#fafbfc}
.composite .num{font-size:18px;font-weight:700}
table.schools td,table.schools th{padding:2px 4px}
table.schools{font-size:11px}
.shortfall .en{display:block;margin-bottom:2px}
@page{size:A4 portrait;margin:12mm 10mm 14mm 10mm}
@media print{
 body{max-width:none;padding:0;font-size:10pt}
 table{font-size:8.5pt}
 table.schools{font-size:7.5pt}
 section.level+section.level{break-before:page}
 .charts{gap:8px 12px}
 h2{margin-top:14px}
}
""";

    /// <summary>Rollup layout: A4 landscape for its wide tables.</summary>
    public const string Rollup = """
.counts{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}
.counts div{border:1px solid var(--line);border-radius:6px;padding:6px 12px;min-width:120px;background:#fafbfc}
.counts b{display:block;font-size:20px}
table.counties{font-size:11px}
table.counties td,table.counties th{padding:2px 4px}
@page{size:A4 landscape;margin:10mm}
@media print{body{max-width:none;padding:0;font-size:9.5pt} table.counties{font-size:7.5pt}}
""";
}
