using System.Data;
using IsolationLevel = System.Data.IsolationLevel;
using System.Data.Common;
using System.Globalization;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Coordination;
using Analytics.Jobs.Hosting;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Analytics.Jobs.Ingestion.Runner;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Xunit.Abstractions;

namespace Analytics.Tests.Persistence.SqlServer;

/// <summary>A statement the product sent, as the server would have received it.</summary>
public sealed record RecordedCommand(string Text, int Parameters, string Kind, IReadOnlyList<string> ParseErrors);

/// <summary>
/// The production SQL Server configuration (the jobs host's real registration, the real provider and
/// <see cref="SqlServerAnalyticsDbContext"/>) with the server replaced by interceptors: connections never open,
/// transactions are answered with a stand-in, and every command is recorded, parsed with ScriptDom and answered
/// plausibly (shaped from the statement, or rows a test chose with <c>Answer</c>). Bulk loads are recorded through the product's <see cref="ISqlServerBulkCopy"/> edge.
/// </summary>
public sealed class ServerlessSqlServer : IAsyncDisposable
{
    public const int MaxParameters = 2100;

    // Never opened: the interceptors answer before SqlClient would connect.
    private const string ConnectionString = "Server=serverless.invalid;Database=analytics;Encrypt=False;Connect Timeout=1";

    private readonly IHost host;
    private readonly Recorder recorder;

    private ServerlessSqlServer(IHost host, Recorder recorder)
    {
        this.host = host;
        this.recorder = recorder;
    }

    public IReadOnlyList<RecordedCommand> Commands => recorder.Commands;
    public IReadOnlyList<(string Table, int Rows, IReadOnlyList<string> Columns)> BulkLoads => recorder.BulkLoads;
    public int Commits => recorder.Commits;

    /// <param name="configure">Registrations of the unit under test that the jobs host does not make (web services).</param>
    /// <param name="settings">Configuration on top of the SQL Server provider settings.</param>
    public static ServerlessSqlServer Create(Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = nameof(DatabaseProvider.SqlServer),
            ["Database:ConnectionString"] = ConnectionString,
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddAnalyticsJobs();
        var recorder = new Recorder();
        builder.Services.AddSingleton<IInterceptor>(recorder);
        builder.Services.RemoveAll<ISqlServerBulkCopy>();
        builder.Services.AddSingleton<ISqlServerBulkCopy>(recorder);
        // The product's lease locks open short contexts of their own outside DI (ADR 1503); here they go to the same
        // recorder, so the lock statements are checked like every other.
        builder.Services.RemoveAll<DatabaseLock>();
        builder.Services.AddSingleton(sp => new DatabaseLock(
            () => new SqlServerAnalyticsDbContext((DbContextOptions<SqlServerAnalyticsDbContext>)DatabaseRegistration
                .ConfigureSqlServer(new DbContextOptionsBuilder<SqlServerAnalyticsDbContext>(), ConnectionString).AddInterceptors(recorder).Options),
            sp.GetRequiredService<IOptions<JobsOptions>>().Value, NullLogger.Instance));
        configure?.Invoke(builder.Services);
        return new ServerlessSqlServer(builder.Build(), recorder);
    }

    /// <summary>Rows for the next queries whose text contains <paramref name="fragment"/> (one answer per query, in order).</summary>
    public void Answer(string fragment, params IReadOnlyDictionary<string, object?>[] rows) => recorder.Answers.Enqueue((fragment, rows));

    /// <summary><paramref name="count"/> synthesised rows for the next query whose text contains <paramref name="fragment"/>.</summary>
    public void Answer(string fragment, int count) =>
        Answer(fragment, [.. Enumerable.Range(0, count).Select(_ => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>())]);

    public static IReadOnlyDictionary<string, object?> Row(params (string Column, object? Value)[] cells) =>
        cells.ToDictionary(c => c.Column, c => c.Value, StringComparer.OrdinalIgnoreCase);

