namespace Metrics.Cli.Tests;

/// <summary>How the browser test gets its Chromium, without touching this machine's packages.</summary>
public sealed class ChromiumTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("metrics-chromium-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Missing => Path.Combine(folder, "chromium");

    private static Task<string> MustNotInstall(string aptGet) => throw new InvalidOperationException("must not install");

    [Fact]
    public async Task Present_IsUsedAndNothingIsInstalled()
    {
        File.WriteAllText(Missing, "");

        Assert.Equal(Missing, await Chromium.EnsureAsync(null, Missing, isRoot: true, aptGet: "/usr/bin/apt-get", MustNotInstall));
    }

    [Fact]
    public async Task Missing_AsRootWithApt_InstallsDebiansPackage()
    {
        string? used = null;

        var path = await Chromium.EnsureAsync(null, Missing, isRoot: true, aptGet: "/usr/bin/apt-get", apt =>
        {
            used = apt;
            File.WriteAllText(Missing, ""); // what the package would put there
            return Task.FromResult("ok");
        });

        Assert.Equal("/usr/bin/apt-get", used);
        Assert.Equal(Missing, path);
    }

    [Fact]
    public async Task Missing_NotRoot_SaysExactlyWhatToDo()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Chromium.EnsureAsync(null, Missing, isRoot: false, aptGet: "/usr/bin/apt-get", MustNotInstall));

        Assert.Contains("sudo apt-get update && sudo apt-get install -y chromium", e.Message, StringComparison.Ordinal);
        Assert.Contains("CHROMIUM=", e.Message, StringComparison.Ordinal);
        Assert.Contains("not root", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredButMissing_IsAnErrorNotAnInstall()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Chromium.EnsureAsync(Missing, "/nonexistent", isRoot: true, aptGet: "/usr/bin/apt-get", MustNotInstall));

        Assert.Contains(Missing, e.Message, StringComparison.Ordinal);
    }
}
