namespace Analytics.Jobs.Connectors.Git;

/// <summary>
/// A git source's location: the repository path, and the path globs of the files that count as documentation.
/// Stored as one string in SourceSystem.Location ("/repos/handbook|include=*.md;docs/**") so that a scheduled
/// sync reads the same files as the import that created the source.
/// </summary>
public sealed record GitLocation(string Repository, IReadOnlyList<string> Include)
{
    private const string IncludeMarker = "|include=";

    /// <summary>Documentation by default: markup files anywhere, and everything under docs/ or doc/.</summary>
    public static IReadOnlyList<string> DefaultInclude { get; } =
        ["*.md", "*.markdown", "*.mdx", "*.rst", "*.adoc", "*.asciidoc", "docs/**", "doc/**"];

    public static GitLocation Parse(string location)
    {
        var marker = location.LastIndexOf(IncludeMarker, StringComparison.Ordinal);
        if (marker < 0)
            return new GitLocation(location, DefaultInclude);
        var globs = location[(marker + IncludeMarker.Length)..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new GitLocation(location[..marker], globs.Length == 0 ? DefaultInclude : globs);
    }

    public override string ToString() =>
        Include.SequenceEqual(DefaultInclude) ? Repository : $"{Repository}{IncludeMarker}{string.Join(';', Include)}";

    /// <summary>The location the command line stores for a path and its --include globs (none: the defaults).</summary>
    public static string Format(string repository, IReadOnlyList<string> include) =>
        new GitLocation(repository, include.Count == 0 ? DefaultInclude : [.. include.SelectMany(g => g.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))]).ToString();
}
