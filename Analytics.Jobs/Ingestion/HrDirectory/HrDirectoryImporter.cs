using Analytics.Domain.Aggregation;
using Analytics.Domain.Organisation;
using Analytics.Domain.Persistence;
using Analytics.Domain.Sources;
using Analytics.Jobs.Ingestion.Identity;
using Analytics.Jobs.Ingestion.Runner;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Ingestion.HrDirectory;

/// <summary>
/// Imports an HR directory CSV: employees, aliases, departments (created from paths) and org assignments
/// with effective dates. A re-import of a newer file closes the assignment in force and opens a new one
/// for each transfer or manager change, and records leave dates; history is never rewritten. Rows that
/// would corrupt the chart (unknown manager, manager cycle, duplicate id) are rejected with a reason and
/// the rest is applied, in one transaction, with the run and its rejections.
/// </summary>
public sealed class HrDirectoryImporter(
    AnalyticsDbContext db, IdentityResolver identities, TimeProvider clock, IOptions<IngestionOptions> options, ILogger<HrDirectoryImporter> logger)
{
    public const string KindName = "hr-directory";

    public async Task<IngestionResult> ImportAsync(int sourceSystemId, string path, string trigger, CancellationToken ct)
    {
        var run = new SyncRun { SourceSystemId = sourceSystemId, StartedAt = clock.GetUtcNow(), Status = SyncRunStatus.Running, Trigger = trigger };
        db.SyncRuns.Add(run);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        try
        {
            var (rows, rejections) = HrDirectoryReader.Read(path, options.Value.MaxRecordBytes);
            var read = rows.Count + rejections.Count;
            var accepted = await ValidateAsync(rows, rejections, Path.GetFileName(path), ct);

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var (changed, unchanged) = await ApplyAsync(accepted, ct);
            db.Rejections.AddRange(rejections.OrderBy(r => r.Location.Line).Select(r => new Rejection
            {
                SyncRunId = run.Id,
                Location = r.Location.ToString(),
                Reason = r.Reason.Length <= 1000 ? r.Reason : r.Reason[..1000],
                Excerpt = r.Excerpt,
            }));
            await db.SaveChangesAsync(ct);
            var finished = clock.GetUtcNow();
            await db.SyncRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Read, read)
                .SetProperty(r => r.Inserted, changed)
                .SetProperty(r => r.Duplicates, unchanged)
                .SetProperty(r => r.Rejected, rejections.Count)
                .SetProperty(r => r.Status, SyncRunStatus.Succeeded)
                .SetProperty(r => r.FinishedAt, finished), ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();

            // New employees may be the owners of accounts seen before: link by e-mail, suggest by name.
            await identities.LinkByEmailAsync(ct);
            await identities.SuggestAllAsync(ct);
            return new IngestionResult(run.Id, SyncRunStatus.Succeeded, read, changed, unchanged, rejections.Count, null);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "HR directory import run {RunId} failed", run.Id);
            db.ChangeTracker.Clear();
            var status = ex is OperationCanceledException && ct.IsCancellationRequested ? SyncRunStatus.Cancelled : SyncRunStatus.Failed;
            var message = $"{ex.GetType().Name}: {ex.Message}";
            var finished = clock.GetUtcNow();
            await db.SyncRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, status)
                .SetProperty(r => r.FinishedAt, finished)
                .SetProperty(r => r.Error, message.Length <= 4000 ? message : message[..4000]), CancellationToken.None);
            throw;
        }
    }

    /// <summary>Rejects duplicates, unknown managers and manager cycles; returns the rows that can be applied.</summary>
    private async Task<List<HrDirectoryRow>> ValidateAsync(List<HrDirectoryRow> rows, List<RejectedRecord> rejections, string fileName, CancellationToken ct)
    {
        void Reject(HrDirectoryRow row, string reason) =>
            rejections.Add(new RejectedRecord(new RecordLocation(fileName, row.Line), null, reason, row.Excerpt));

        // An id that appears twice is ambiguous: neither row is trusted.
        var accepted = new List<HrDirectoryRow>();
        foreach (var group in rows.GroupBy(r => r.EmployeeNumber, StringComparer.Ordinal))
        {
            if (group.Count() == 1)
            {
                accepted.Add(group.Single());
                continue;
            }

            var lines = string.Join(", ", group.Select(r => r.Line));
            foreach (var row in group)
                Reject(row, $"duplicate employee id '{row.EmployeeNumber}' (lines {lines})");
        }

        var existing = await db.Employees.AsNoTracking()
            .Select(e => new { e.Id, e.EmployeeNumber, e.Email })
            .ToListAsync(ct);
        var existingNumbers = existing.ToDictionary(e => e.EmployeeNumber, e => e.Id, StringComparer.Ordinal);
        var emailOwner = existing.ToDictionary(e => e.Email, e => e.EmployeeNumber, StringComparer.Ordinal);
        foreach (var alias in await db.EmployeeAliases.AsNoTracking().Select(a => new { a.Email, a.Employee!.EmployeeNumber }).ToListAsync(ct))
            emailOwner.TryAdd(alias.Email, alias.EmployeeNumber);

        // E-mails are keys of identity resolution: one address, one employee.
        var claimed = new Dictionary<string, HrDirectoryRow>(StringComparer.Ordinal);
        foreach (var row in accepted.OrderBy(r => r.Line).ToList())
        {
            var clash = row.Aliases.Prepend(row.Email).FirstOrDefault(e =>
                (claimed.TryGetValue(e, out var other) && other.EmployeeNumber != row.EmployeeNumber)
                || (emailOwner.TryGetValue(e, out var owner) && owner != row.EmployeeNumber && !accepted.Any(a => a.EmployeeNumber == owner && !a.Aliases.Prepend(a.Email).Contains(e))));
            if (clash is not null)
            {
                Reject(row, $"e-mail '{clash}' already belongs to another employee");
                accepted.Remove(row);
                continue;
            }

            foreach (var email in row.Aliases.Prepend(row.Email))
                claimed[email] = row;
        }

        // Managers of employees not in this file come from the assignment in force today.
        var currentManagers = await db.OrgAssignments.AsNoTracking()
            .Where(a => a.ValidTo == null && a.ManagerId != null)
            .Select(a => new { a.Employee!.EmployeeNumber, Manager = a.Manager!.EmployeeNumber })
            .ToDictionaryAsync(a => a.EmployeeNumber, a => a.Manager, StringComparer.Ordinal, ct);

        bool changed;
        do
        {
            changed = false;
            var inFile = accepted.ToDictionary(r => r.EmployeeNumber, StringComparer.Ordinal);
            foreach (var row in accepted.ToList())
            {
                if (row.ManagerNumber is { } manager && !inFile.ContainsKey(manager) && !existingNumbers.ContainsKey(manager))
                {
                    Reject(row, $"unknown manager '{manager}'");
                    accepted.Remove(row);
                    changed = true;
                }
                else if (row.ManagerNumber == row.EmployeeNumber)
                {
                    Reject(row, $"manager-chain cycle: {row.EmployeeNumber} manages themself");
                    accepted.Remove(row);
                    changed = true;
                }
            }

            if (changed)
                continue;

            string? ManagerOf(string number) =>
                inFile.TryGetValue(number, out var r) ? r.ManagerNumber : currentManagers.GetValueOrDefault(number);

            foreach (var row in accepted.ToList())
            {
                var chain = new List<string> { row.EmployeeNumber };
                var next = ManagerOf(row.EmployeeNumber);
                while (next is not null && !chain.Contains(next))
                {
                    chain.Add(next);
                    next = ManagerOf(next);
                }

                if (next == row.EmployeeNumber)
                {
                    Reject(row, $"manager-chain cycle: {string.Join(" -> ", chain.Append(next))}");
                    accepted.Remove(row);
                    changed = true;
                }
            }
        }
        while (changed);

        return accepted;
    }

    private async Task<(int Changed, int Unchanged)> ApplyAsync(List<HrDirectoryRow> rows, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var departments = new DepartmentTree(db);
        var employees = await db.Employees.Include(e => e.Aliases).ToDictionaryAsync(e => e.EmployeeNumber, StringComparer.Ordinal, ct);

        var changedRows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!employees.TryGetValue(row.EmployeeNumber, out var employee))
            {
                employee = new Employee { EmployeeNumber = row.EmployeeNumber, DisplayName = row.Name, Email = row.Email, HireDate = row.HireDate };
                db.Employees.Add(employee);
                employees[row.EmployeeNumber] = employee;
                changedRows.Add(row.EmployeeNumber);
            }

            if (employee.DisplayName != row.Name || employee.Email != row.Email || employee.Location != row.Location
                || employee.HireDate != row.HireDate || employee.LeaveDate != row.LeaveDate)
            {
                employee.DisplayName = row.Name;
                employee.Email = row.Email;
                employee.Location = row.Location;
                employee.HireDate = row.HireDate;
                employee.LeaveDate = row.LeaveDate;
                changedRows.Add(row.EmployeeNumber);
            }

            var wanted = row.Aliases.ToHashSet(StringComparer.Ordinal);
            foreach (var gone in employee.Aliases.Where(a => !wanted.Contains(a.Email)).ToList())
            {
                employee.Aliases.Remove(gone);
                changedRows.Add(row.EmployeeNumber);
            }

            foreach (var added in wanted.Where(w => employee.Aliases.All(a => a.Email != w)))
            {
                employee.Aliases.Add(new EmployeeAlias { Email = added });
                changedRows.Add(row.EmployeeNumber);
            }
        }

        await db.SaveChangesAsync(ct);

        var assignments = await db.OrgAssignments.Where(a => a.ValidTo == null).ToDictionaryAsync(a => a.EmployeeId, ct);
        var dirtyFrom = new Dictionary<int, DateOnly>();
        foreach (var row in rows)
        {
            var employee = employees[row.EmployeeNumber];
            var departmentId = await departments.EnsureAsync(row.Department, ct);
            int? managerId = row.ManagerNumber is null ? null : employees.TryGetValue(row.ManagerNumber, out var m) ? m.Id
                : await db.Employees.Where(e => e.EmployeeNumber == row.ManagerNumber).Select(e => e.Id).SingleAsync(ct);
            var effective = row.EffectiveDate ?? (assignments.ContainsKey(employee.Id) ? today : row.HireDate);

            if (!assignments.TryGetValue(employee.Id, out var current))
            {
                // A leaver's last assignment is closed by the leave date; a first import of a leaver still records where they were.
                var end = row.LeaveDate?.AddDays(1);
                var from = effective < row.HireDate ? row.HireDate : effective;
                if (await db.OrgAssignments.AnyAsync(a => a.EmployeeId == employee.Id && a.ValidFrom == from, ct))
                    continue;
                db.OrgAssignments.Add(new OrgAssignment
                {
                    EmployeeId = employee.Id, DepartmentId = departmentId, ManagerId = managerId, ValidFrom = from,
                    ValidTo = end is { } e && e > from ? e : null,
                });
                changedRows.Add(row.EmployeeNumber);
                dirtyFrom[employee.Id] = from;
                continue;
            }

            var open = current;
            if (current.DepartmentId != departmentId || current.ManagerId != managerId)
            {
                if (effective > current.ValidFrom)
                {
                    current.ValidTo = effective;
                    open = new OrgAssignment { EmployeeId = employee.Id, DepartmentId = departmentId, ManagerId = managerId, ValidFrom = effective };
                    db.OrgAssignments.Add(open);
                }
                else
                {
                    // A correction dated on or before the assignment in force replaces it rather than inventing history.
                    current.DepartmentId = departmentId;
                    current.ManagerId = managerId;
                }

                changedRows.Add(row.EmployeeNumber);
                dirtyFrom[employee.Id] = effective < current.ValidFrom ? current.ValidFrom : effective;
            }

            // The assignment of a leaver ends the day after their last day (ValidTo is exclusive).
            if (row.LeaveDate is { } leave && open.ValidTo is null && leave.AddDays(1) > open.ValidFrom)
            {
                open.ValidTo = leave.AddDays(1);
                changedRows.Add(row.EmployeeNumber);
                dirtyFrom[employee.Id] = dirtyFrom.TryGetValue(employee.Id, out var d) && d < leave ? d : leave;
            }
        }

        await db.SaveChangesAsync(ct);
        await MarkDirtyAsync(dirtyFrom, ct);
        return (changedRows.Count, rows.Count - changedRows.Count);
    }

    /// <summary>An org change from a date changes the departments of that employee's activities since.</summary>
    private async Task MarkDirtyAsync(Dictionary<int, DateOnly> dirtyFrom, CancellationToken ct)
    {
        var days = new HashSet<DateOnly>();
        foreach (var (employeeId, from) in dirtyFrom)
        {
            var since = from.ToDateTime(TimeOnly.MinValue);
            var accounts = db.SourceAccounts.Where(a => a.Person!.EmployeeId == employeeId).Select(a => a.Id);
            var dates = await db.Activities
                .Where(a => a.OccurredAt >= since
                            && ((a.ActorAccountId != null && accounts.Contains(a.ActorAccountId.Value))
                                || (a.Item != null && a.Item.AuthorAccountId != null && accounts.Contains(a.Item.AuthorAccountId.Value))))
                .Select(a => a.OccurredAt.Date).Distinct().ToListAsync(ct);
            days.UnionWith(dates.Select(DateOnly.FromDateTime));
        }

        await DirtyDays.MarkAsync(db, days, clock.GetUtcNow(), ct);
    }
}
