using System.Diagnostics;
using System.Globalization;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Domain.Users;
using Analytics.Domain.Metrics;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Communities;
using Analytics.Jobs.Hosting;
using Analytics.Jobs.Ingestion.Bench;
using Analytics.Jobs.Leaderboards;
using Analytics.Jobs.Metrics;
using Analytics.Jobs.Reports.Monthly;
using Analytics.Jobs.Scoring;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Bench;

/// <summary>What a benchmark database is built from; recorded in the file so a later run can tell whether it may reuse it.</summary>
public sealed record BenchDatabaseSpec(int Activities, int Days, int People, int Seed)
{
    public IReadOnlyDictionary<string, string> ToParameters() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["activities"] = Activities.ToString(CultureInfo.InvariantCulture),
        ["days"] = Days.ToString(CultureInfo.InvariantCulture),
        ["people"] = People.ToString(CultureInfo.InvariantCulture),
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
        // Items carry topics since issue 17 (the expertise and topic pages read them); a file without is not reused.
        ["item-topics"] = BenchHistory.TopicCount.ToString(CultureInfo.InvariantCulture),
        // Questions and their answers since issue 20 (before, no answer had a question, so the answer figures read nothing).
        ["qa-thread"] = BenchHistory.ThreadSize.ToString(CultureInfo.InvariantCulture),
    };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Activities:N0} activities over {Days} days, {People:N0} people, seed {Seed}");
}

/// <summary>A ready benchmark database: where it is, when its history starts, who signs in, and a person with activity to profile.</summary>
public sealed record BenchDatabaseInfo(string Path, DateOnly HistoryStart, string UserName, string Password, int ActivePersonId)
{
    public string ConnectionString => $"Data Source={Path}";

    /// <summary>How long this run took to build the file; null when an existing file was reused.</summary>
    public BenchBuildFigures? Built { get; init; }
}

/// <summary>The build of a benchmark database: writing the history (prepared INSERTs) and its first, full aggregation (wall and CPU).</summary>
public sealed record BenchBuildFigures(TimeSpan HistoryWritten, Measured Aggregation);

/// <summary>
/// Builds a benchmark database once and keeps it: the synthetic history of <see cref="BenchHistory"/> ending yesterday
/// (so the dashboard's default "last full month" has data), a full aggregation, the last full month closed as
/// <see cref="MonthCloser"/> does, and an HR sign-in created through Identity's UserManager. The parameters live in a
/// table of the file (BenchParameters, outside the EF model); a file with the same parameters is reused as it is.
/// </summary>
public static class BenchDatabase
{
    public const string UserName = "bench-hr";
    public const string Password = "Bench-password-2026";

    // The product's role names live in Analytics.Web.Access.Roles, which this project cannot reference.
    private const string HrRole = "HR";
    private const string ParametersTable = "BenchParameters";
    private const string CompleteKey = "complete";
    private const string StartKey = "history-start";

    public static async Task<BenchDatabaseInfo> EnsureAsync(string path, BenchDatabaseSpec spec, Action<string> log, CancellationToken ct)
    {
        path = System.IO.Path.GetFullPath(path);
        var connectionString = $"Data Source={path}";
        var recorded = File.Exists(path) ? await ReadParametersAsync(connectionString, ct) : null;
        BenchBuildFigures? built = null;
        if (File.Exists(path) && recorded is null)
            throw new BenchDatabaseRefusedException($"{path} exists but is not a benchmark database (no {ParametersTable} table); choose another file.");
        if (recorded is not null)
        {
            var differences = spec.ToParameters().Where(p => !recorded.TryGetValue(p.Key, out var v) || v != p.Value).Select(p => p.Key).ToList();
            if (differences.Count > 0)
                throw new BenchDatabaseRefusedException($"{path} was built with other parameters ({string.Join(", ", differences)}); delete it or choose another file.");
            if (!recorded.ContainsKey(CompleteKey))
                throw new BenchDatabaseRefusedException($"{path} is an unfinished benchmark database (its build was interrupted); delete it and build again.");
            log($"Reusing {path}: {spec}, history from {recorded[StartKey]}.");
        }
        else
        {
            built = await BuildAsync(connectionString, spec, log, ct);
        }

        // Both steps are idempotent, so a database built by an older version of this command gets them too.
        var start = DateOnly.ParseExact((await ReadParametersAsync(connectionString, ct))![StartKey], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        await CloseLastFullMonthAsync(connectionString, log, ct);
        await StoreReportOfClosedMonthAsync(connectionString, log, ct);
        await EnsureUserAsync(connectionString, ct);
        var active = await MostActivePersonAsync(connectionString, ct);
        SqliteConnection.ClearAllPools();
        return new BenchDatabaseInfo(path, start, UserName, Password, active) { Built = built };
    }

    /// <summary>
    /// Commits a change outside the product's tables (a counter in the parameters table): to a web app on the file the
    /// database changed (SQLite's data_version), as after a sync, so its cached figures are computed again.
    /// </summary>
    public static Task TouchAsync(BenchDatabaseInfo database, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        return WriteParametersAsync(database.ConnectionString,
            new Dictionary<string, string> { ["touched"] = DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture) }, ct);
    }

