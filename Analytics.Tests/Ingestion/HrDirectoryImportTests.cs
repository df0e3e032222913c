using Analytics.Domain.Organisation;
using Analytics.Jobs.Ingestion.HrDirectory;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Ingestion;

public sealed class HrDirectoryImportTests
{
    private static Task<Jobs.Ingestion.Runner.IngestionResult> ImportAsync(IngestionHost host, string fixture) =>
        host.ImportAsync(HrDirectoryImporter.KindName, IngestionHost.Fixture(fixture), source: "hr");

    private static Task<List<OrgAssignment>> AssignmentsAsync(IngestionHost host, string employee) =>
        host.QueryAsync(db => db.OrgAssignments.Include(a => a.Department).Include(a => a.Manager)
            .Where(a => a.Employee!.EmployeeNumber == employee).OrderBy(a => a.ValidFrom).ToListAsync());

    [Fact]
    public async Task First_import_creates_employees_departments_from_paths_and_assignments()
    {
        await using var host = await IngestionHost.CreateAsync();
        var result = await ImportAsync(host, "hr-directory-v1.csv");

        Assert.Equal((5, 5, 0, 0), (result.Read, result.Inserted, result.Duplicates, result.Rejected));
        var departments = await host.QueryAsync(db => db.Departments.ToDictionaryAsync(d => d.Code));
        Assert.Equal(["Company", "Company/Engineering", "Company/Engineering/Platform", "Company/Sales"], departments.Keys.Order(StringComparer.Ordinal));
        var platform = departments["Company/Engineering/Platform"];
        Assert.Equal(("Platform", 2), (platform.Name, platform.Depth));
        Assert.Equal($"/{departments["Company"].Id}/{departments["Company/Engineering"].Id}/{platform.Id}/", platform.Path);

        var alice = await host.QueryAsync(db => db.Employees.Include(e => e.Aliases).SingleAsync(e => e.EmployeeNumber == "E2"));
        Assert.Equal("alice.smith@example.com", alice.Email);
        Assert.Equal(["alice@old.example.com", "asmith@example.com"], alice.Aliases.Select(a => a.Email).Order(StringComparer.Ordinal));
        var assignment = Assert.Single(await AssignmentsAsync(host, "E2"));
        Assert.Equal(("Company/Engineering/Platform", "E1", new DateOnly(2021, 3, 1), (DateOnly?)null),
            (assignment.Department!.Code, assignment.Manager!.EmployeeNumber, assignment.ValidFrom, assignment.ValidTo));
    }

    [Fact]
    public async Task Reimporting_a_newer_file_records_a_transfer_with_its_effective_date()
    {
        await using var host = await IngestionHost.CreateAsync();
        await ImportAsync(host, "hr-directory-v1.csv");
        await ImportAsync(host, "hr-directory-v2.csv");

        var bob = await AssignmentsAsync(host, "E3");
        Assert.Equal(2, bob.Count);
        Assert.Equal(("Company/Engineering/Platform", "E2", new DateOnly(2022, 1, 10), (DateOnly?)new DateOnly(2026, 9, 1)),
            (bob[0].Department!.Code, bob[0].Manager!.EmployeeNumber, bob[0].ValidFrom, bob[0].ValidTo));
        Assert.Equal(("Company/Sales", "E4", new DateOnly(2026, 9, 1), (DateOnly?)null),
            (bob[1].Department!.Code, bob[1].Manager!.EmployeeNumber, bob[1].ValidFrom, bob[1].ValidTo));
    }

    [Fact]
    public async Task Reimporting_a_newer_file_records_a_manager_change_in_the_same_department()
    {
        await using var host = await IngestionHost.CreateAsync();
        await ImportAsync(host, "hr-directory-v1.csv");
        await ImportAsync(host, "hr-directory-v2.csv");

        var dave = await AssignmentsAsync(host, "E5");
        Assert.Equal([("E4", new DateOnly(2023, 2, 1), (DateOnly?)new DateOnly(2026, 9, 15)), ("E1", new DateOnly(2026, 9, 15), null)],
            dave.Select(a => (a.Manager!.EmployeeNumber, a.ValidFrom, a.ValidTo)));
        Assert.All(dave, a => Assert.Equal("Company/Sales", a.Department!.Code));
    }

