namespace Metrics.Infra.Tests;

/// <summary>
/// infra/main.bicep (and every module it uses) compiles and lints with no warning or error. Rules
/// that are relaxed are relaxed in infra/bicepconfig.json, each with its reason.
/// </summary>
public class BicepLintTests
{
    [Fact]
    public void Build_MainBicep_SucceedsWithoutDiagnostics()
    {
        var run = Bicep.Build;

        Assert.True(run.ExitCode == 0, $"bicep build exited {run.ExitCode}:\n{run.StdErr}");
        Assert.Empty(run.Diagnostics);
        Assert.StartsWith("{", run.StdOut.TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_MainBicep_ReportsNoWarningOrError()
    {
        var run = Bicep.Lint;

        Assert.True(run.ExitCode == 0, $"bicep lint exited {run.ExitCode}:\n{run.StdErr}{run.StdOut}");
        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void BicepConfig_InInfra_IsTheOneTheLinterUses()
    {
        // A relaxed rule must be relaxed here, in the file next to main.bicep, not somewhere above it.
        Assert.True(File.Exists(Repository.PathOf("infra", "bicepconfig.json")));
        Assert.False(File.Exists(Repository.PathOf("bicepconfig.json")));
    }
}
