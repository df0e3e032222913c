using System.Text;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Recognition;
using Analytics.Jobs.Demo;
using Analytics.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Analytics.Tests.Demo;

public sealed class DemoOrganisationTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    private static DemoDataSet Generate(DemoOptions options) => new DemoOrganisationGenerator(options, Today).Generate();

    [Fact]
    public async Task The_same_seed_gives_byte_identical_databases()
    {
        var options = new DemoOptions { Employees = 80, Months = 3, Seed = 7 };
        await using var first = await TestDatabase.CreateAsync();
        await using var second = await TestDatabase.CreateAsync();
        await SeedAsync(first, options);
        await SeedAsync(second, options);

        var dumpA = await DumpAsync(first);
        var dumpB = await DumpAsync(second);
        Assert.True(dumpA.Length > 10_000, "the dump should hold the seeded data");
        Assert.Equal(dumpA, dumpB);

        await using var third = await TestDatabase.CreateAsync();
        await SeedAsync(third, options with { Seed = 8 });
        Assert.NotEqual(dumpA, await DumpAsync(third));
    }

    [Fact]
    public void The_window_is_the_months_ending_with_the_last_full_month()
    {
        var generator = new DemoOrganisationGenerator(new DemoOptions { Employees = 60, Months = 12 }, Today);
        var data = generator.Generate();
        Assert.Equal(new DateOnly(2025, 11, 1), generator.WindowStart);
        Assert.Equal(new DateOnly(2026, 10, 31), generator.WindowEnd);
        Assert.All(data.Activities, a => Assert.InRange(DateOnly.FromDateTime(a.OccurredAt), generator.WindowStart, generator.WindowEnd));
    }

    [Fact]
    public void The_department_tree_has_at_least_three_levels_and_managers()
    {
        var data = Generate(new DemoOptions());
        Assert.True(data.Departments.Max(d => d.Depth) >= 3);
        Assert.Equal(500, data.Employees.Count);
        var managers = data.Assignments.Where(a => a.Manager is not null).Select(a => a.Manager).Distinct().Count();
        Assert.True(managers >= data.Departments.Count - 1, $"every department has a head who manages someone; found {managers} managers");
        Assert.Single(data.Assignments, a => a.Manager is null); // only the chief executive reports to nobody
    }

    [Fact]
    public void The_top_tenth_of_contributors_make_40_to_70_percent_of_contributions()
    {
        var data = Generate(new DemoOptions());
        var perPerson = data.Activities
            .Where(a => a.Type.IsContribution() && a.Actor is { IsBot: false, Person.Employee: not null })
            .GroupBy(a => a.Actor!.Person!)
            .Select(g => g.Count())
            .OrderDescending()
            .ToList();
        var top = (int)Math.Ceiling(perPerson.Count * 0.1);
        var share = (double)perPerson.Take(top).Sum() / perPerson.Sum();
        Assert.InRange(share, 0.40, 0.70);
    }

    [Fact]
    public void Between_10_and_40_percent_of_reuse_is_cross_team()
    {
        var data = Generate(new DemoOptions());
        var departmentOn = DepartmentLookup(data);
        int cross = 0, same = 0;
        foreach (var a in data.Activities.Where(a => a.Type.IsReuse() && a.Actor is not null && a.Item?.Author is not null))
        {
            var day = DateOnly.FromDateTime(a.OccurredAt);
            var reuser = departmentOn(a.Actor!.Person!.Employee, day);
            var author = departmentOn(a.Item!.Author!.Person!.Employee, day);
            if (reuser is null || author is null || a.Actor.Person == a.Item.Author.Person) continue;
            if (reuser == author) same++;
            else cross++;
        }

        Assert.True(cross + same > 1000);
        Assert.InRange((double)cross / (cross + same), 0.10, 0.40);
    }

    [Fact]
    public void The_silo_department_neither_gives_nor_receives_cross_team_reuse()
    {
        var data = Generate(new DemoOptions());
        var departmentOn = DepartmentLookup(data);
        var siloCross = 0;
        var siloInternal = 0;
        foreach (var a in data.Activities.Where(a => a.Type.IsReuse() && a.Actor is not null && a.Item?.Author is not null))
        {
            var day = DateOnly.FromDateTime(a.OccurredAt);
            var reuser = departmentOn(a.Actor!.Person!.Employee, day)?.Code;
            var author = departmentOn(a.Item!.Author!.Person!.Employee, day)?.Code;
            if (reuser is null || author is null) continue;
            var involvesSilo = reuser == DemoCatalog.SiloDepartment || author == DemoCatalog.SiloDepartment;
            if (!involvesSilo) continue;
            if (reuser == author) siloInternal++;
            else siloCross++;
        }

        Assert.True(siloInternal > 50, "the silo shares inside itself");
        // Transfers in and out of the silo can carry a handful of old items across; the silo itself is closed.
        Assert.True(siloCross <= siloInternal * 0.05, $"silo cross-team reuse {siloCross} vs internal {siloInternal}");
    }

    [Fact]
    public void The_organisation_has_the_events_a_story_needs()
    {
        var data = Generate(new DemoOptions());
        Assert.True(data.Sources.Count >= 3);
        Assert.Contains(data.Employees, e => e.LeaveDate is not null);
        Assert.Contains(data.Employees, e => e.LeaderboardOptOut);
        Assert.Contains(data.Employees, e => data.Assignments.Count(a => a.Employee == e) > 1); // a transfer
        Assert.Contains(data.Persons, p => p.IsBot);
        Assert.Contains(data.Persons, p => p.Employee is null && !p.IsBot); // unlinked outside contributors

        var questions = data.Items.Where(i => i.Kind == "question").ToList();
        var answered = data.Items.Where(i => i.Kind == "answer").Select(i => i.Parent).Distinct().Count();
        Assert.InRange(answered, questions.Count / 2, questions.Count - 1); // answered and unanswered questions

        foreach (var type in new[] { ActivityType.Completed, ActivityType.Attended, ActivityType.Mentored, ActivityType.Presented, ActivityType.Accepted, ActivityType.Linked })
            Assert.Contains(data.Activities, a => a.Type == type);
    }

    private static Func<Domain.Organisation.Employee?, DateOnly, Domain.Organisation.Department?> DepartmentLookup(DemoDataSet data)
    {
        var byEmployee = data.Assignments.ToLookup(a => a.Employee);
        return (employee, day) => employee is null || !employee.IsEmployedOn(day)
            ? null
            : byEmployee[employee].FirstOrDefault(a => a.IsInForceOn(day))?.Department;
    }

    /// <summary>Issue 18: recognition pages, the feed and the report's recognition sheet have content on first start.</summary>
    [Fact]
    public async Task The_demo_holds_approved_and_pending_awards_from_budgets_partly_spent()
    {
        await using var database = await TestDatabase.CreateAsync();
        await SeedAsync(database, new DemoOptions { Employees = 150, Months = 6, Seed = 42 });
        await using var db = database.CreateContext();
        var awards = await db.RecognitionAwards.Include(a => a.Evidence).AsNoTracking().ToListAsync();
        var thisMonth = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Contains(awards, a => a.Status == AwardStatus.Approved && a.DecidedAt is null && a.CreatedAt >= thisMonth);
        Assert.Contains(awards, a => a.Status == AwardStatus.Approved && a.DecidedAt is not null && a.DecidedBy == "hr");
        Assert.Contains(awards, a => a.Status == AwardStatus.PendingApproval);
        Assert.All(awards.Where(a => a.Status == AwardStatus.PendingApproval), a => Assert.True(a.Points > DemoRecognition.ApprovalThreshold && a.CreatedAt >= thisMonth));
        Assert.All(awards.Where(a => a.DecidedAt is null && a.Status == AwardStatus.Approved), a => Assert.InRange(a.Points, 1, DemoRecognition.ApprovalThreshold));
        Assert.All(awards, a => Assert.True(a.CreatedAt <= new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero)));

        // Each giver manages the recipient today (the chief executive, with no manager, among the givers: ADR 1811).
        var today = new DateOnly(2026, 11, 27);
        var managerOf = await db.OrgAssignments.AsNoTracking().Where(a => a.ValidFrom <= today && (a.ValidTo == null || a.ValidTo > today))
            .ToDictionaryAsync(a => a.EmployeeId, a => a.ManagerId);
        Assert.All(awards, a => Assert.Equal(a.GiverId, managerOf[a.RecipientId]));
        Assert.Contains(awards, a => managerOf[a.GiverId] is null);

        // The people behind the demo sign-ins who have a manager each hold an approved award of their own.
        foreach (var position in DemoCast.All)
        {
            var person = await DemoCast.FindAsync(db, position, today, CancellationToken.None);
            Assert.NotNull(person);
            if (managerOf[person.Value] is not null)
                Assert.Contains(awards, a => a.RecipientId == person && a.Status == AwardStatus.Approved);
        }

        // Budgets spent by exactly their awards (approved and pending), never beyond, some only partly.
        var budgets = await db.RecognitionBudgets.AsNoTracking().ToListAsync();
        Assert.All(budgets, b => Assert.Equal(awards.Where(a => a.BudgetId == b.Id).Sum(a => a.Points), b.Spent));
        Assert.All(budgets, b => Assert.InRange(b.Spent, 1, b.Points));
        Assert.Contains(budgets, b => b.Spent < b.Points);

        // Evidence is the recipient's own contribution of the award's month; every award and decision is audited.
        var withEvidence = awards.Where(a => a.Evidence.Count > 0).ToList();
        Assert.True(withEvidence.Count > awards.Count / 2, $"{withEvidence.Count} of {awards.Count} awards have evidence");
        foreach (var award in withEvidence)
        {
            var evidence = award.Evidence.Single();
            var actor = await db.Activities.Where(a => a.Id == evidence.ActivityId).Select(a => a.ActorAccount!.Person!.EmployeeId).SingleAsync();
            Assert.Equal(award.RecipientId, actor);
            Assert.True(evidence.Type.IsContribution());
        }

        var audit = await db.AuditEntries.AsNoTracking().ToListAsync();
        Assert.Equal(awards.Count, audit.Count(e => e.Action == "award.created"));
        Assert.Equal(awards.Count(a => a.DecidedAt is not null), audit.Count(e => e.Action == "award.approved"));
        Assert.Equal(budgets.Count, audit.Count(e => e.Action == "budget.created"));
    }

    private static async Task SeedAsync(TestDatabase database, DemoOptions options)
    {
        await using var db = database.CreateContext();
        await new DemoSeeder(db, new Analytics.Jobs.Ingestion.Runner.SqliteActivityBulkWriter(64), new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero))).SeedAsync(options, CancellationToken.None);
    }

    /// <summary>Every row of every table, in key order, as text: equal dumps mean equal data.</summary>
    private static async Task<string> DumpAsync(TestDatabase database)
    {
        var dump = new StringBuilder();
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__EFMigrationsHistory' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }

        foreach (var table in tables)
        {
            dump.Append("## ").AppendLine(table);
            int columns;
            await using (var shape = connection.CreateCommand())
            {
                shape.CommandText = $"SELECT * FROM \"{table}\" LIMIT 0";
                await using var empty = await shape.ExecuteReaderAsync();
                columns = empty.FieldCount;
            }

            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY {(columns > 1 ? "1, 2" : "1")}";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                    dump.Append(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('\t');
                dump.AppendLine();
            }
        }

        return dump.ToString();
    }
}