    [Fact]
    public async Task Reimporting_a_newer_file_marks_leavers_and_adds_hires()
    {
        await using var host = await IngestionHost.CreateAsync();
        await ImportAsync(host, "hr-directory-v1.csv");
        var result = await ImportAsync(host, "hr-directory-v2.csv");

        Assert.Equal((6, 4, 2, 0), (result.Read, result.Inserted, result.Duplicates, result.Rejected));
        var carol = await host.QueryAsync(db => db.Employees.SingleAsync(e => e.EmployeeNumber == "E4"));
        Assert.Equal(new DateOnly(2026, 10, 31), carol.LeaveDate);
        Assert.False(carol.IsEmployedOn(new DateOnly(2026, 11, 1)));
        var carolAssignment = Assert.Single(await AssignmentsAsync(host, "E4"));
        Assert.Equal(new DateOnly(2026, 11, 1), carolAssignment.ValidTo);

        var erin = Assert.Single(await AssignmentsAsync(host, "E6"));
        Assert.Equal(("Company/Engineering/Data", "E2"), (erin.Department!.Code, erin.Manager!.EmployeeNumber));
    }

    [Fact]
    public async Task Reimporting_the_same_file_changes_nothing()
    {
        await using var host = await IngestionHost.CreateAsync();
        await ImportAsync(host, "hr-directory-v1.csv");
        await ImportAsync(host, "hr-directory-v2.csv");
        var before = await host.QueryAsync(db => db.OrgAssignments.OrderBy(a => a.Id).Select(a => new { a.Id, a.DepartmentId, a.ManagerId, a.ValidFrom, a.ValidTo }).ToListAsync());

        var again = await ImportAsync(host, "hr-directory-v2.csv");

        Assert.Equal((0, 6), (again.Inserted, again.Duplicates));
        var after = await host.QueryAsync(db => db.OrgAssignments.OrderBy(a => a.Id).Select(a => new { a.Id, a.DepartmentId, a.ManagerId, a.ValidFrom, a.ValidTo }).ToListAsync());
        Assert.Equal(before, after);
    }

    [Theory]
    [InlineData(3, "unknown manager 'E99'")]
    [InlineData(4, "manager-chain cycle: E8 -> E9 -> E8")]
    [InlineData(5, "manager-chain cycle: E9 -> E8 -> E9")]
    [InlineData(6, "duplicate employee id 'E10' (lines 6, 7)")]
    [InlineData(7, "duplicate employee id 'E10' (lines 6, 7)")]
    [InlineData(8, "unparsable date in 'hire_date': '01/02/2024' (expected yyyy-MM-dd)")]
    [InlineData(9, "missing required field 'name'")]
    public async Task A_bad_directory_row_is_rejected_with_line_and_reason_and_the_rest_applied(int line, string reason)
    {
        await using var host = await IngestionHost.CreateAsync();
        var result = await ImportAsync(host, "hr-directory-bad.csv");

        var rejections = await host.QueryAsync(db => db.Rejections.Where(r => r.SyncRunId == result.SyncRunId).ToListAsync());
        var rejection = Assert.Single(rejections, r => r.Location == $"hr-directory-bad.csv:{line}");
        Assert.Equal(reason, rejection.Reason);
        Assert.Equal(7, result.Rejected);
        Assert.Equal(["E1", "E13"], await host.QueryAsync(db => db.Employees.OrderBy(e => e.EmployeeNumber).Select(e => e.EmployeeNumber).ToListAsync()));
    }

