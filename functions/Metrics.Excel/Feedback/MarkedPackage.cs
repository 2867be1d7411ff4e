using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Metrics.Core.Model;

namespace Metrics.Excel.Feedback;

/// <summary>
/// Marks a county's workbook without loading it into an object model: every zip entry is copied as it
/// is except the few parts that must change. styles.xml gains two fills and, for each style a marked
/// cell had, a copy of it with the red or amber fill; each marked sheet gets those style indices on its
/// marked cells, a comments part with the Chinese and English messages and the legacy VML drawing that
/// Excel, WPS and LibreOffice use to show comments; the workbook gains the issues sheet in front.
/// </summary>
/// <remarks>
/// Returns null for what it does not handle (a marked sheet that already has comments, an existing
/// issues sheet, an unusual package layout, anything malformed); the caller then takes the slower
/// ClosedXML path, and after that the plain issues list. The sheet parts it rewrites are parsed with
/// LINQ to XML, which keeps every element and attribute it does not touch.
/// </remarks>
internal static class MarkedPackage
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRelNs = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string ContentTypesNs = "http://schemas.openxmlformats.org/package/2006/content-types";
    private const string WorksheetType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
    private const string CommentsType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
    private const string VmlType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing";
    private const string OfficeDocumentType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
    private const string IssuesPart = "xl/worksheets/metricsIssues.xml";
    private const string IssuesRelId = "rIdMetricsIssues";

    private static readonly XNamespace M = Main;
    private static readonly XNamespace R = RelNs;
    private static readonly XNamespace P = PackageRelNs;
    private static readonly XNamespace Ct = ContentTypesNs;

    /// <summary>Elements that follow legacyDrawing in a worksheet (schema order).</summary>
    private static readonly string[] AfterLegacyDrawing = ["legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst"];

    /// <summary>The marked workbook, or null when this path does not handle the file (see remarks).</summary>
    public static byte[]? TryMark(byte[] original, IReadOnlyList<ValidationIssue> issues)
    {
        try
        {
            return Rewrite(original, issues);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever the package holds that this path does not expect, the ClosedXML path is next.
            return null;
        }
    }

    private static byte[]? Rewrite(byte[] original, IReadOnlyList<ValidationIssue> issues)
    {
        using var zip = new ZipArchive(new MemoryStream(original, writable: false), ZipArchiveMode.Read);
        var entries = zip.Entries.ToDictionary(e => e.FullName, StringComparer.OrdinalIgnoreCase);
        if (entries.Count != zip.Entries.Count)
        {
            return null;
        }

        var rootRels = Load(entries, "_rels/.rels");
        var workbookPath = rootRels?.Root?.Elements(P + "Relationship").FirstOrDefault(r => (string?)r.Attribute("Type") == OfficeDocumentType)?.Attribute("Target")?.Value.TrimStart('/');
        if (workbookPath != "xl/workbook.xml")
        {
            return null;
        }

        var workbook = Load(entries, "xl/workbook.xml");
        var workbookRels = Load(entries, "xl/_rels/workbook.xml.rels");
        var styles = Load(entries, "xl/styles.xml");
        var contentTypes = Load(entries, "[Content_Types].xml");
        if (workbook?.Root is null || workbookRels?.Root is null || styles?.Root is null || contentTypes?.Root is null
            || entries.ContainsKey(IssuesPart))
        {
            return null;
        }

        var sheetsElement = workbook.Root.Element(M + "sheets");
        if (sheetsElement is null)
        {
            return null;
        }

        var relTargets = workbookRels.Root.Elements(P + "Relationship")
            .ToDictionary(r => (string)r.Attribute("Id")!, r => Resolve("xl/", (string)r.Attribute("Target")!), StringComparer.Ordinal);
        var sheetPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var sheet in sheetsElement.Elements(M + "sheet"))
        {
            var name = (string?)sheet.Attribute("name");
            // A name Excel would refuse (over 31 characters, or with []:*?/\) makes the copy unopenable there.
            if (name is null || name.Length is 0 or > 31 || name.AsSpan().IndexOfAny("[]:*?/\\") >= 0
                || name == FeedbackWriter.IssuesSheetName || sheet.Attribute(R + "id") is not { } rid || !relTargets.TryGetValue(rid.Value, out var path))
            {
                return null;
            }

            sheetPaths[name] = path;
        }

        // The issues to mark, by sheet part, each cell once with its worst severity and every message.
        var marks = new Dictionary<string, List<Mark>>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in issues.Where(i => i.Cell is not null && i.Row is not null).GroupBy(i => (i.Sheet, i.Cell)))
        {
            if (!TryParseA1(group.Key.Cell!, out var row, out var col) || !sheetPaths.TryGetValue(group.Key.Sheet, out var path))
            {
                continue;
            }

            if (!marks.TryGetValue(path, out var list))
            {
                marks[path] = list = [];
            }

            var worst = group.Any(i => i.Severity == Severity.Error) ? Severity.Error : Severity.Warning;
            list.Add(new Mark(row, col, group.Key.Cell!.ToUpperInvariant(), worst, [.. group]));
        }

        var styleTable = new StyleTable(styles);
        var replaced = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        var added = new List<(string Path, byte[] Bytes)>();
        var n = 0;
        foreach (var (path, list) in marks)
        {
            n++;
            if (!entries.ContainsKey(path))
            {
                return null;
            }

            var relsPath = RelsPathOf(path);
            var sheetRels = entries.ContainsKey(relsPath) ? Load(entries, relsPath) : new XDocument(new XElement(P + "Relationships"));
            var sheet = Load(entries, path);
            if (sheetRels?.Root is null || sheet?.Root is null || !MarkCells(sheet, list, styleTable))
            {
                return null;
            }

            // The sheet's own comments (the template puts notes on its header cells) are kept and added to.
            var folder = path[..(path.LastIndexOf('/') + 1)];
            var rels = sheetRels.Root.Elements(P + "Relationship").ToList();
            var commentsRel = rels.SingleOrDefault(r => (string?)r.Attribute("Type") == CommentsType);
            var legacy = sheet.Root.Element(M + "legacyDrawing");
            var vmlRel = legacy is null ? null : rels.SingleOrDefault(r => (string?)r.Attribute("Id") == (string?)legacy.Attribute(R + "id"));
            if ((commentsRel is null) != (vmlRel is null) || (legacy is not null && vmlRel is null) || rels.Count(r => (string?)r.Attribute("Type") == VmlType) > 1)
            {
                return null;
            }

            var suffix = n.ToString(CultureInfo.InvariantCulture);
            var commentsPath = commentsRel is null ? "xl/metricsComments" + suffix + ".xml" : Resolve(folder, (string)commentsRel.Attribute("Target")!);
            var vmlPath = vmlRel is null ? "xl/drawings/metricsComments" + suffix + ".vml" : Resolve(folder, (string)vmlRel.Attribute("Target")!);
            var comments = commentsRel is null ? NewComments() : Load(entries, commentsPath);
            var vml = vmlRel is null ? NewVml(n + 100) : Load(entries, vmlPath);
            if (comments?.Root is null || vml?.Root is null || (commentsRel is null && (entries.ContainsKey(commentsPath) || entries.ContainsKey(vmlPath))))
            {
                return null;
            }

            AddComments(comments.Root, vml.Root, list, n);
            if (commentsRel is null)
            {
                var vmlId = "rIdMetricsVml" + suffix;
                sheetRels.Root.Add(
                    new XElement(P + "Relationship", new XAttribute("Id", "rIdMetricsComments" + suffix), new XAttribute("Type", CommentsType), new XAttribute("Target", "/" + commentsPath)),
                    new XElement(P + "Relationship", new XAttribute("Id", vmlId), new XAttribute("Type", VmlType), new XAttribute("Target", "/" + vmlPath)));
                AddLegacyDrawing(sheet.Root, vmlId);
                added.Add((commentsPath, Save(comments)));
                added.Add((vmlPath, Save(vml)));
                contentTypes.Root.Add(new XElement(Ct + "Override", new XAttribute("PartName", "/" + commentsPath), new XAttribute("ContentType", "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml")));
                replaced[relsPath] = Save(sheetRels);
            }
            else
            {
                replaced[commentsPath] = Save(comments);
                replaced[vmlPath] = Save(vml);
            }

            replaced[path] = Save(sheet);
        }

        if (!contentTypes.Root.Elements(Ct + "Default").Any(d => string.Equals((string?)d.Attribute("Extension"), "vml", StringComparison.OrdinalIgnoreCase)))
        {
            contentTypes.Root.AddFirst(new XElement(Ct + "Default", new XAttribute("Extension", "vml"), new XAttribute("ContentType", "application/vnd.openxmlformats-officedocument.vmlDrawing")));
        }

        contentTypes.Root.Add(new XElement(Ct + "Override", new XAttribute("PartName", "/" + IssuesPart), new XAttribute("ContentType", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")));

        // Every other sheet loses its selection so that only the issues sheet is selected (two selected
        // tabs would group the sheets in Excel and edit them together).
        foreach (var path in sheetPaths.Values.Distinct(StringComparer.OrdinalIgnoreCase).Where(p => !replaced.ContainsKey(p)))
        {
            if (entries.TryGetValue(path, out var entry) && HasSelectedTab(entry))
            {
                var sheet = Load(entries, path)!;
                Unselect(sheet.Root!);
                replaced[path] = Save(sheet);
            }
        }

        foreach (var vmlEntry in entries.Values.Where(e => e.FullName.EndsWith(".vml", StringComparison.OrdinalIgnoreCase) && !replaced.ContainsKey(e.FullName)))
        {
            if (Load(entries, vmlEntry.FullName) is { Root: { } root } doc && AddTextBoxes(root))
            {
                replaced[vmlEntry.FullName] = Save(doc);
            }
        }

        added.Add((IssuesPart, IssuesSheet(issues, sheetPaths.Keys.ToHashSet(StringComparer.Ordinal), styleTable)));
        AddIssuesSheet(workbook.Root, sheetsElement, workbookRels.Root);
        replaced["xl/workbook.xml"] = Save(workbook);
        replaced["xl/_rels/workbook.xml.rels"] = Save(workbookRels);
        replaced["xl/styles.xml"] = Save(styles);
        replaced["[Content_Types].xml"] = Save(contentTypes);

        using var output = new MemoryStream(original.Length + (original.Length / 4));
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in zip.Entries)
            {
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.Fastest);
                copy.LastWriteTime = entry.LastWriteTime;
                using var to = copy.Open();
                if (replaced.TryGetValue(entry.FullName, out var bytes))
                {
                    to.Write(bytes);
                }
                else
                {
                    using var from = entry.Open();
                    from.CopyTo(to);
                }
            }

            foreach (var (path, bytes) in replaced.Where(r => !entries.ContainsKey(r.Key)).Select(r => (r.Key, r.Value)).Concat(added))
            {
                using var to = target.CreateEntry(path, CompressionLevel.Fastest).Open();
                to.Write(bytes);
            }
        }

        return output.ToArray();
    }

    private static bool MarkCells(XDocument sheet, List<Mark> marks, StyleTable styles)
    {
        var data = sheet.Root!.Element(M + "sheetData");
        if (data is null)
        {
            return false;
        }

        Unselect(sheet.Root);

        // Row and cell numbers: the r attributes, or (where a writer left them out) one past the previous.
        var rows = new SortedDictionary<int, XElement>();
        var lastRow = 0;
        foreach (var row in data.Elements(M + "row"))
        {
            lastRow = row.Attribute("r") is { } r ? int.Parse(r.Value, CultureInfo.InvariantCulture) : lastRow + 1;
            row.SetAttributeValue("r", lastRow);
            rows[lastRow] = row;
        }

        foreach (var mark in marks)
        {
            if (!rows.TryGetValue(mark.Row, out var row))
            {
                row = new XElement(M + "row", new XAttribute("r", mark.Row));
                var next = rows.Keys.FirstOrDefault(k => k > mark.Row);
                if (next > 0)
                {
                    rows[next].AddBeforeSelf(row);
                }
                else
                {
                    data.Add(row);
                }

                rows[mark.Row] = row;
            }

            // A row's spans attribute is only a hint of its cells' extent; a new cell may lie outside it.
            row.Attribute("spans")?.Remove();
            var cell = CellIn(row, mark);
            var old = cell.Attribute("s") is { } s ? int.Parse(s.Value, CultureInfo.InvariantCulture) : 0;
            cell.SetAttributeValue("s", styles.Marked(old, mark.Severity));
        }

        return true;
    }

    private static XElement CellIn(XElement row, Mark mark)
    {
        var lastCol = 0;
        XElement? after = null;
        foreach (var c in row.Elements(M + "c").ToList())
        {
            if (c.Attribute("r") is { } r && TryParseA1(r.Value, out _, out var col))
            {
                lastCol = col;
            }
            else
            {
                lastCol++;
                c.SetAttributeValue("r", ColumnName(lastCol) + mark.Row.ToString(CultureInfo.InvariantCulture));
            }

            if (lastCol == mark.Column)
            {
                return c;
            }

            if (lastCol > mark.Column)
            {
                var cell = new XElement(M + "c", new XAttribute("r", mark.Address));
                c.AddBeforeSelf(cell);
                return cell;
            }

            after = c;
        }

        var added = new XElement(M + "c", new XAttribute("r", mark.Address));
        if (after is null)
        {
            row.AddFirst(added);
        }
        else
        {
            after.AddAfterSelf(added);
        }

        return added;
    }

    private static void Unselect(XElement worksheet)
    {
        foreach (var view in worksheet.Elements(M + "sheetViews").Elements(M + "sheetView"))
        {
            view.Attribute("tabSelected")?.Remove();
        }
    }

    private static bool HasSelectedTab(ZipArchiveEntry entry)
    {
        // Only the head of a sheet part holds its views: read a little of it rather than the whole.
        using var stream = entry.Open();
        var buffer = new byte[4096];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var head = Encoding.UTF8.GetString(buffer, 0, read);
        return head.Contains("tabSelected", StringComparison.Ordinal) || !head.Contains("<sheetData", StringComparison.Ordinal) && !head.Contains(":sheetData", StringComparison.Ordinal);
    }

    private static void AddLegacyDrawing(XElement worksheet, string relId)
    {
        var element = new XElement(M + "legacyDrawing", new XAttribute(R + "id", relId));
        var before = worksheet.Elements().FirstOrDefault(e => e.Name.Namespace == M && AfterLegacyDrawing.Contains(e.Name.LocalName));
        if (before is null)
        {
            worksheet.Add(element);
        }
        else
        {
            before.AddBeforeSelf(element);
        }
    }

    private static void AddIssuesSheet(XElement workbook, XElement sheets, XElement workbookRels)
    {
        var id = sheets.Elements(M + "sheet").Select(s => (int?)s.Attribute("sheetId") ?? 0).DefaultIfEmpty(0).Max() + 1;
        sheets.AddFirst(new XElement(M + "sheet", new XAttribute("name", FeedbackWriter.IssuesSheetName), new XAttribute("sheetId", id), new XAttribute(R + "id", IssuesRelId)));
        workbookRels.Add(new XElement(P + "Relationship", new XAttribute("Id", IssuesRelId), new XAttribute("Type", WorksheetType), new XAttribute("Target", "/" + IssuesPart)));

        // Sheet-scoped names (print areas, filters) count sheets by position: one more sheet now stands in front.
        foreach (var name in workbook.Elements(M + "definedNames").Elements(M + "definedName"))
        {
            if (name.Attribute("localSheetId") is { } local)
            {
                local.Value = (int.Parse(local.Value, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
            }
        }

        foreach (var view in workbook.Elements(M + "bookViews").Elements(M + "workbookView"))
        {
            view.Attribute("activeTab")?.Remove();
            view.Attribute("firstSheet")?.Remove();
        }
    }

    private static byte[] IssuesSheet(IReadOnlyList<ValidationIssue> issues, HashSet<string> sheetNames, StyleTable styles)
    {
        var header = styles.Plain(FeedbackWriter.HeaderFillArgb, bold: true, wrap: false);
        var headerWrap = styles.Plain(FeedbackWriter.HeaderFillArgb, bold: true, wrap: true);
        var error = styles.Plain(FeedbackWriter.ErrorFillArgb, bold: false, wrap: false);
        var warning = styles.Plain(FeedbackWriter.WarningFillArgb, bold: false, wrap: false);
        var wrap = styles.Plain(null, bold: false, wrap: true);
        var links = new List<(string Ref, string Location)>();

        using var ms = new MemoryStream();
        using (var w = XmlWriter.Create(ms, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            w.WriteStartDocument(true);
            w.WriteStartElement("worksheet", Main);
            w.WriteAttributeString("xmlns", "r", null, RelNs);
            w.WriteStartElement("sheetViews", Main);
            w.WriteStartElement("sheetView", Main);
            w.WriteAttributeString("tabSelected", "1");
            w.WriteAttributeString("workbookViewId", "0");
            w.WriteStartElement("pane", Main);
            w.WriteAttributeString("ySplit", "1");
            w.WriteAttributeString("topLeftCell", "A2");
            w.WriteAttributeString("activePane", "bottomLeft");
            w.WriteAttributeString("state", "frozen");
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteStartElement("cols", Main);
            double[] widths = [9, 18, 28, 20, 70, 70];
            for (var i = 0; i < widths.Length; i++)
            {
                w.WriteStartElement("col", Main);
                w.WriteAttributeString("min", (i + 1).ToString(CultureInfo.InvariantCulture));
                w.WriteAttributeString("max", (i + 1).ToString(CultureInfo.InvariantCulture));
                w.WriteAttributeString("width", (widths[i] + 0.7109375).ToString(CultureInfo.InvariantCulture));
                w.WriteAttributeString("customWidth", "1");
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteStartElement("sheetData", Main);
            string[] headers = ["序号 No.", "严重程度 Severity", "代码 Code", "位置 Location", "问题 (中文)", "Problem (English)"];
            StartRow(w, 1);
            for (var c = 0; c < headers.Length; c++)
            {
                Text(w, 1, c + 1, headers[c], c >= 4 ? headerWrap : header);
            }

            w.WriteEndElement();
            var ordered = issues.Select((issue, index) => (issue, index)).OrderBy(x => x.issue.Severity).ThenBy(x => x.index).Select(x => x.issue).ToList();
            var row = 2;
            foreach (var issue in ordered)
            {
                StartRow(w, row);
                Number(w, row, 1, row - 1);
                Text(w, row, 2, $"{SeverityZh(issue.Severity)} {issue.Severity}", issue.Severity == Severity.Error ? error : warning);
                Text(w, row, 3, issue.Code, null);
                Text(w, row, 4, issue.Location, null);
                if (sheetNames.Contains(issue.Sheet) && TryParseA1(issue.Cell ?? "A1", out _, out _))
                {
                    links.Add((Ref(row, 4), $"'{issue.Sheet.Replace("'", "''", StringComparison.Ordinal)}'!{issue.Cell ?? "A1"}"));
                }

                Text(w, row, 5, issue.MessageZh, wrap);
                Text(w, row, 6, issue.MessageEn, wrap);
                w.WriteEndElement();
                row++;
            }

            if (ordered.Count == 0)
            {
                StartRow(w, 2);
                Text(w, 2, 5, "未发现问题。", wrap);
                Text(w, 2, 6, "No problems found.", wrap);
                w.WriteEndElement();
            }

            w.WriteEndElement();
            if (links.Count > 0)
            {
                w.WriteStartElement("hyperlinks", Main);
                foreach (var (cellRef, location) in links)
                {
                    w.WriteStartElement("hyperlink", Main);
                    w.WriteAttributeString("ref", cellRef);
                    w.WriteAttributeString("location", FeedbackWriter.XmlSafe(location));
                    w.WriteAttributeString("display", "转到该单元格 Go to the cell");
                    w.WriteEndElement();
                }

                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        return ms.ToArray();

        static void StartRow(XmlWriter w, int row)
        {
            w.WriteStartElement("row", Main);
            w.WriteAttributeString("r", row.ToString(CultureInfo.InvariantCulture));
        }

        static void Number(XmlWriter w, int row, int col, int value)
        {
            w.WriteStartElement("c", Main);
            w.WriteAttributeString("r", Ref(row, col));
            w.WriteElementString("v", Main, value.ToString(CultureInfo.InvariantCulture));
            w.WriteEndElement();
        }

        static void Text(XmlWriter w, int row, int col, string value, int? style)
        {
            w.WriteStartElement("c", Main);
            w.WriteAttributeString("r", Ref(row, col));
            if (style is { } s)
            {
                w.WriteAttributeString("s", s.ToString(CultureInfo.InvariantCulture));
            }

            w.WriteAttributeString("t", "inlineStr");
            w.WriteStartElement("is", Main);
            w.WriteStartElement("t", Main);
            w.WriteAttributeString("xml", "space", null, "preserve");
            w.WriteString(FeedbackWriter.XmlSafe(value));
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
        }
    }

    private static string CommentText(Mark mark)
    {
        var sb = new StringBuilder();
        foreach (var issue in mark.Issues)
        {
            if (sb.Length > 0)
            {
                sb.Append('\n');
            }

            sb.Append(FeedbackWriter.XmlSafe($"[{SeverityZh(issue.Severity)} {issue.Code}] {issue.MessageZh}"))
                .Append('\n')
                .Append(FeedbackWriter.XmlSafe($"[{issue.Severity}] {issue.MessageEn}"));
        }

        return sb.ToString();
    }

    private static readonly XNamespace V = "urn:schemas-microsoft-com:vml";
    private static readonly XNamespace O = "urn:schemas-microsoft-com:office:office";
    private static readonly XNamespace X = "urn:schemas-microsoft-com:office:excel";

    /// <summary>
    /// Excel gives every note shape a text box; LibreOffice leaves it out, and some readers (ClosedXML
    /// among them) then cannot open the workbook at all. The box is added where it is missing.
    /// </summary>
    private static bool AddTextBoxes(XElement vml)
    {
        var changed = false;
        foreach (var shape in vml.Elements(V + "shape").Where(sh => sh.Element(V + "textbox") is null))
        {
            var clientData = shape.Element(X + "ClientData");
            var box = new XElement(V + "textbox", new XAttribute("style", "mso-direction-alt:auto"), new XElement("div", new XAttribute("style", "text-align:left")));
            if (clientData is null)
            {
                shape.Add(box);
            }
            else
            {
                clientData.AddBeforeSelf(box);
            }

            changed = true;
        }

        return changed;
    }

    private static XDocument NewComments() =>
        new(new XDeclaration("1.0", "utf-8", "yes"), new XElement(M + "comments", new XElement(M + "authors"), new XElement(M + "commentList")));

    private static XDocument NewVml(int sheetNumber) =>
        new(new XElement("xml",
            new XAttribute(XNamespace.Xmlns + "v", V.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "o", O.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "x", X.NamespaceName),
            new XElement(O + "shapelayout", new XAttribute(V + "ext", "edit"), new XElement(O + "idmap", new XAttribute(V + "ext", "edit"), new XAttribute("data", sheetNumber)))));

    /// <summary>
    /// Adds each mark's messages to the comments part: below the text of a comment the cell already
    /// has, or as a new comment with its note box in the legacy drawing (hidden, anchored beside the
    /// cell, as Excel writes it; LibreOffice and WPS read the same shapes).
    /// </summary>
    private static void AddComments(XElement comments, XElement vml, List<Mark> marks, int sheetNumber)
    {
        var authors = comments.Element(M + "authors") ?? throw new InvalidDataException("comments without authors");
        var list = comments.Element(M + "commentList") ?? throw new InvalidDataException("comments without a list");
        var author = authors.Elements(M + "author").Select((a, i) => (a.Value, i)).FirstOrDefault(a => a.Value == "Metrics");
        if (author.Value is null)
        {
            authors.Add(new XElement(M + "author", "Metrics"));
            author = ("Metrics", authors.Elements(M + "author").Count() - 1);
        }

        if (!vml.Elements(V + "shapetype").Any(t => (string?)t.Attribute("id") == "_x0000_t202"))
        {
            vml.Add(new XElement(V + "shapetype",
                new XAttribute("id", "_x0000_t202"), new XAttribute("coordsize", "21600,21600"), new XAttribute(O + "spt", "202"), new XAttribute("path", "m,l,21600r21600,l21600,xe"),
                new XElement(V + "stroke", new XAttribute("joinstyle", "miter")),
                new XElement(V + "path", new XAttribute("gradientshapeok", "t"), new XAttribute(O + "connecttype", "rect"))));
        }

        AddTextBoxes(vml);

        var existing = list.Elements(M + "comment").ToDictionary(c => ((string?)c.Attribute("ref") ?? string.Empty).ToUpperInvariant(), StringComparer.Ordinal);
        var k = 0;
        foreach (var m in marks)
        {
            var text = CommentText(m);
            if (existing.TryGetValue(m.Address, out var old))
            {
                var body = old.Element(M + "text") ?? throw new InvalidDataException("comment without text");
                foreach (var bare in body.Elements(M + "t").ToList())
                {
                    bare.ReplaceWith(new XElement(M + "r", bare));
                }

                body.Add(new XElement(M + "r", new XElement(M + "t", new XAttribute(XNamespace.Xml + "space", "preserve"), "\n" + text)));
                continue;
            }

            list.Add(new XElement(M + "comment", new XAttribute("ref", m.Address), new XAttribute("authorId", author.i),
                new XElement(M + "text", new XElement(M + "r", new XElement(M + "t", new XAttribute(XNamespace.Xml + "space", "preserve"), text)))));
            k++;
            var lines = Math.Clamp(text.Count(c => c == '\n') + 1, 3, 12);
            vml.Add(new XElement(V + "shape",
                new XAttribute("id", "_x0000_s" + (((sheetNumber + 100) * 1024) + k).ToString(CultureInfo.InvariantCulture)),
                new XAttribute("type", "#_x0000_t202"),
                new XAttribute("style", FormattableString.Invariant($"position:absolute;margin-left:60pt;margin-top:2pt;width:240pt;height:{lines * 14}pt;z-index:{k};visibility:hidden")),
                new XAttribute("fillcolor", "#ffffe1"),
                new XAttribute(O + "insetmode", "auto"),
                new XElement(V + "fill", new XAttribute("color2", "#ffffe1")),
                new XElement(V + "shadow", new XAttribute("on", "t"), new XAttribute("color", "black"), new XAttribute("obscured", "t")),
                new XElement(V + "path", new XAttribute(O + "connecttype", "none")),
                new XElement(V + "textbox", new XAttribute("style", "mso-direction-alt:auto"), new XElement("div", new XAttribute("style", "text-align:left"))),
                new XElement(X + "ClientData", new XAttribute("ObjectType", "Note"),
                    new XElement(X + "MoveWithCells"),
                    new XElement(X + "SizeWithCells"),
                    new XElement(X + "Anchor", FormattableString.Invariant($"{m.Column}, 15, {m.Row - 1}, 2, {m.Column + 4}, 15, {m.Row - 1 + lines}, 4")),
                    new XElement(X + "AutoFill", "False"),
                    new XElement(X + "Row", m.Row - 1),
                    new XElement(X + "Column", m.Column - 1))));
        }
    }

    private static XDocument? Load(Dictionary<string, ZipArchiveEntry> entries, string path)
    {
        if (!entries.TryGetValue(path, out var entry))
        {
            return null;
        }

        using var stream = entry.Open();
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        return XDocument.Load(reader);
    }

    private static byte[] Save(XDocument doc)
    {
        using var ms = new MemoryStream();
        using (var w = XmlWriter.Create(ms, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            doc.Save(w);
        }

        return ms.ToArray();
    }

    /// <summary>A relationship target as a package path (targets are relative to the source's folder unless they start with '/').</summary>
    private static string Resolve(string folder, string target)
    {
        if (target.StartsWith('/'))
        {
            return target[1..];
        }

        var parts = new List<string>(folder.Split('/', StringSplitOptions.RemoveEmptyEntries));
        foreach (var part in target.Split('/'))
        {
            if (part == "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part is not ("." or ""))
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }

    private static string RelsPathOf(string part)
    {
        var slash = part.LastIndexOf('/');
        return part[..(slash + 1)] + "_rels/" + part[(slash + 1)..] + ".rels";
    }

    /// <summary>Parses an A1 address (no sheet, no $) within Excel's grid.</summary>
    internal static bool TryParseA1(string address, out int row, out int col)
    {
        row = 0;
        col = 0;
        var i = 0;
        while (i < address.Length && char.IsAsciiLetter(address[i]) && i < 3)
        {
            col = (col * 26) + (char.ToUpperInvariant(address[i]) - 'A' + 1);
            i++;
        }

        if (i == 0 || i == address.Length || address[i] == '0')
        {
            return false;
        }

        for (; i < address.Length; i++)
        {
            if (!char.IsAsciiDigit(address[i]) || row > 1_048_576)
            {
                return false;
            }

            row = (row * 10) + (address[i] - '0');
        }

        return row is >= 1 and <= 1_048_576 && col is >= 1 and <= 16_384;
    }

    private static string ColumnName(int col)
    {
        var name = string.Empty;
        while (col > 0)
        {
            var rem = (col - 1) % 26;
            name = (char)('A' + rem) + name;
            col = (col - 1) / 26;
        }

        return name;
    }

    private static string Ref(int row, int col) => ColumnName(col) + row.ToString(CultureInfo.InvariantCulture);

    private static string SeverityZh(Severity s) => s == Severity.Error ? "错误" : "警告";

    private sealed record Mark(int Row, int Column, string Address, Severity Severity, IReadOnlyList<ValidationIssue> Issues);

    /// <summary>The workbook's style table, grown by copies of cell styles with the marking fills.</summary>
    private sealed class StyleTable
    {
        private readonly XElement cellXfs;
        private readonly XElement fills;
        private readonly XElement fonts;
        private readonly List<XElement> xfs;
        private readonly Dictionary<(int, Severity), int> marked = [];
        private readonly Dictionary<string, int> fillIds = new(StringComparer.Ordinal);
        private readonly Dictionary<(string?, bool, bool), int> plain = [];
        private int? boldFont;

        public StyleTable(XDocument styles)
        {
            var root = styles.Root!;
            fills = root.Element(M + "fills") ?? throw new InvalidDataException("styles.xml has no fills");
            fonts = root.Element(M + "fonts") ?? throw new InvalidDataException("styles.xml has no fonts");
            cellXfs = root.Element(M + "cellXfs") ?? throw new InvalidDataException("styles.xml has no cellXfs");
            xfs = [.. cellXfs.Elements(M + "xf")];
            if (xfs.Count == 0)
            {
                throw new InvalidDataException("styles.xml has no cell formats");
            }
        }

        /// <summary>The index of style <paramref name="old"/> with the fill of <paramref name="severity"/>.</summary>
        public int Marked(int old, Severity severity)
        {
            if (old < 0 || old >= xfs.Count)
            {
                old = 0;
            }

            if (!marked.TryGetValue((old, severity), out var index))
            {
                var copy = new XElement(xfs[old]);
                copy.SetAttributeValue("fillId", Fill(severity == Severity.Error ? FeedbackWriter.ErrorFillArgb : FeedbackWriter.WarningFillArgb));
                copy.SetAttributeValue("applyFill", 1);
                index = Add(copy);
                marked[(old, severity)] = index;
            }

            return index;
        }

        /// <summary>A style on the default font for the issues sheet: an optional fill, bold, wrapped text.</summary>
        public int Plain(string? fillArgb, bool bold, bool wrap)
        {
            if (plain.TryGetValue((fillArgb, bold, wrap), out var index))
            {
                return index;
            }

            var xf = new XElement(M + "xf", new XAttribute("numFmtId", 0), new XAttribute("fontId", bold ? BoldFont() : 0), new XAttribute("fillId", fillArgb is null ? 0 : Fill(fillArgb)), new XAttribute("borderId", 0), new XAttribute("xfId", 0));
            if (bold)
            {
                xf.SetAttributeValue("applyFont", 1);
            }

            if (fillArgb is not null)
            {
                xf.SetAttributeValue("applyFill", 1);
            }

            if (wrap)
            {
                xf.SetAttributeValue("applyAlignment", 1);
                xf.Add(new XElement(M + "alignment", new XAttribute("wrapText", 1)));
            }

            index = Add(xf);
            plain[(fillArgb, bold, wrap)] = index;
            return index;
        }

        private int Add(XElement xf)
        {
            cellXfs.Add(xf);
            xfs.Add(xf);
            cellXfs.SetAttributeValue("count", xfs.Count);
            return xfs.Count - 1;
        }

        private int Fill(string argb)
        {
            if (!fillIds.TryGetValue(argb, out var id))
            {
                fills.Add(new XElement(M + "fill", new XElement(M + "patternFill", new XAttribute("patternType", "solid"), new XElement(M + "fgColor", new XAttribute("rgb", argb)), new XElement(M + "bgColor", new XAttribute("indexed", 64)))));
                id = fills.Elements(M + "fill").Count() - 1;
                fills.SetAttributeValue("count", id + 1);
                fillIds[argb] = id;
            }

            return id;
        }

        private int BoldFont()
        {
            if (boldFont is { } id)
            {
                return id;
            }

            var font = new XElement(fonts.Elements(M + "font").First());
            font.Elements(M + "b").Remove();
            font.AddFirst(new XElement(M + "b"));
            fonts.Add(font);
            boldFont = fonts.Elements(M + "font").Count() - 1;
            fonts.SetAttributeValue("count", boldFont + 1);
            return boldFont.Value;
        }
    }
}