    public async Task<T> RunAsync<TUnit, T>(Func<TUnit, Task<T>> unit) where TUnit : notnull
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        Assert.IsType<SqlServerAnalyticsDbContext>(db);
        return await unit(scope.ServiceProvider.GetRequiredService<TUnit>());
    }

    public Task RunAsync<TUnit>(Func<TUnit, Task> unit) where TUnit : notnull =>
        RunAsync<TUnit, bool>(async u => { await unit(u); return true; });

    /// <summary>What the issue asks of every unit: it committed, every statement parses, none exceeds SQL Server's parameter limit.</summary>
    public void AssertSound(ITestOutputHelper output, int minimumCommits = 1)
    {
        output.WriteLine($"{Commands.Count} statements, {Commits} commits, max {Commands.Select(c => c.Parameters).DefaultIfEmpty().Max()} parameters, " +
                         $"{BulkLoads.Count} bulk loads ({BulkLoads.Sum(b => b.Rows)} rows)");
        foreach (var group in Commands.GroupBy(c => c.Kind))
            output.WriteLine($"  {group.Key}: {group.Count()}");
        foreach (var command in Commands)
            output.WriteLine($"  | {command.Text.ReplaceLineEndings(" ")[..Math.Min(160, command.Text.Length)]}");
        Assert.NotEmpty(Commands);
        Assert.True(Commits >= minimumCommits, $"expected at least {minimumCommits} commit(s), saw {Commits}");
        Assert.All(Commands, c => Assert.True(c.ParseErrors.Count == 0, $"ScriptDom rejects:\n{c.Text}\n{string.Join("\n", c.ParseErrors)}"));
        Assert.All(Commands, c => Assert.True(c.Parameters <= MaxParameters, $"{c.Parameters} parameters in:\n{c.Text[..Math.Min(300, c.Text.Length)]}"));
    }

    public ValueTask DisposeAsync()
    {
        host.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class Recorder : IDbConnectionInterceptor, ISqlServerBulkCopy
    {
        private readonly Lock gate = new();
        private readonly Dictionary<string, int> staged = new(StringComparer.OrdinalIgnoreCase);
        private long next = 1000;

        public List<RecordedCommand> Commands { get; } = [];
        public List<(string Table, int Rows, IReadOnlyList<string> Columns)> BulkLoads { get; } = [];
        public Queue<(string Fragment, IReadOnlyDictionary<string, object?>[] Rows)> Answers { get; } = new();
        public int Commits { get; private set; }

        // The connection EF would have opened is swapped for a stand-in at creation, so every command (also those EF
        // sends past its interceptors, such as SAVE TRANSACTION before a SaveChanges inside a user transaction) is
        // recorded and answered here, and transactions commit into a counter.
        public InterceptionResult<DbConnection> ConnectionCreating(ConnectionCreatingEventData eventData, InterceptionResult<DbConnection> result) =>
            InterceptionResult<DbConnection>.SuppressWithResult(new FakeConnection(this));

        public void Committed()
        {
            lock (gate)
                Commits++;
        }

        public Task CopyAsync(DbConnection connection, DbTransaction transaction, DataTable rows, string destinationTable, CancellationToken ct)
        {
            Assert.IsType<FakeTransaction>(transaction);
            lock (gate)
            {
                BulkLoads.Add((destinationTable, rows.Rows.Count, [.. rows.Columns.Cast<DataColumn>().Select(c => c.ColumnName)]));
                staged[destinationTable] = rows.Rows.Count;
            }

            return Task.CompletedTask;
        }

        public List<PlausibleResultSet> Record(DbCommand command, string kind)
        {
            var parser = new TSql160Parser(initialQuotedIdentifiers: true);
            using var text = new StringReader(command.CommandText);
            var script = parser.Parse(text, out var errors);
            lock (gate)
            {
                Commands.Add(new RecordedCommand(command.CommandText, command.Parameters.Count, kind + ":" + Verb(command.CommandText),
                    [.. errors.Select(e => $"line {e.Line}: {e.Message}")]));
                return kind == "reader" && errors.Count == 0 ? Shape(command.CommandText, script) : [];
            }
        }

        private static string Verb(string text) => text.TrimStart().Split([' ', '\n', '\r', '('], 2)[0].ToUpperInvariant();

        /// <summary>One result set per statement that returns rows, shaped from the statement itself.</summary>
        private List<PlausibleResultSet> Shape(string text, TSqlFragment script)
        {
            var sets = new List<PlausibleResultSet>();
            foreach (var statement in ((TSqlScript)script).Batches.SelectMany(b => b.Statements))
            {
                switch (statement)
                {
                    case SelectStatement { Into: null } select:
                        var query = First(select.QueryExpression);
                        var columns = query.SelectElements.Select(Name).ToList();
                        if (Answers.Count > 0 && text.Contains(Answers.Peek().Fragment, StringComparison.Ordinal))
                            sets.Add(Rows(columns, Answers.Dequeue().Rows));
                        else
                            sets.Add(SingleRow(query) ? EmptyTableRow(query) : new PlausibleResultSet(columns, []));
                        break;
                    case InsertStatement { InsertSpecification.OutputClause: { } output } insert:
                        sets.Add(Synthesise(output.SelectColumns,
                            insert.InsertSpecification.InsertSource is ValuesInsertSource values ? values.RowValues.Count : 1));
                        break;
                    case MergeStatement { MergeSpecification.OutputClause: { } output } merge:
                        var rows = merge.MergeSpecification.TableReference switch
                        {
                            InlineDerivedTable inline => inline.RowValues.Count,
                            NamedTableReference named => staged.GetValueOrDefault(named.SchemaObject.BaseIdentifier.Value),
                            _ => 0,
                        };
                        sets.Add(Synthesise(output.SelectColumns, rows));
                        break;
                    case UpdateStatement { UpdateSpecification.OutputClause: { } output }:
                        sets.Add(Synthesise(output.SelectColumns, 1));
                        break;
                    case DeleteStatement { DeleteSpecification.OutputClause: { } output }:
                        sets.Add(Synthesise(output.SelectColumns, 1));
                        break;
                }
            }

            return sets;
        }

        private static QuerySpecification First(QueryExpression expression) => expression switch
        {
            QuerySpecification q => q,
            BinaryQueryExpression b => First(b.FirstQueryExpression),
            QueryParenthesisExpression p => First(p.QueryExpression),
            _ => throw new NotSupportedException(expression.GetType().Name),
        };

        /// <summary>A query without FROM (EXISTS, a scalar) or of aggregates without GROUP BY returns one row even on an empty table.</summary>
        private static bool SingleRow(QuerySpecification query) =>
            query.FromClause is null
            || (query.GroupByClause is null && query.SelectElements.All(e => e is SelectScalarExpression { Expression: FunctionCall or CoalesceExpression }));

        /// <summary>What a query of one row says about empty tables: EXISTS false, COUNT 0, MAX/MIN/AVG NULL.</summary>
        private static PlausibleResultSet EmptyTableRow(QuerySpecification query) =>
            new([.. query.SelectElements.Select(Name)], [[.. query.SelectElements.Select(e => e switch
            {
                // EF's affected-row check after a statement without OUTPUT: the statement touched its one row.
                SelectScalarExpression { Expression: GlobalVariableExpression { Name: var name } } when name.Equals("@@ROWCOUNT", StringComparison.OrdinalIgnoreCase) => 1L,
                SelectScalarExpression { Expression: FunctionCall f } when f.FunctionName.Value.ToUpperInvariant() is "MAX" or "MIN" or "AVG" or "SUM" => null,
                _ => (object?)0L,
            })]]);

        private static string Name(SelectElement element) => element switch
        {
            SelectScalarExpression { ColumnName: { } alias } => alias.Value,
            SelectScalarExpression { Expression: ColumnReferenceExpression column } => column.MultiPartIdentifier?.Identifiers[^1].Value ?? "?",
            _ => "?",
        };

        /// <summary>Rows an OUTPUT clause returns: a literal is itself (EF's <c>OUTPUT 1</c> counts affected rows), a
        /// <c>_Position</c> the row's position in the batch, anything else a fresh number (a generated key).</summary>
        private PlausibleResultSet Synthesise(IList<SelectElement> elements, int rows) =>
            new([.. elements.Select(Name)], [.. Enumerable.Range(0, rows).Select(r => (IReadOnlyList<object?>)[.. elements.Select(e => e switch
            {
                SelectScalarExpression { Expression: IntegerLiteral literal } => long.Parse(literal.Value, CultureInfo.InvariantCulture),
                _ when Name(e) == "_Position" => r,
                _ => (object?)next++,
            })])]);

        private PlausibleResultSet Rows(List<string> columns, IReadOnlyDictionary<string, object?>[] rows) =>
            new(columns, [.. rows.Select(row => (IReadOnlyList<object?>)[.. columns.Select(c => row.TryGetValue(c, out var v) ? v : next++)])]);
    }

    private sealed class FakeConnection(Recorder recorder) : DbConnection
    {
        private ConnectionState state = ConnectionState.Closed;

        [System.Diagnostics.CodeAnalysis.AllowNull]
        public override string ConnectionString { get; set; } = ServerlessSqlServer.ConnectionString;
        public override string Database => "analytics";
        public override string DataSource => "serverless";
        public override string ServerVersion => "16.00.4135";
        public override ConnectionState State => state;
        public override void ChangeDatabase(string databaseName) => throw new NotSupportedException();
        public override void Open() => state = ConnectionState.Open;
        public override void Close() => state = ConnectionState.Closed;
        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => new FakeTransaction(this, isolationLevel, recorder);
        protected override DbCommand CreateDbCommand() => new RecordingCommand(recorder) { Connection = this };
    }

    /// <summary>A command whose execution is the recorder's answer. Parameters are real <see cref="SqlParameter"/>s, as the provider's type mappings set them.</summary>
    private sealed class RecordingCommand(Recorder recorder) : DbCommand
    {
        private readonly ParameterList parameters = new();

        [System.Diagnostics.CodeAnalysis.AllowNull]
        public override string CommandText { get; set; } = "";
        public override int CommandTimeout { get; set; } = 30;
        public override CommandType CommandType { get; set; } = CommandType.Text;
        public override bool DesignTimeVisible { get; set; }
        public override UpdateRowSource UpdatedRowSource { get; set; }
        protected override DbConnection? DbConnection { get; set; }
        protected override DbParameterCollection DbParameterCollection => parameters;
        protected override DbTransaction? DbTransaction { get; set; }
        public override void Cancel() { }
        public override void Prepare() { }
        protected override DbParameter CreateDbParameter() => new SqlParameter();

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => new PlausibleReader(recorder.Record(this, "reader"));

        public override int ExecuteNonQuery()
        {
            recorder.Record(this, "non-query");
            return 1;
        }

        public override object? ExecuteScalar()
        {
            recorder.Record(this, "scalar");
            return 1;
        }
    }

    private sealed class ParameterList : DbParameterCollection
    {
        private readonly List<DbParameter> items = [];

        public override int Count => items.Count;
        public override object SyncRoot => items;
        public override int Add(object value)
        {
            items.Add((DbParameter)value);
            return items.Count - 1;
        }

        public override void AddRange(Array values)
        {
            foreach (var value in values)
                Add(value);
        }

        public override void Clear() => items.Clear();
        public override bool Contains(object value) => items.Contains((DbParameter)value);
        public override bool Contains(string value) => IndexOf(value) >= 0;
        public override void CopyTo(Array array, int index) => ((System.Collections.ICollection)items).CopyTo(array, index);
        public override System.Collections.IEnumerator GetEnumerator() => items.GetEnumerator();
        protected override DbParameter GetParameter(int index) => items[index];
        protected override DbParameter GetParameter(string parameterName) => items[IndexOf(parameterName)];
        public override int IndexOf(object value) => items.IndexOf((DbParameter)value);
        public override int IndexOf(string parameterName) => items.FindIndex(p => p.ParameterName == parameterName);
        public override void Insert(int index, object value) => items.Insert(index, (DbParameter)value);
        public override void Remove(object value) => items.Remove((DbParameter)value);
        public override void RemoveAt(int index) => items.RemoveAt(index);
        public override void RemoveAt(string parameterName) => items.RemoveAt(IndexOf(parameterName));
        protected override void SetParameter(int index, DbParameter value) => items[index] = value;
        protected override void SetParameter(string parameterName, DbParameter value) => items[IndexOf(parameterName)] = value;
    }

    private sealed class FakeTransaction(DbConnection connection, IsolationLevel isolation, Recorder recorder) : DbTransaction
    {
        protected override DbConnection DbConnection => connection;
        public override IsolationLevel IsolationLevel => isolation;
        public override bool SupportsSavepoints => true;
        public override void Commit() => recorder.Committed();
        public override Task CommitAsync(CancellationToken cancellationToken = default)
        {
            recorder.Committed();
            return Task.CompletedTask;
        }

        public override void Rollback()
        {
        }

        public override void Save(string savepointName)
        {
        }

        public override void Rollback(string savepointName)
        {
        }

        public override void Release(string savepointName)
        {
        }
    }
}
