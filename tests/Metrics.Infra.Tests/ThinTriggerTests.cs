using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Metrics.Infra.Tests;

/// <summary>
/// Metrics.Functions stays a thin adapter: each trigger translates its input into one pipeline call.
/// Parsing, validation and statistics live in the pipeline and below, where they are tested.
/// </summary>
public class ThinTriggerTests
{
    private const int MaxLines = 20;

    private static readonly string[] ForbiddenNamespaceRoots =
        ["ClosedXML", "MiniExcel", "ExcelDataReader", "DocumentFormat", "MathNet", "OxyPlot"];

    private static readonly string[] ForbiddenNamespaces =
        ["Metrics.Core.Statistics", "Metrics.Core.Scoring", "Metrics.Excel", "Metrics.Reports"];

    private static readonly string[] ExpectedFunctions =
    [
        "IngestSubmission", "YearlyRollup", "RunRollup", "Template", "UploadSubmission",
        "SubmissionStatus", "DownloadScorecard", "DownloadRollup", "ListCounties", "Portal",
        "Me", "DownloadValidation", "OpenApi",
    ];

    [Fact]
    public void Functions_AreExactlyTheOnesTheDesignNames()
    {
        var names = FunctionsSource.FunctionMethods.Select(FunctionsSource.FunctionName).Order(StringComparer.Ordinal);

        Assert.Equal(ExpectedFunctions.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public void EveryFunctionMethodBody_IsAtMostTwentyLines()
    {
        var tooLong = FunctionsSource.FunctionMethods
            .Select(m => (Method: m, Lines: FunctionsSource.LineCount((SyntaxNode?)m.Body ?? m.ExpressionBody!)))
            .Where(x => x.Lines > MaxLines)
            .Select(x => $"{FunctionsSource.Where(x.Method)} {x.Method.Identifier.Text}: {x.Lines} lines");

        Assert.Empty(tooLong);
    }

    [Fact]
    public void EveryFunctionClass_IsAtMostTwentyLines()
    {
        var tooLong = FunctionsSource.FunctionClasses
            .Select(c => (Class: c, Lines: FunctionsSource.LineCount(c)))
            .Where(x => x.Lines > MaxLines)
            .Select(x => $"{FunctionsSource.Where(x.Class)} {x.Class.Identifier.Text}: {x.Lines} lines");

        Assert.Empty(tooLong);
    }

    [Fact]
    public void EveryFunctionClass_HasOneFunctionAndInjectsALogger()
    {
        foreach (var type in FunctionsSource.FunctionClasses)
        {
            var functions = type.Members.OfType<MethodDeclarationSyntax>().Count(m => FunctionsSource.HasAttribute(m.AttributeLists, "Function"));
            Assert.True(functions == 1, $"{type.Identifier.Text} declares {functions} functions.");

            var parameters = type.ParameterList?.Parameters.Select(p => p.Type!.ToString()).ToArray() ?? [];
            Assert.Contains($"ILogger<{type.Identifier.Text}>", parameters);
        }
    }

    [Fact]
    public void AsyncFunctions_TakeAndPassACancellationToken()
    {
        foreach (var method in FunctionsSource.FunctionMethods.Where(m => m.Modifiers.Any(SyntaxKind.AsyncKeyword)))
        {
            var token = method.ParameterList.Parameters.SingleOrDefault(p => p.Type?.ToString() == "CancellationToken");
            Assert.True(token is not null, $"{FunctionsSource.Where(method)} takes no CancellationToken.");

            var passed = method.Body!.DescendantNodes().OfType<ArgumentSyntax>().Any(a => a.Expression.ToString() == token!.Identifier.Text);
            Assert.True(passed, $"{FunctionsSource.Where(method)} does not pass its CancellationToken on.");
        }
    }

    [Fact]
    public void HttpFunctions_AreAnonymousBehindAppServiceAuthentication()
    {
        foreach (var method in FunctionsSource.FunctionMethods)
        {
            var http = FunctionsSource.ParameterAttribute(method, "HttpTrigger");
            if (http is not null)
            {
                Assert.Equal("AuthorizationLevel.Anonymous", http.ArgumentList!.Arguments[0].ToString());
            }
        }
    }

    [Fact]
    public void NoSource_ReferencesExcelChartOrStatisticsNamespaces()
    {
        var offending = FunctionsSource.Files
            .SelectMany(tree => tree.GetRoot().DescendantNodes()
                .Where(n => n is UsingDirectiveSyntax or QualifiedNameSyntax or MemberAccessExpressionSyntax or IdentifierNameSyntax)
                .Select(n => (Tree: tree, Text: n is UsingDirectiveSyntax u ? u.Name?.ToString() ?? "" : n.ToString())))
            .Where(x => ForbiddenNamespaceRoots.Any(root => x.Text == root || x.Text.StartsWith(root + ".", StringComparison.Ordinal))
                || ForbiddenNamespaces.Any(ns => x.Text == ns || x.Text.StartsWith(ns + ".", StringComparison.Ordinal)))
            .Select(x => $"{Path.GetFileName(x.Tree.FilePath)}: {x.Text}")
            .Distinct()
            .ToArray();

        Assert.Empty(offending);
    }

    [Fact]
    public void Project_ReferencesOnlyThePipelineAndTheWorkerPackages()
    {
        var project = XDocument.Load(Path.Combine(FunctionsSource.ProjectDirectory, "Metrics.Functions.csproj"));
        var projects = project.Descendants("ProjectReference").Select(e => (string)e.Attribute("Include")!).ToArray();
        var packages = project.Descendants("PackageReference").Select(e => (string)e.Attribute("Include")!).ToArray();

        Assert.Equal(new[] { @"..\Metrics.Pipeline\Metrics.Pipeline.csproj" }, projects);
        Assert.All(packages, p => Assert.True(
            p.StartsWith("Microsoft.Azure.Functions.Worker", StringComparison.Ordinal) || p == "Microsoft.ApplicationInsights.WorkerService",
            $"Unexpected package {p}."));
        Assert.All(project.Descendants("PackageReference"), e => Assert.Null(e.Attribute("Version")));
    }

    [Fact]
    public void NoSource_ReadsEnvironmentOrBuildsItsOwnStorageClients()
    {
        var offending = FunctionsSource.Files
            .SelectMany(tree => tree.GetRoot().DescendantNodes())
            .Where(n => n is MemberAccessExpressionSyntax { Name.Identifier.Text: "GetEnvironmentVariable" }
                || n is ObjectCreationExpressionSyntax creation && creation.Type.ToString().EndsWith("Client", StringComparison.Ordinal))
            .Select(n => $"{FunctionsSource.Where(n)}: {n}")
            .ToArray();

        Assert.Empty(offending);
    }

    [Fact]
    public void Program_IsACompositionRootOnly()
    {
        var program = FunctionsSource.Files.Single(t => Path.GetFileName(t.FilePath) == "Program.cs").GetRoot();
        var text = program.ToString();

        Assert.Empty(program.DescendantNodes().OfType<TypeDeclarationSyntax>());
        Assert.Contains("FunctionsApplication.CreateBuilder(args)", text, StringComparison.Ordinal);
        Assert.Contains("ConfigureFunctionsWebApplication()", text, StringComparison.Ordinal);
        Assert.Contains("AddApplicationInsightsTelemetryWorkerService()", text, StringComparison.Ordinal);
        Assert.Contains("AddMetricsPipeline(builder.Configuration)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Logging_IsSourceGenerated()
    {
        var logCalls = FunctionsSource.Files.SelectMany(t => t.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
            .Where(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.Text: var name }
                && name is "LogInformation" or "LogWarning" or "LogError" or "LogDebug" or "LogTrace" or "LogCritical")
            .Select(i => $"{FunctionsSource.Where(i)}: {i}")
            .ToArray();

        Assert.Empty(logCalls);
        Assert.Contains(FunctionsSource.Files, t => t.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Any(m => FunctionsSource.HasAttribute(m.AttributeLists, "LoggerMessage")));
    }
}
