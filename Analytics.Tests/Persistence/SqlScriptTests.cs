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