    private static async Task<BenchBuildFigures> BuildAsync(string connectionString, BenchDatabaseSpec spec, Action<string> log, CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var start = today.AddDays(-spec.Days);
        await using (var db = DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, connectionString))
            await new DatabaseInitializer(db).MigrateAsync(ct);
        var parameters = new Dictionary<string, string>(spec.ToParameters(), StringComparer.Ordinal) { [StartKey] = start.ToString("yyyy-MM-dd", inv) };
        await WriteParametersAsync(connectionString, parameters, ct);

        var watch = Stopwatch.StartNew();
        var history = new BenchHistory(spec.Seed, spec.People, start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        await history.WriteOrganisationAsync(connectionString, ct);
        await history.WriteActivitiesAsync(connectionString, spec.Activities, firstDay: 0, spec.Days, ct);
        var written = watch.Elapsed;
        log(string.Create(inv, $"History: {spec}, {history.ItemCount:N0} items, {start:yyyy-MM-dd} to {today.AddDays(-1):yyyy-MM-dd}; written in {written.TotalSeconds:0.0} s"));

        Measured aggregation;
        await using (var db = DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, connectionString))
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var full = await new Aggregator(db, new BadgeAwarder(db), TimeProvider.System, NullLogger<Aggregator>.Instance).RunAsync(full: true, ct);
            aggregation = new Measured(full.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
            log(string.Create(inv, $"Aggregated: {full.Days} days, {full.PersonMetricRows:N0} person-day rows, {full.PointsRows:N0} points entries, {full.BadgesAwarded:N0} badges in {full.Elapsed.TotalSeconds:0.0} s, {aggregation.Cpu.TotalSeconds:0.0} CPU s"));
        }

