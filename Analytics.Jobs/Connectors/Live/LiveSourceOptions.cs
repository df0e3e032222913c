using System.ComponentModel.DataAnnotations;

namespace Analytics.Jobs.Connectors.Live;

/// <summary>
/// One live source, configured under <c>LiveSources:{name}</c> (appsettings, or environment variables such as
/// <c>LiveSources__github__Token</c>). The name is the source's name; the base address is stored as its location and
/// shown on the Sources page; the credentials stay in configuration and are never stored, logged or shown.
/// </summary>
public sealed class LiveSourceOptions : IValidatableObject
{
    public const string Section = "LiveSources";

    /// <summary>Connector kind: xapi, github or confluence.</summary>
    [Required] public string Kind { get; set; } = "";

    /// <summary>The API root: the LRS's xAPI endpoint, https://api.github.com/, https://SITE.atlassian.net/wiki/.</summary>
    [Required] public Uri? BaseUrl { get; set; }

    /// <summary>Cron of the scheduled sync (Jobs:TimeZone); empty means CLI and "Sync now" only.</summary>
    public string? Schedule { get; set; }

    /// <summary>Bearer token (GitHub).</summary>
    public string? Token { get; set; }

    /// <summary>Basic authentication user (xAPI LRS key) with <see cref="Password"/> (its secret).</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>How far before the stored cursor an incremental sync starts again, so late edits are not missed.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")] public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(10);

    [Range(1, 1000)] public int PageSize { get; set; } = 100;

    /// <summary>Retries of a 5xx, 408 or timed-out request, with exponential back-off and jitter from <see cref="RetryDelay"/>.</summary>
    [Range(0, 10)] public int MaxRetries { get; set; } = 4;

    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")] public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")] public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The longest single wait a rate limit may impose (GitHub resets hourly); a longer demand stops the run.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "02:00:00")] public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rate-limit waits in a row for one request before the run stops.</summary>
    [Range(1, 100)] public int MaxRateLimitWaitsPerRequest { get; set; } = 5;

    /// <summary>GitHub: repositories as owner/name.</summary>
    public List<string> Repositories { get; set; } = [];

    /// <summary>GitHub: organisations whose repositories are all read.</summary>
    public List<string> Organisations { get; set; } = [];

    /// <summary>
    /// GitHub: read discussions (GraphQL, which needs a Token even for public repositories). Unset: read them when a Token
    /// is given; false: never.
    /// </summary>
    public bool? Discussions { get; set; }

    /// <summary>GitHub: read documentation commits (the commits listing and each commit's files; ADR 1913).</summary>
    public bool Commits { get; set; } = true;

    /// <summary>
    /// GitHub: the path globs of the files whose commits count as documentation, as the git connector's --include; empty
    /// means the git connector's default (GitLocation.DefaultInclude).
    /// </summary>
    public List<string> DocumentationPaths { get; set; } = [];

    /// <summary>Confluence: space keys to read; empty reads every space the account can read.</summary>
    public List<string> Spaces { get; set; } = [];

    /// <summary>
    /// Confluence: <c>cloud</c> (REST v2, the default) or <c>datacenter</c> (Confluence Data Center/Server REST API: no likes,
    /// no page views; ADR 1914).
    /// </summary>
    public string Flavour { get; set; } = ConfluenceFlavours.Cloud;

    /// <summary>Confluence: ask the analytics API for page views (an instance without it is said once on the run, not an error).</summary>
    public bool PageViews { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BaseUrl is not null && (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttps && BaseUrl.Scheme != Uri.UriSchemeHttp)))
            yield return new ValidationResult("BaseUrl must be an absolute http(s) address.", [nameof(BaseUrl)]);
        if (!LiveSourceKinds.All.Contains(Kind))
            yield return new ValidationResult($"Kind must be one of {string.Join(", ", LiveSourceKinds.All)}.", [nameof(Kind)]);
        if (Token is not null && (Username is not null || Password is not null))
            yield return new ValidationResult("Give either Token or Username and Password, not both.", [nameof(Token)]);
        if ((Username is null) != (Password is null))
            yield return new ValidationResult("Username and Password go together.", [nameof(Username)]);
        if (Kind == LiveSourceKinds.GitHub && Repositories.Count == 0 && Organisations.Count == 0)
            yield return new ValidationResult("A GitHub source needs Repositories (owner/name) or Organisations.", [nameof(Repositories)]);
        if (Organisations.Any(string.IsNullOrWhiteSpace) || Repositories.Any(string.IsNullOrWhiteSpace))
            yield return new ValidationResult("Repositories and Organisations may not hold empty entries.", [nameof(Organisations)]);
        if (Kind == LiveSourceKinds.GitHub && Discussions == true && string.IsNullOrEmpty(Token))
            yield return new ValidationResult("GitHub discussions are read over GraphQL, which needs a Token even for public repositories: give a Token or set Discussions to false.", [nameof(Discussions)]);
        if (DocumentationPaths.Any(string.IsNullOrWhiteSpace))
            yield return new ValidationResult("DocumentationPaths may not hold empty entries.", [nameof(DocumentationPaths)]);
        if (!ConfluenceFlavours.All.Contains(Flavour, StringComparer.Ordinal))
            yield return new ValidationResult($"Flavour must be one of {string.Join(", ", ConfluenceFlavours.All)}.", [nameof(Flavour)]);
        if (Spaces.Any(string.IsNullOrWhiteSpace))
            yield return new ValidationResult("Spaces may not hold empty entries.", [nameof(Spaces)]);
        foreach (var repository in Repositories.Where(r => r is not null && r.Split('/') is not [{ Length: > 0 }, { Length: > 0 }]))
            yield return new ValidationResult($"Repository '{repository}' is not owner/name.", [nameof(Repositories)]);
    }
}

/// <summary>The two Confluence products, whose REST APIs differ in every request the connector makes.</summary>
public static class ConfluenceFlavours
{
    public const string Cloud = "cloud";
    public const string DataCenter = "datacenter";
    public static IReadOnlyList<string> All { get; } = [Cloud, DataCenter];
}

/// <summary>The kinds of live source and the named HttpClient of each configured source.</summary>
public static class LiveSourceKinds
{
    public const string Xapi = "xapi";
    public const string GitHub = "github";
    public const string Confluence = "confluence";
    public static IReadOnlyList<string> All { get; } = [Xapi, GitHub, Confluence];

    public static string HttpClientName(string sourceName) => "live-source:" + sourceName;
}