    [Fact]
    public async Task A_cycle_through_an_employee_already_stored_is_rejected()
    {
        await using var host = await IngestionHost.CreateAsync();
        await ImportAsync(host, "hr-directory-v1.csv");
        var path = Path.Combine(Path.GetTempPath(), $"hr-cycle-{Guid.NewGuid():N}.csv");
        // Grace (E1) now reports to Dave (E5), whose chain in the database runs E5 -> E4 -> E1.
        await File.WriteAllTextAsync(path,
            "employee_id,name,email,aliases,department,manager_id,location,hire_date,leave_date,effective_date\n" +
            "E1,Grace Hopper,grace@example.com,,Company,E5,,2020-01-01,,2026-10-01\n");
        try
        {
            var result = await host.ImportAsync(HrDirectoryImporter.KindName, path, source: "hr");

            Assert.Equal(1, result.Rejected);
            var rejection = await host.QueryAsync(db => db.Rejections.SingleAsync(r => r.SyncRunId == result.SyncRunId));
            Assert.Equal("manager-chain cycle: E1 -> E5 -> E4 -> E1", rejection.Reason);
            Assert.Null(Assert.Single(await AssignmentsAsync(host, "E1")).ManagerId);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_path_naming_the_root_by_its_display_name_or_code_finds_the_existing_tree_and_never_makes_a_second_root()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.QueryAsync(async db =>
        {
            var root = new Department { Code = "ROOT", Name = "Northwind Group" };
            db.Departments.Add(root);
            await db.SaveChangesAsync();
            root.Path = $"/{root.Id}/";
            foreach (var (code, name) in new[] { ("ENG", "Engineering"), ("OPS-A", "Operations"), ("OPS-B", "Operations") })
                db.Departments.Add(new Department { Code = code, Name = name, ParentId = root.Id, Depth = 1 });
            await db.SaveChangesAsync();
            foreach (var child in db.Departments.Local.Where(d => d.ParentId == root.Id))
                child.Path = $"/{root.Id}/{child.Id}/";
            return await db.SaveChangesAsync();
        });
        var path = Path.Combine(Path.GetTempPath(), $"hr-root-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path,
            "employee_id,name,email,aliases,department,manager_id,location,hire_date,leave_date,effective_date\n" +
            "E1,Grace Hopper,grace@example.com,,Northwind Group,,,2020-01-01,,\n" +
            "E2,Alice Smith,alice@example.com,,northwind group/Engineering/Platform,E1,,2021-03-01,,\n" +
            "E3,Bob Jones,bob@example.com,,ROOT/Sales,E1,,2021-03-01,,\n" +
            "E4,Dan Brown,dan@example.com,,Northwind Group/ENG,E1,,2021-03-01,,\n" +
            "E5,Eve Adams,eve@example.com,,Northwind Group/Operations,E1,,2021-03-01,,\n");
        try
        {
            var result = await host.ImportAsync(HrDirectoryImporter.KindName, path, source: "hr");

            Assert.Equal((5, 4, 1), (result.Read, result.Inserted, result.Rejected));
            var departments = await host.QueryAsync(db => db.Departments.AsNoTracking().ToListAsync());
            var root = Assert.Single(departments, d => d.ParentId is null);
            Assert.Equal("ROOT", root.Code);
            var eng = departments.Single(d => d.Code == "ENG");
            var platform = departments.Single(d => d.Name == "Platform");
            var sales = departments.Single(d => d.Name == "Sales");
            Assert.Equal((eng.Id, 2, $"/{root.Id}/{eng.Id}/{platform.Id}/"), (platform.ParentId!.Value, platform.Depth, platform.Path));
            Assert.Equal((root.Id, 1, $"/{root.Id}/{sales.Id}/"), (sales.ParentId!.Value, sales.Depth, sales.Path));
            Assert.Equal(6, departments.Count);
            Assert.Equal(root.Id, Assert.Single(await AssignmentsAsync(host, "E1")).DepartmentId);
            Assert.Equal(platform.Id, Assert.Single(await AssignmentsAsync(host, "E2")).DepartmentId);
            Assert.Equal(eng.Id, Assert.Single(await AssignmentsAsync(host, "E4")).DepartmentId);
            // Two departments named Operations under the root: the row cannot say which, so it is rejected, not guessed.
            var rejection = await host.QueryAsync(db => db.Rejections.SingleAsync(r => r.SyncRunId == result.SyncRunId));
            Assert.Equal($"{Path.GetFileName(path)}:6", rejection.Location);
            Assert.Equal("department path 'Northwind Group/Operations' is ambiguous: 2 departments at level 2 are named 'Operations' (OPS-A, OPS-B); use a department code", rejection.Reason);

            // The same file again finds everything it created: nothing new.
            var again = await host.ImportAsync(HrDirectoryImporter.KindName, path, source: "hr");
            Assert.Equal((0, 4), (again.Inserted, again.Duplicates));
            Assert.Equal(6, await host.QueryAsync(db => db.Departments.CountAsync()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_first_import_writes_new_rows_through_prepared_statements_and_sends_the_batch_keys_as_one_parameter()
    {
        await using var host = await IngestionHost.CreateAsync();
        var path = Path.Combine(Path.GetTempPath(), "analytics-tests", $"hr-bulk-{Guid.NewGuid():N}.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await new Jobs.Ingestion.Bench.HrDirectoryFileGenerator(1_200).WriteCsvAsync(path, CancellationToken.None);
        try
        {
            using var commands = new EfCommandLog(host.Database.Path);
            var result = await host.ImportAsync(HrDirectoryImporter.KindName, path, source: "hr");

            Assert.Equal((1_200, 1_200, 0), (result.Read, result.Inserted, result.Rejected));
            // ADR 2002: new employees, aliases and assignments go through prepared statements, not one EF entity each, and the
            // batch's keys as one JSON parameter: 1,200 parameters in one statement cost SQLite a linear name lookup each.
            var texts = commands.Executed.Select(c => c.Text).ToList();
            Assert.NotEmpty(texts);
            Assert.DoesNotContain(texts, t => t.Contains("INSERT INTO \"Employees\"", StringComparison.Ordinal)
                                              || t.Contains("INSERT INTO \"EmployeeAliases\"", StringComparison.Ordinal)
                                              || t.Contains("INSERT INTO \"OrgAssignments\"", StringComparison.Ordinal)
                                              || t.Contains("INSERT INTO \"Departments\"", StringComparison.Ordinal));
            Assert.True(commands.Executed.Max(c => c.Parameters) < 100, $"an EF command with {commands.Executed.Max(c => c.Parameters)} parameters");
        }
        finally
        {
            File.Delete(path);
        }

        // What the writer stored reads back through EF as the directory says (generator: an alias for every third, a
        // leaver every fiftieth, E0 at the top).
        Assert.Equal((1_200, 400, 1_200), await host.QueryAsync(async db =>
            (await db.Employees.CountAsync(), await db.EmployeeAliases.CountAsync(), await db.OrgAssignments.CountAsync())));
        var leaver = await host.QueryAsync(db => db.Employees.Include(e => e.Aliases).SingleAsync(e => e.EmployeeNumber == "E99"));
        Assert.Equal(("Person 99", "person99@example.com", "City 0", new DateOnly(2015, 4, 10), (DateOnly?)new DateOnly(2016, 5, 14)),
            (leaver.DisplayName, leaver.Email, leaver.Location, leaver.HireDate, leaver.LeaveDate));
        Assert.Equal(["p99@old.example.com"], leaver.Aliases.Select(a => a.Email));
        var assignment = Assert.Single(await AssignmentsAsync(host, "E99"));
        Assert.Equal(("Company/Division 1/Team 1-7", "E9", new DateOnly(2015, 4, 10), (DateOnly?)new DateOnly(2016, 5, 15)),
            (assignment.Department!.Code, assignment.Manager!.EmployeeNumber, assignment.ValidFrom, assignment.ValidTo));
        Assert.Null(Assert.Single(await AssignmentsAsync(host, "E0")).ManagerId);
        // Departments created by the writer carry their materialised path of ids, as EF's two saves wrote it.
        var team = await host.QueryAsync(db => db.Departments.AsNoTracking().SingleAsync(d => d.Code == "Company/Division 1/Team 1-7"));
        var division = await host.QueryAsync(db => db.Departments.AsNoTracking().SingleAsync(d => d.Code == "Company/Division 1"));
        var company = await host.QueryAsync(db => db.Departments.AsNoTracking().SingleAsync(d => d.Code == "Company"));
        Assert.Equal(($"/{company.Id}/{division.Id}/{team.Id}/", 2, division.Id, "Team 1-7"), (team.Path, team.Depth, team.ParentId, team.Name));
        Assert.Equal(($"/{company.Id}/", 0, (int?)null), (company.Path, company.Depth, company.ParentId));
    }

    /// <summary>The commands EF sends to one database file while it lives (EF's diagnostic events; other tests' databases are ignored).</summary>
    private sealed class EfCommandLog : IObserver<System.Diagnostics.DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _file;
        private readonly List<IDisposable> _subscriptions = [];
        private readonly System.Collections.Concurrent.ConcurrentQueue<(string Text, int Parameters)> _executed = new();

        public EfCommandLog(string file)
        {
            _file = file;
            lock (_subscriptions)
                _subscriptions.Add(System.Diagnostics.DiagnosticListener.AllListeners.Subscribe(this));
        }

        public IReadOnlyList<(string Text, int Parameters)> Executed => [.. _executed];

        public void OnNext(System.Diagnostics.DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                lock (_subscriptions)
                    _subscriptions.Add(value.Subscribe(this));
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandExecuting.Name
                && value.Value is Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData data
                && data.Context?.Database.GetConnectionString()?.Contains(_file, StringComparison.Ordinal) == true)
                _executed.Enqueue((data.Command.CommandText, data.Command.Parameters.Count));
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            lock (_subscriptions)
            {
                foreach (var subscription in _subscriptions)
                    subscription.Dispose();
            }
        }
    }
}
