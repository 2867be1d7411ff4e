namespace Metrics.Cli.Commands;

/// <summary>
/// The folders a bench run writes into, all removed when the run ends rather than after each
/// timed step. On ext4 without a journal (this project's build machines), creating a file passes
/// over every inode freed in the last half minute or so, reading each one's inode-table block
/// (<c>recently_deleted</c>); deleting a round's few thousand output files right before the next
/// timed run made that run spend about an eighth of its CPU in the kernel looking for a fresh inode.
/// The timed programs should pay for their own files, not for the bench's cleanup.
/// </summary>
internal sealed class BenchScratch : IDisposable
{
    private readonly List<DirectoryInfo> folders = [];

    /// <summary>A new empty folder, removed with the others at <see cref="Dispose"/>.</summary>
    public DirectoryInfo Folder(string prefix)
    {
        var folder = Directory.CreateTempSubdirectory(prefix);
        folders.Add(folder);
        return folder;
    }

    /// <summary>
    /// Writes the bench's own pending files (the generated batch, earlier rounds' outputs) to disk before a timed
    /// step, so the kernel's background write-back of them does not take CPU from the program being timed. What a
    /// timed program writes itself stays in its own figures. Does nothing where there is no <c>sync</c>.
    /// </summary>
    public static void Settle()
    {
        try
        {
            using var sync = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sync") { UseShellExecute = false });
            sync?.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No sync program (Windows): the figures are taken as they come.
        }
    }

    public void Dispose()
    {
        foreach (var folder in folders)
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A folder held open elsewhere stays in the temp folder; the figures are unaffected.
            }
        }

        folders.Clear();
    }
}
