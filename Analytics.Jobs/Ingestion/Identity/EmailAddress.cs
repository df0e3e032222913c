namespace Analytics.Jobs.Ingestion.Identity;

/// <summary>E-mails are stored lower-case so that matching is case-insensitive on SQLite and SQL Server alike.</summary>
public static class EmailAddress
{
    public static string? Normalise(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
            return null;
        var trimmed = email.Trim();
        var at = trimmed.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == trimmed.Length - 1 || trimmed.IndexOf('@', at + 1) >= 0 || trimmed.Any(char.IsWhiteSpace))
            return null;
        return trimmed.ToLowerInvariant();
    }

    public static bool LooksLikeEmail(string? value) => Normalise(value) is not null;
}
