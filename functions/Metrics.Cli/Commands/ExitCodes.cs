namespace Metrics.Cli.Commands;

/// <summary>
/// Exit codes of <c>metrics</c>, so scripts can tell a county's bad workbook from their own mistake.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Everything done; every workbook accepted.</summary>
    public const int Ok = 0;

    /// <summary>An internal error (a defect, or storage that cannot be reached).</summary>
    public const int Internal = 1;

    /// <summary>A workbook was rejected by validation: its validation files say why.</summary>
    public const int Rejected = 2;

    /// <summary>The command line or the configuration is wrong (a missing file, an unknown profile or option, a role that grants nothing, an unusable Metrics:* setting): EX_USAGE of sysexits.h.</summary>
    public const int Usage = 64;

    /// <summary>Text for --help.</summary>
    public const string Help = "Exit codes: 0 done (all accepted), 2 a workbook was rejected, 64 usage error (missing file, unknown profile or option), 1 internal error.";
}
