using Analytics.Jobs.Ingestion.Runner;
using Analytics.Jobs.Ingestion.Sql;
using Analytics.Tests.Persistence;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Analytics.Tests.Ingestion;

/// <summary>
/// No SQL Server runs here: the hand-written T-SQL of ingestion is parsed with ScriptDom and its tree checked
/// against the SQL Server model (docs/adr/1412). Each rule is a function from script text to its violations,
/// so the guard tests can show it on a deliberately broken copy.
/// </summary>
public sealed class SqlScriptTests
{
    private const string StagingTable = "#ActivityStaging";
    private static readonly ITable Activities = SqlServerModel.Table("Activities");

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
        // As sqlcmd and SqlClient send it: SqlClient turns QUOTED_IDENTIFIER on, so both settings must parse.
        foreach (var quoted in new[] { true, false })
        {
            var fragment = new TSql160Parser(quoted).Parse(new StringReader(SqlScripts.Load(name)), out var errors);
            Assert.Empty(errors.Select(e => $"{name}({e.Line},{e.Column}): {e.Message}"));
            Assert.NotEmpty(((TSqlScript)fragment).Batches);
        }
    }

    [Fact]
    public void The_staging_columns_are_the_bulk_copy_tables_columns()
    {
        using var table = SqlServerActivityBulkWriter.ToDataTable([]);
        var staging = StagingColumns(SqlScripts.Load(SqlScripts.CreateActivityStaging)).Select(c => c.ColumnIdentifier.Value);
        Assert.Equal(table.Columns.Cast<System.Data.DataColumn>().Select(c => c.ColumnName), staging);
    }

    [Fact]
    public void The_staging_table_matches_the_model() =>
        Assert.Empty(StagingProblems(SqlScripts.Load(SqlScripts.CreateActivityStaging)));

    [Fact]
    public void The_merge_inserts_model_columns_with_every_required_one_and_holds_its_lock() =>
        Assert.Empty(MergeProblems(SqlScripts.Load(SqlScripts.MergeActivities)));

    [Theory]
    [InlineData("SourceEventId NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL", "SourceEventId NVARCHAR(400) NOT NULL", "carries no COLLATE")]
    [InlineData("COLLATE Latin1_General_100_BIN2", "COLLATE DATABASE_DEFAULT", "Msg 468")]
    [InlineData("SourceEventId NVARCHAR(400)", "SourceEventId NVARCHAR(200)", "is nvarchar(200)")]
    [InlineData("Quantity FLOAT", "Quantity INT", "is int")]
    [InlineData("SyncRunId BIGINT NULL", "SyncRunID BIGINT NULL", "SyncRunID is not a column")]
    public void The_staging_rules_catch_a_broken_copy(string original, string broken, string expected)
    {
        var script = SqlScripts.Load(SqlScripts.CreateActivityStaging);
        Assert.Contains(original, script, StringComparison.Ordinal);
        Assert.Contains(StagingProblems(script.Replace(original, broken, StringComparison.Ordinal)),
            p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("MERGE analytics.Activities WITH (HOLDLOCK) AS target", "MERGE analytics.Activities AS target", "HOLDLOCK")]
    [InlineData("INSERT (SourceSystemId, SourceEventId, [Type],", "INSERT (SourceSystemId, [Type],", "misses required column SourceEventId")]
    [InlineData("VALUES (source.SourceSystemId, source.SourceEventId,", "VALUES (source.SourceSystemId,", "VALUES differ in count")]
    [InlineData("Quantity, SyncRunId)\n    VALUES", "Amount, SyncRunId)\n    VALUES", "Amount is not a column")]
    [InlineData("MERGE analytics.Activities", "MERGE analytics.Activity", "analytics.Activities")]
    public void The_merge_rules_catch_a_broken_copy(string original, string broken, string expected)
    {
        var script = SqlScripts.Load(SqlScripts.MergeActivities).ReplaceLineEndings("\n");
        Assert.Contains(original, script, StringComparison.Ordinal);
        Assert.Contains(MergeProblems(script.Replace(original, broken, StringComparison.Ordinal)),
            p => p.Contains(expected, StringComparison.Ordinal));
    }

    private static TSqlFragment Parse(string script)
    {
        var fragment = new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(script), out var errors);
        Assert.Empty(errors.Select(e => $"({e.Line},{e.Column}): {e.Message}"));
        return fragment;
    }

    private static List<T> All<T>(TSqlFragment fragment) where T : TSqlFragment
    {
        var collector = new Collector<T>();
        fragment.Accept(collector);
        return collector.Found;
    }

    private static IList<ColumnDefinition> StagingColumns(string script) =>
        All<CreateTableStatement>(Parse(script))
            .Single(t => t.SchemaObjectName.BaseIdentifier.Value == StagingTable).Definition.ColumnDefinitions;

    /// <summary>T-SQL's spelling of a column type, lower case, as EF writes store types ("nvarchar(400)").</summary>
    private static string TypeName(DataTypeReference type)
    {
        var name = type is SqlDataTypeReference sql
            ? sql.SqlDataTypeOption.ToString().ToLowerInvariant()
            : type.Name.BaseIdentifier.Value.ToLowerInvariant();
        var parameters = type is ParameterizedDataTypeReference p && p.Parameters.Count > 0
            ? $"({string.Join(",", p.Parameters.Select(l => l.Value.ToLowerInvariant()))})"
            : "";
        return name + parameters;
    }

    /// <summary>
    /// Every staging column is a column of Activities with its store type; every text column names the model
    /// column's collation (a temp table takes tempdb's otherwise, and any other collation raises Msg 468 in
    /// the MERGE's ON against the model's binary one: docs/adr/1410).
    /// </summary>
    public static List<string> StagingProblems(string script)
    {
        var problems = new List<string>();
        foreach (var column in StagingColumns(script))
        {
            var name = column.ColumnIdentifier.Value;
            var model = Activities.FindColumn(name);
            if (model is null)
            {
                problems.Add($"{name} is not a column of {Activities.SchemaQualifiedName}");
                continue;
            }

            var type = TypeName(column.DataType);
            if (!string.Equals(type, model.StoreType, StringComparison.Ordinal))
                problems.Add($"{name} is {type}, the model's column is {model.StoreType}");
            if (!SqlServerModel.IsText(model.StoreType))
                continue;
            if (column.Collation is null)
                problems.Add($"{name} carries no COLLATE: it would take tempdb's collation");
            else if (!string.Equals(column.Collation.Value, model.Collation ?? "DATABASE_DEFAULT", StringComparison.OrdinalIgnoreCase))
                problems.Add($"{name} is COLLATE {column.Collation.Value}, the model's column is {model.Collation ?? "the database default"}: Msg 468 in the MERGE");
        }

        return problems;
    }

    /// <summary>
    /// The MERGE targets analytics.Activities WITH (HOLDLOCK) (two merges of one source must not both find a
    /// row missing); its INSERT names model columns only, every required one (not null, no default, not
    /// generated), with as many values as columns.
    /// </summary>
    public static List<string> MergeProblems(string script)
    {
        var problems = new List<string>();
        var merge = All<MergeStatement>(Parse(script)).Single().MergeSpecification;
        var target = (NamedTableReference)merge.Target;
        var targetName = $"{target.SchemaObject.SchemaIdentifier?.Value}.{target.SchemaObject.BaseIdentifier.Value}";
        if (targetName != Activities.SchemaQualifiedName)
            problems.Add($"MERGE targets {targetName}, not {Activities.SchemaQualifiedName}");
        if (!target.TableHints.Any(h => h.HintKind == TableHintKind.HoldLock))
            problems.Add("MERGE lost WITH (HOLDLOCK): two concurrent merges could both insert the same event");

        var insert = merge.ActionClauses.Select(a => a.Action).OfType<InsertMergeAction>().Single();
        var columns = insert.Columns.Select(c => c.MultiPartIdentifier.Identifiers[^1].Value).ToList();
        problems.AddRange(columns.Where(c => Activities.FindColumn(c) is null)
            .Select(c => $"INSERT column {c} is not a column of {Activities.SchemaQualifiedName}"));
        var required = Activities.Columns.Where(c => !c.IsNullable && c.DefaultValue is null && c.DefaultValueSql is null
                                                     && c.ComputedColumnSql is null
                                                     && !c.PropertyMappings.Any(m => m.Property.ValueGenerated.HasFlag(ValueGenerated.OnAdd)))
            .Select(c => c.Name);
        problems.AddRange(required.Except(columns, StringComparer.Ordinal).Select(c => $"INSERT misses required column {c}"));
        if (insert.Source is ValuesInsertSource values && values.RowValues.Any(r => r.ColumnValues.Count != columns.Count))
            problems.Add($"INSERT names {columns.Count} columns but its VALUES differ in count");
        return problems;
    }

    private sealed class Collector<T> : TSqlFragmentVisitor where T : TSqlFragment
    {
        public List<T> Found { get; } = [];

        public override void Visit(TSqlFragment fragment)
        {
            if (fragment is T found)
                Found.Add(found);
        }
    }
}
