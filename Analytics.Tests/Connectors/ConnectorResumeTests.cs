using System.Globalization;
using System.Text;
using Analytics.Jobs.Connectors.Git;
using Analytics.Jobs.Connectors.MediaWiki;
using Analytics.Jobs.Ingestion.Runner;
using Analytics.Tests.Connectors.Git;
using Analytics.Tests.Ingestion;

namespace Analytics.Tests.Connectors;

/// <summary>
/// A run cancelled after a batch that ends inside a page or a commit, then run again, ends where one
/// uninterrupted run ends: the cursor only moves past a page or commit once all its records are committed.
/// </summary>
public sealed class ConnectorResumeTests
{
    [Fact]
    public async Task A_cancelled_mediawiki_import_resumes_without_losing_revisions_of_a_half_committed_page()
    {
        var path = Path.Combine(Path.GetTempPath(), "analytics-tests", $"wiki-{Guid.NewGuid():N}.xml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, Export(pages: 150, revisionsPerPage: 3));
        try
        {
            await AssertResumesAsync(MediaWikiConnector.KindName, path, total: 450);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_cancelled_git_import_resumes_without_losing_files_of_a_half_committed_commit()
    {
        using var repo = new GitRepositoryBuilder();
        for (var i = 0; i < 40; i++)
        {
            foreach (var file in new[] { "a.md", "b.md", "c.md" })
                repo.Write($"docs/{file}", string.Create(CultureInfo.InvariantCulture, $"version {i}\n"));
            repo.Commit("Alice", "alice@example.com", string.Create(CultureInfo.InvariantCulture, $"Change {i}"));
        }

        await AssertResumesAsync(GitConnector.KindName, repo.Path, total: 120);
    }

    private static async Task AssertResumesAsync(string kind, string path, int total)
    {
        await using var reference = await IngestionHost.CreateAsync(batchSize: 100);
        await reference.ImportAsync(kind, path);

        await using var interrupted = await IngestionHost.CreateAsync(batchSize: 100);
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            interrupted.ImportAsync(kind, path, progress: new CancelOnFirstBatch(cancel), ct: cancel.Token));
        var partial = (await interrupted.CountsAsync()).Activities;
        Assert.Equal(100, partial);

        var rerun = await interrupted.ImportAsync(kind, path);

        Assert.Equal(total - partial, rerun.Inserted);
        Assert.Equal(total, (await interrupted.CountsAsync()).Activities);
        Assert.Equal(await ConnectorFixtures.ActivitiesAsync(reference), await ConnectorFixtures.ActivitiesAsync(interrupted));
    }

    private sealed class CancelOnFirstBatch(CancellationTokenSource cancel) : IProgress<IngestionProgress>
    {
        public void Report(IngestionProgress value) => cancel.Cancel();
    }

    private static string Export(int pages, int revisionsPerPage)
    {
        var xml = new StringBuilder("""<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10" xml:lang="en">""").Append('\n');
        var revision = 0;
        for (var page = 1; page <= pages; page++)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<page><title>Page {page}</title><ns>0</ns><id>{page}</id>\n");
            for (var r = 0; r < revisionsPerPage; r++)
            {
                revision++;
                var parent = r == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"<parentid>{revision - 1}</parentid>");
                xml.Append(CultureInfo.InvariantCulture,
                    $"<revision><id>{revision}</id>{parent}<timestamp>2026-10-01T09:{r:00}:00Z</timestamp><contributor><username>User{r}</username><id>{r + 1}</id></contributor><text xml:space=\"preserve\">v{r}</text></revision>\n");
            }

            xml.Append("</page>\n");
        }

        return xml.Append("</mediawiki>\n").ToString();
    }
}
