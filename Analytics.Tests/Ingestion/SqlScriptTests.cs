using Analytics.Jobs.Ingestion.Runner;
using Analytics.Jobs.Ingestion.Sql;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Analytics.Tests.Ingestion;

/// <summary>No SQL Server runs here: the hand-written T-SQL of ingestion is at least checked to parse.</summary>
public sealed class SqlScriptTests
{
    public static TheoryData<string> Scripts() => [.. SqlScripts.Names];

    [Fact]
    public void The_bulk_merge_scripts_are_embedded()
    {
        Assert.Contains(SqlScripts.CreateActivityStaging, SqlScripts.Names);
        Assert.Contains(SqlScripts.MergeActivities, SqlScripts.Names);
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Embedded_sql_parses_as_TSql160_without_errors(string name)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(SqlScripts.Load(name));
        var fragment = parser.Parse(reader, out var errors);

        Assert.Empty(errors.Select(e => $"{name}({e.Line},{e.Column}): {e.Message}"));
        Assert.NotEmpty(((TSqlScript)fragment).Batches);
    }

    [Fact]
    public void The_staging_columns_match_the_bulk_copy_table()
    {
        var staging = SqlScripts.Load(SqlScripts.CreateActivityStaging);
        using var table = SqlServerActivityBulkWriter.ToDataTable([]);
        foreach (System.Data.DataColumn column in table.Columns)
            Assert.Contains(column.ColumnName, staging, StringComparison.Ordinal);
    }
}
