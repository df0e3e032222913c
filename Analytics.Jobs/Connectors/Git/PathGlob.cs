using System.Text;
using System.Text.RegularExpressions;

namespace Analytics.Jobs.Connectors.Git;

/// <summary>
/// Path globs as in .gitignore: a pattern without '/' matches a file name at any depth ("*.md"); one with '/'
/// matches from the repository root ("docs/**"). '**' spans folders, '*' and '?' stay within one.
/// Case-insensitive, so README.MD is documentation too.
/// </summary>
public sealed class PathGlob
{
    private readonly Regex[] _patterns;

    public PathGlob(IEnumerable<string> globs) => _patterns = [.. globs.Select(ToRegex)];

    public bool Matches(string path) => _patterns.Any(p => p.IsMatch(path));

    private static Regex ToRegex(string glob)
    {
        var pattern = glob.Trim().TrimStart('/');
        if (pattern.StartsWith("./", StringComparison.Ordinal))
            pattern = pattern[2..];
        var anywhere = !pattern.Contains('/', StringComparison.Ordinal);
        var regex = new StringBuilder(anywhere ? "^(?:.*/)?" : "^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
