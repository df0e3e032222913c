using System.Data.Common;
using Analytics.Domain.Aggregation;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Organisation;
using Analytics.Domain.People;
using Analytics.Domain.Persistence;
using Analytics.Domain.Sources;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Scoring;
using Analytics.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Analytics.Tests.Metrics.Support;

/// <summary>A small organisation in a real SQLite database, built a line at a time.</summary>
public sealed class MetricsWorld : IAsyncDisposable
{
    private int _next;

    private MetricsWorld(TestDatabase database, AnalyticsDbContext db, SourceSystem source)
    {
        Database = database;
        Db = db;
        Source = source;
    }

    public static DateTimeOffset Now { get; } = new(2026, 11, 15, 12, 0, 0, TimeSpan.Zero);

    public TestDatabase Database { get; }
    public AnalyticsDbContext Db { get; }
    public SourceSystem Source { get; }
    public FakeTimeProvider Clock { get; } = new(Now);

    public static async Task<MetricsWorld> CreateAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var db = new SqliteAnalyticsDbContext(new DbContextOptionsBuilder<SqliteAnalyticsDbContext>()
            .UseSqlite(database.ConnectionString).AddInterceptors(new NoSyncOnOpen()).Options);
        var source = new SourceSystem { Name = "wiki", Kind = "demo", CreatedAt = Now };
        db.SourceSystems.Add(source);
        await db.SaveChangesAsync();
        return new MetricsWorld(database, db, source);
    }

    public Aggregator Aggregator() => new(Db, new BadgeAwarder(Db), Clock, NullLogger<Aggregator>.Instance);

    public MonthCloser Closer() => new(Db, Aggregator(), Clock);

    public async Task<AggregationResult> AggregateAsync(bool full = false)
    {
        Db.ChangeTracker.Clear();
        return await Aggregator().RunAsync(full, CancellationToken.None);
    }

    public async Task<Department> DepartmentAsync(string code, Department? parent = null)
    {
        var department = new Department { Code = code, Name = code, ParentId = parent?.Id, Depth = parent is null ? 0 : parent.Depth + 1 };
        Db.Departments.Add(department);
        await Db.SaveChangesAsync();
        department.Path = $"{parent?.Path ?? "/"}{department.Id}/";
        await Db.SaveChangesAsync();
        return department;
    }

    /// <summary>A person with one account; linked to a new employee in <paramref name="department"/> unless it is null.</summary>
    public async Task<SourceAccount> PersonAsync(
        string name, Department? department, DateOnly? hired = null, DateOnly? left = null, bool bot = false, bool optOut = false)
    {
        Employee? employee = null;
        if (department is not null)
        {
            var n = ++_next;
            employee = new Employee
            {
                EmployeeNumber = $"E{n}",
                DisplayName = name,
                Email = $"e{n}@example.com",
                HireDate = hired ?? new DateOnly(2020, 1, 1),
                LeaveDate = left,
                LeaderboardOptOut = optOut,
            };
            employee.Assignments.Add(new OrgAssignment { DepartmentId = department.Id, ValidFrom = employee.HireDate });
            Db.Employees.Add(employee);
        }

        var person = new Person { DisplayName = name, Employee = employee, IsBot = bot, CreatedAt = Now };
        Db.Persons.Add(person);
        await Db.SaveChangesAsync();
        return await AccountAsync(person.Id);
    }

    public async Task<SourceAccount> AccountAsync(int personId, bool bot = false)
    {
        var account = new SourceAccount { SourceSystemId = Source.Id, ExternalId = $"acct-{++_next}", PersonId = personId, IsBot = bot };
        Db.SourceAccounts.Add(account);
        await Db.SaveChangesAsync();
        return account;
    }

    /// <summary>Moves the employee behind <paramref name="account"/> to another department from <paramref name="from"/> on.</summary>
    public async Task TransferAsync(SourceAccount account, Department to, DateOnly from)
    {
        var employeeId = Db.Persons.Single(p => p.Id == account.PersonId).EmployeeId!.Value;
        var current = Db.OrgAssignments.Single(a => a.EmployeeId == employeeId && a.ValidTo == null);
        current.ValidTo = from;
        Db.OrgAssignments.Add(new OrgAssignment { EmployeeId = employeeId, DepartmentId = to.Id, ValidFrom = from });
        await Db.SaveChangesAsync();
    }

    public async Task<KnowledgeItem> ItemAsync(SourceAccount? author, string kind = "page", KnowledgeItem? parent = null,
        DateTimeOffset? created = null, DateTimeOffset? lastEdited = null, string? title = null)
    {
        var item = new KnowledgeItem
        {
            SourceSystemId = Source.Id,
            ExternalId = $"item-{++_next}",
            Kind = kind,
            Title = title,
            AuthorAccountId = author?.Id,
            ParentItemId = parent?.Id,
            CreatedAt = created ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            LastEditedAt = lastEdited,
        };
        Db.KnowledgeItems.Add(item);
        await Db.SaveChangesAsync();
        return item;
    }

    /// <summary>Adds an activity and marks its day, as ingestion does.</summary>
    public async Task<Activity> ActAsync(ActivityType type, SourceAccount? actor, KnowledgeItem? item, DateTime at, double quantity = 1)
    {
        var activity = new Activity
        {
            SourceSystemId = Source.Id,
            SourceEventId = $"ev-{++_next}",
            Type = type,
            ActorAccountId = actor?.Id,
            ItemId = item?.Id,
            OccurredAt = DateTime.SpecifyKind(at, DateTimeKind.Utc),
            Quantity = quantity,
        };
        Db.Activities.Add(activity);
        await Db.SaveChangesAsync();
        await DirtyDays.MarkAsync(Db, [DirtyDays.DayOf(at)], Now, CancellationToken.None);
        return activity;
    }

    /// <summary>Tests need no durability: skipping fsync per commit makes the many small day transactions cheap.</summary>
    private sealed class NoSyncOnOpen : DbConnectionInterceptor
    {
        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=OFF;";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=OFF;";
            command.ExecuteNonQuery();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        await Database.DisposeAsync();
    }
}