        await WriteParametersAsync(connectionString, new Dictionary<string, string>(StringComparer.Ordinal) { [CompleteKey] = DateTimeOffset.UtcNow.ToString("O", inv) }, ct);
        return new BenchBuildFigures(written, aggregation);
    }

    /// <summary>Freezes the month before the current one, as the month-close job does on the first of each month.</summary>
    private static async Task CloseLastFullMonthAsync(string connectionString, Action<string> log, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var month = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        await using var db = DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, connectionString);
        var aggregator = new Aggregator(db, new BadgeAwarder(db), TimeProvider.System, NullLogger<Aggregator>.Instance);
        if (await new MonthCloser(db, aggregator, TimeProvider.System).CloseAsync(month, "bench", ct))
            log($"Closed {month:yyyy-MM}.");
    }

    /// <summary>
    /// The closed month's report, stored as the month-close job stores it after the close, unless a current one is stored.
    /// Without it the first web app started on the file generated it (the month catch-up: a report build on 5M beside the
    /// requests `bench web` measured).
    /// </summary>
    private static async Task StoreReportOfClosedMonthAsync(string connectionString, Action<string> log, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var month = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var period = ReportingPeriod.Month(month.Year, month.Month);
        await using var db = DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, connectionString);
        var archive = new MonthlyReportArchive(db, ReportBuilder(db, TimeProvider.System), TimeProvider.System, Options.Create(new JobsOptions()));
        if (!await db.MonthCloses.AnyAsync(m => m.Month == month, ct) || await archive.IsCurrentAsync(period, ct))
            return;
        var watch = Stopwatch.StartNew();
        var stored = await archive.GenerateAsync(period, "bench", ct);
        log(string.Create(CultureInfo.InvariantCulture, $"Stored the report of {period.Label} (version {stored.Version}) in {watch.Elapsed.TotalSeconds:0.0} s."));
    }

    /// <summary>The monthly report's builder with the product's queries on <paramref name="db"/>, outside dependency injection.</summary>
    public static MonthlyReportBuilder ReportBuilder(AnalyticsDbContext db, TimeProvider clock)
    {
        var barriers = new BarriersQuery(db, clock);
        return new MonthlyReportBuilder(db, new MetricsQuery(db), new LeaderboardQuery(db), barriers,
            new PracticesQuery(db, barriers, new CommunityHealthQuery(db, clock)), Options.Create(new MonthlyReportOptions()), new CommunityHealthQuery(db, clock));
    }

    /// <summary>An HR sign-in, through the same Identity stores the web app uses (so the password hash is the app's).</summary>
    private static async Task EnsureUserAsync(string connectionString, CancellationToken ct)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.Provider)}"] = nameof(DatabaseProvider.Sqlite),
            [$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.ConnectionString)}"] = connectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAnalyticsDatabase(configuration);
        services.AddIdentityCore<AppUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<AnalyticsDbContext>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        ct.ThrowIfCancellationRequested();
        if (!await roles.RoleExistsAsync(HrRole))
            Check(await roles.CreateAsync(new IdentityRole(HrRole)));
        var user = await users.FindByNameAsync(UserName);
        if (user is null)
        {
            user = new AppUser { UserName = UserName, EmailConfirmed = true };
            Check(await users.CreateAsync(user, Password));
        }

        if (!await users.IsInRoleAsync(user, HrRole))
            Check(await users.AddToRoleAsync(user, HrRole));
    }

    /// <summary>The person with the most contributions in the last full month: a profile with something on it.</summary>
    private static async Task<int> MostActivePersonAsync(string connectionString, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var from = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        await using var db = DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, connectionString);
        var top = await db.DailyPersonMetrics.AsNoTracking()
            .Where(m => m.Day >= from && m.Type < ActivityType.Completed)
            .GroupBy(m => m.PersonId)
            .Select(g => new { PersonId = g.Key, Count = g.Sum(m => m.Count) })
            .OrderByDescending(g => g.Count).ThenBy(g => g.PersonId)
            .FirstOrDefaultAsync(ct);
        return top?.PersonId ?? throw new InvalidOperationException("The benchmark database has no activity in the last full month.");
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException("Could not create the benchmark sign-in: " + string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    private static async Task<Dictionary<string, string>?> ReadParametersAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(connectionString + ";Mode=ReadOnly");
        await connection.OpenAsync(ct);
        await using var exists = connection.CreateCommand();
        exists.CommandText = $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{ParametersTable}'";
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) == 0)
            return null;
        await using var read = connection.CreateCommand();
        read.CommandText = $"SELECT Name, Value FROM {ParametersTable}";
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await read.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            values[reader.GetString(0)] = reader.GetString(1);
        return values;
    }

    private static async Task WriteParametersAsync(string connectionString, IReadOnlyDictionary<string, string> values, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var create = connection.CreateCommand();
        create.CommandText = $"CREATE TABLE IF NOT EXISTS {ParametersTable} (Name TEXT NOT NULL PRIMARY KEY, Value TEXT NOT NULL)";
        await create.ExecuteNonQueryAsync(ct);
        foreach (var (name, value) in values)
        {
            await using var upsert = connection.CreateCommand();
            upsert.CommandText = $"INSERT INTO {ParametersTable} (Name, Value) VALUES ($name, $value) ON CONFLICT (Name) DO UPDATE SET Value = excluded.Value";
            upsert.Parameters.AddWithValue("$name", name);
            upsert.Parameters.AddWithValue("$value", value);
            await upsert.ExecuteNonQueryAsync(ct);
        }
    }
}

/// <summary>The file given is not a benchmark database this run may reuse; the message says why and what to do.</summary>
public sealed class BenchDatabaseRefusedException(string message) : Exception(message);
