namespace Analytics.Jobs.Ingestion.Identity;

/// <summary>
/// Recognises automation accounts by the names the common platforms give them ("dependabot[bot]",
/// "ci-bot", "noreply@..."), so that their activity never reaches metrics, points or leaderboards.
/// </summary>
public static class BotDetection
{
    private static readonly string[] BotSuffixes = ["[bot]", "-bot", "_bot", " bot"];

    public static bool LooksLikeBot(AccountRef account) =>
        account.IsBot
        || IsBotName(account.ExternalId) || IsBotName(account.Username) || IsBotName(account.DisplayName)
        || (account.Email is { } email && IsBotEmail(email));

    private static bool IsBotName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return false;
        var trimmed = name.Trim();
        return trimmed.Equals("bot", StringComparison.OrdinalIgnoreCase)
               || BotSuffixes.Any(s => trimmed.EndsWith(s, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsBotEmail(string email)
    {
        var local = email.Split('@')[0];
        return IsBotName(local) || local.Contains("[bot]", StringComparison.OrdinalIgnoreCase);
    }
}
