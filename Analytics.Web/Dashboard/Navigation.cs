namespace Analytics.Web.Dashboard;

/// <summary>Which menu entry a request belongs to, for aria-current in the header.</summary>
public static class Navigation
{
    /// <summary>
    /// True when <paramref name="path"/> is the entry's page or a page under it (/People/61 belongs to People,
    /// /Recognition/Audit to Recognition). The start page "/" matches itself only, or it would match everything.
    /// </summary>
    public static bool IsCurrent(string path, string href)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(href);
        if (href == "/")
            return path is "/" or "" || path.Equals("/Index", StringComparison.OrdinalIgnoreCase);
        var trimmed = path.TrimEnd('/');
        return trimmed.Equals(href, StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith(href + "/", StringComparison.OrdinalIgnoreCase);
    }
}
