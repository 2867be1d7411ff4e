using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Metrics.Infra.Tests;

/// <summary>
/// Metrics.Functions cannot be built here (its worker packages are absent from the NuGet copy), so
/// this compiles its source with Roslyn against the real Metrics.Pipeline, ASP.NET Core and Azure
/// Storage assemblies plus a hand-written stub of the worker API (WorkerApi/WorkerApiStub.cs.txt).
/// It catches the adapter drifting from the pipeline it calls.
/// </summary>
public class FunctionsCompileTests
{
    [Fact]
    public void FunctionsSource_CompilesAgainstThePipelineAndTheWorkerApi()
    {
        var trees = FunctionsSource.Files
            .Append(CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "WorkerApi", "WorkerApiStub.cs.txt")), path: "WorkerApiStub.cs"))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, path: "GlobalUsings.cs"))
            .ToArray();
        // Metrics.Pipeline is referenced by this test project only so that it is built and on this list.
        _ = typeof(Metrics.Pipeline.Ingest.IngestService);
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => !p.Contains("xunit", StringComparison.OrdinalIgnoreCase))
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            "Metrics.Functions.Check",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        var errors = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            // The [LoggerMessage] source generator is not run here, so its partial methods have no body.
            .Where(d => d.Id != "CS8795")
            .Select(d => d.ToString())
            .ToArray();

        Assert.True(errors.Length == 0, string.Join("\n", errors));
    }

    // What <ImplicitUsings> and the project's <Using> items add in a real build of Metrics.Functions.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using ExecutionContext = System.Threading.ExecutionContext;
        """;
}
