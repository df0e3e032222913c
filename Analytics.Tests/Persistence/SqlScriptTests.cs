using Analytics.Domain.Persistence;
using Analytics.Tests.Support;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Analytics.Tests.Persistence;

public sealed class SqlScriptTests
{
    [Fact]
    public void The_deploy_script_in_sql_matches_the_migrations()
    {
        var path = Path.Combine(RepositoryRoot.Path, "sql", SqlServerDeployScript.FileName);
        Assert.True(File.Exists(path), $"{path} is missing: run .ci/generate-sql");
        var committed = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.True(committed == SqlServerDeployScript.Generate(), "sql/ is stale: run .ci/generate-sql and commit the result.");
    }

    [Fact]
    public void The_deploy_script_parses_with_sqlcmds_defaults_and_turns_QUOTED_IDENTIFIER_on_before_any_filtered_index()
    {
        var script = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "sql", SqlServerDeployScript.FileName));
        Assert.Empty(SqlcmdProblems(script));
    }

    [Fact]
    public void The_sqlcmd_check_catches_a_script_without_the_session_settings()
    {
        // Guards the guard: the script as EF generates it, without the settings batch, fails the check.
        var script = SqlServerDeployScript.Generate().Replace(SqlServerDeployScript.SessionSettings, "", StringComparison.Ordinal);
        Assert.Contains(SqlcmdProblems(script), p => p.Contains("QUOTED_IDENTIFIER", StringComparison.Ordinal));
        Assert.Contains(SqlcmdProblems("SET QUOTED_IDENTIFIER ON;\nGO\nSET QUOTED_IDENTIFIER OFF;\nGO\n" +
                                       "CREATE INDEX IX_A ON dbo.A (B) WHERE B IS NOT NULL;\n"),
            p => p.Contains("filtered index", StringComparison.Ordinal));
    }

    /// <summary>
    /// Parses <paramref name="script"/> as sqlcmd sends it without -I (QUOTED_IDENTIFIER OFF until the script
    /// sets it; ScriptDom follows the script's SET statements) and lists every filtered index, direct or inside
    /// EXEC(N'...'), that would run while QUOTED_IDENTIFIER is still off (error 1934).
    /// </summary>
    private static List<string> SqlcmdProblems(string script)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: false);
        using var reader = new StringReader(script);
        var fragment = parser.Parse(reader, out var errors);
        var problems = errors.Select(e => $"{e.Line}:{e.Column}: {e.Message}").ToList();
        if (problems.Count > 0)
            return problems;

        var walker = new QuotedIdentifierWalker();
        fragment.Accept(walker);
        problems.AddRange(walker.FilteredIndexesWhileOff.Select(line =>
            $"line {line}: filtered index while QUOTED_IDENTIFIER is off (sqlcmd's default): the script must SET QUOTED_IDENTIFIER ON first"));
        return problems;
    }

    private sealed class QuotedIdentifierWalker : TSqlFragmentVisitor
    {
        private bool _on;

        public List<int> FilteredIndexesWhileOff { get; } = [];

        public override void Visit(PredicateSetStatement node)
        {
            if (node.Options.HasFlag(SetOptions.QuotedIdentifier))
                _on = node.IsOn;
        }

        public override void Visit(CreateIndexStatement node)
        {
            if (node.FilterPredicate is not null && !_on)
                FilteredIndexesWhileOff.Add(node.StartLine);
        }

        public override void Visit(ExecutableStringList node)
        {
            // EF wraps filtered indexes in EXEC(N'...'): the inner batch inherits the session's setting.
            var inner = string.Concat(node.Strings.OfType<StringLiteral>().Select(s => s.Value));
            var parsed = new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(inner), out _);
            var filtered = new List<CreateIndexStatement>();
            parsed.Accept(new CreateIndexCollector(filtered));
            if (filtered.Any(i => i.FilterPredicate is not null) && !_on)
                FilteredIndexesWhileOff.Add(node.StartLine);
        }
    }

    private sealed class CreateIndexCollector(List<CreateIndexStatement> found) : TSqlFragmentVisitor
    {
        public override void Visit(CreateIndexStatement node) => found.Add(node);
    }

    /// <summary>Every hand-written or generated T-SQL file: sql/ and embedded .sql resources, not build output.</summary>
    private static List<string> SqlFilePaths()
    {
        var root = RepositoryRoot.Path;
        var separator = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(root, "*.sql", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal)
                        && !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public static TheoryData<string> SqlFiles() => [.. SqlFilePaths()];

    [Theory]
    [MemberData(nameof(SqlFiles))]
    public void Every_sql_file_parses_as_TSql160(string relativePath)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(File.ReadAllText(Path.Combine(RepositoryRoot.Path, relativePath)));
        parser.Parse(reader, out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{relativePath}:{e.Line}:{e.Column}: {e.Message}")));
    }

    [Fact]
    public void The_parser_check_catches_invalid_TSql()
    {
        // Guards the guard: a broken statement must produce errors, or the test above proves nothing.
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader("CREATE TABLE [analytics].[Broken] ([Id] int NOT NULL,, CONSTRAINT);");
        parser.Parse(reader, out var errors);
        Assert.NotEmpty(errors);
    }

    [Fact]
    public void The_repository_has_sql_files_to_check() =>
        Assert.Contains(SqlFilePaths(), file => file.EndsWith(SqlServerDeployScript.FileName, StringComparison.Ordinal));
}
