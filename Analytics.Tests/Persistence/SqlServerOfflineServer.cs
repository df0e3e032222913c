using System.Data;
using System.Data.Common;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Persistence;

/// <summary>
/// The production SQL Server registration (<see cref="DatabaseRegistration.AddAnalyticsDatabase"/>) with no server behind
/// it: interceptors open no connection, start a stand-in transaction and record every command instead of sending it.
/// Enough to see what the real provider does before SQL reaches the wire (exceptions, command timeouts).
/// </summary>
public sealed class SqlServerOfflineServer : IDisposable
{
    private readonly ServiceProvider _services;

    public SqlServerOfflineServer(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "SqlServer",
            ["Database:ConnectionString"] = "Server=offline.invalid;Database=Analytics;TrustServerCertificate=true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var services = new ServiceCollection();
        services.AddSingleton<IInterceptor>(new NoConnection());
        services.AddSingleton<IInterceptor>(new StandInTransaction());
        services.AddSingleton<IInterceptor>(Commands);
        services.AddAnalyticsDatabase(configuration);
        _services = services.BuildServiceProvider();
    }

    public CommandRecorder Commands { get; } = new();

    public IServiceScope CreateScope() => _services.CreateScope();

    public IServiceScopeFactory ScopeFactory => _services.GetRequiredService<IServiceScopeFactory>();

    public void Dispose() => _services.Dispose();

    private sealed class NoConnection : DbConnectionInterceptor
    {
        public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            InterceptionResult.Suppress();

        public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(InterceptionResult.Suppress());
    }

    private sealed class StandInTransaction : DbTransactionInterceptor
    {
        public override ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(InterceptionResult<DbTransaction>.SuppressWithResult(new NoTransaction(connection, eventData.IsolationLevel)));

        public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result) =>
            InterceptionResult<DbTransaction>.SuppressWithResult(new NoTransaction(connection, eventData.IsolationLevel));
    }

    private sealed class NoTransaction(DbConnection connection, IsolationLevel isolationLevel) : DbTransaction
    {
        public override IsolationLevel IsolationLevel => isolationLevel;
        protected override DbConnection DbConnection => connection;
        public override void Commit() { }
        public override void Rollback() { }
    }

    /// <summary>Records each command with its timeout and answers a non-query with one affected row.</summary>
    public sealed class CommandRecorder : DbCommandInterceptor
    {
        private readonly List<(string Sql, int Timeout)> _commands = [];

        public IReadOnlyList<(string Sql, int Timeout)> Recorded
        {
            get { lock (_commands) return [.. _commands]; }
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            lock (_commands)
                _commands.Add((command.CommandText, command.CommandTimeout));
            return ValueTask.FromResult(InterceptionResult<int>.SuppressWithResult(1));
        }
    }
}
