using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Hosting;
using Analytics.Jobs.Ingestion.Runner;
using Analytics.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Analytics.Tests.Ingestion;

/// <summary>The application's own registrations (AddAnalyticsJobs) over a migrated test database, with a fixed clock.</summary>
public sealed class IngestionHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private IngestionHost(TestDatabase database, IHost host)
    {
        Database = database;
        Host = host;
    }

    public TestDatabase Database { get; }
    public IHost Host { get; }

    public static async Task<IngestionHost> CreateAsync(int batchSize = 100, Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        var values = new Dictionary<string, string?>
        {
            ["Database:Provider"] = nameof(DatabaseProvider.Sqlite),
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Ingestion:BatchSize"] = batchSize.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[key] = value;
        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.ClearProviders();
        builder.AddAnalyticsJobs();
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        configure?.Invoke(builder.Services);
        return new IngestionHost(database, builder.Build());
    }

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Ingestion", name);

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> body)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await body(scope.ServiceProvider);
    }

    public Task<IngestionResult> ImportAsync(string kind, string path, string source = "test", bool fromStart = false,
        IProgress<IngestionProgress>? progress = null, CancellationToken ct = default) =>
        InScopeAsync(sp => sp.GetRequiredService<SourceSync>().ImportAsync(source, kind, path, new IngestionRequest("test", fromStart), progress, ct));

    public async Task<T> QueryAsync<T>(Func<AnalyticsDbContext, Task<T>> query)
    {
        await using var db = Database.CreateContext();
        return await query(db);
    }

    /// <summary>Every column of every activity, with the accounts and items by their source keys, hashed.</summary>
    public Task<string> ActivityChecksumAsync(bool includeRun = true) => QueryAsync(async db =>
    {
        var rows = await db.Activities.AsNoTracking().OrderBy(a => a.SourceEventId)
            .Select(a => new
            {
                a.Id, a.SourceSystemId, a.SourceEventId, a.Type, a.OccurredAt, a.Quantity, a.SyncRunId,
                Actor = a.ActorAccount == null ? null : a.ActorAccount.ExternalId,
                Person = a.ActorAccount == null ? (int?)null : a.ActorAccount.PersonId,
                Item = a.Item == null ? null : a.Item.ExternalId,
                Author = a.Item == null || a.Item.AuthorAccount == null ? null : a.Item.AuthorAccount.ExternalId,
            })
            .ToListAsync();
        var text = new StringBuilder();
        foreach (var r in rows)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{r.Id}|{r.SourceSystemId}|{r.SourceEventId}|{r.Type}|{r.OccurredAt:O}|{r.Quantity}|{(includeRun ? r.SyncRunId : 0)}|{r.Actor}|{r.Person}|{r.Item}|{r.Author}\n");
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    });

    public Task<TableCounts> CountsAsync() => QueryAsync(async db => new TableCounts(
        await db.Activities.CountAsync(), await db.KnowledgeItems.CountAsync(), await db.SourceAccounts.CountAsync(),
        await db.Persons.CountAsync(), await db.DirtyDays.CountAsync(), await db.IdentitySuggestions.CountAsync()));

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        await Database.DisposeAsync();
    }
}

public sealed record TableCounts(int Activities, int Items, int Accounts, int Persons, int DirtyDays, int Suggestions);
