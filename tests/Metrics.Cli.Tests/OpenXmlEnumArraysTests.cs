using Metrics.Cli.Hosting;

namespace Metrics.Cli.Tests;

/// <summary>
/// The native build can use the Open XML SDK's enums only through the arrays the CLI names
/// (<see cref="OpenXmlEnumArrays"/>); after a package update the list must be regenerated, and this says so.
/// </summary>
public class OpenXmlEnumArraysTests
{
    [Fact]
    public void Every_public_enum_of_the_package_has_its_array_named()
    {
        var package = typeof(DocumentFormat.OpenXml.OpenXmlElement).Assembly;
        var enums = package.GetExportedTypes().Where(t => t.IsEnum).ToHashSet();
        var named = OpenXmlEnumArrays.All().Select(a => a.GetType().GetElementType()!).ToHashSet();

        // DocumentFormat.OpenXml 2.20.0 has 600 public enums, CellValues (what ClosedXML failed on) among them.
        Assert.Contains(typeof(DocumentFormat.OpenXml.Spreadsheet.CellValues), named);
        Assert.Empty(enums.Except(named).Select(t => t.FullName));
        Assert.Empty(named.Except(enums).Select(t => t.FullName));
    }
}
