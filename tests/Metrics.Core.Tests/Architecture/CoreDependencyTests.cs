using System.Reflection;
using Metrics.Core.Scoring;

namespace Metrics.Core.Tests.Architecture;

public class CoreDependencyTests
{
    private static readonly string[] Forbidden =
    [
        "Azure", "ClosedXML", "DocumentFormat.OpenXml", "MiniExcel", "ExcelDataReader",
        "Microsoft.Extensions.Hosting", "Microsoft.AspNetCore", "Microsoft.Azure.Functions", "System.Net.Http",
    ];

    [Fact]
    public void CoreAssembly_References_NoStorageExcelOrHostingAssembly()
    {
        var core = typeof(CountyScorer).Assembly;
        var offending = core.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => Forbidden.Any(f => name.StartsWith(f, StringComparison.Ordinal)))
            .ToArray();

        Assert.Empty(offending);
    }

    [Fact]
    public void CoreAssembly_UsesNoFileOrNetworkApis()
    {
        // Core is pure: it gets text and records from adapters and returns records. A type from
        // System.IO.File* or System.Net in any member signature or field would mean I/O leaked in.
        var core = typeof(CountyScorer).Assembly;
        var ioTypes = new[] { typeof(File), typeof(FileInfo), typeof(FileStream), typeof(Directory) };
        var leaks = core.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic).Select(f => f.FieldType)
                .Concat(t.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                    .SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType))))
            .Where(t => ioTypes.Contains(t) || (t.Namespace?.StartsWith("System.Net", StringComparison.Ordinal) ?? false))
            .ToArray();

        Assert.Empty(leaks);
    }
}
