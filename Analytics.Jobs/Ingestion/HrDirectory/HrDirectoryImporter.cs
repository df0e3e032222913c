using Analytics.Domain.Aggregation;
using Analytics.Domain.Organisation;
using Analytics.Domain.Persistence;
using Analytics.Domain.Sources;
using Analytics.Jobs.Connectors;
using Analytics.Jobs.Ingestion.Identity;
using Analytics.Jobs.Ingestion.Runner;
using Analytics.Jobs.Ingestion.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Ingestion.HrDirectory;

/// <summary>
/// Imports an HR directory CSV: employees, aliases, departments (created from paths) and org assignments
/// with effective dates. A re-import of a newer file closes the assignment in force and opens a new one
/// for each transfer or manager change, and records leave dates; history is never rewritten. Rows that
/// would corrupt the chart (unknown manager, manager cycle, duplicate id, ambiguous department) are rejected
/// with a reason and the rest is applied in batches of <see cref="IngestionOptions.HrDirectoryBatchSize"/> rows,
/// managers before their reports, each batch in its own transaction with the run's counters and a cursor
/// (ADR 1681): a killed run leaves whole batches, and the next run of the same file continues after them.
/// The rejections and the run's end are written with the last batch.
/// </summary>
public sealed class HrDirectoryImporter(
    AnalyticsDbContext db, IdentityResolver identities, SourceLock sourceLock, TimeProvider clock, IOptions<IngestionOptions> options,
    ILogger<HrDirectoryImporter> logger)
{
    private readonly HrDirectoryWriter _writer = new(db);

    public const string KindName = "hr-directory";

    public async Task<IngestionResult> ImportAsync(int sourceSystemId, string path, string trigger, CancellationToken ct)
    {
        // As for every other source: one run at a time, so a run still marked Running below can only be a killed one.
        await using var held = await sourceLock.AcquireAsync(sourceSystemId, ct);
        var started = clock.GetUtcNow();
        await db.SyncRuns.Where(r => r.SourceSystemId == sourceSystemId && r.Status == SyncRunStatus.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, SyncRunStatus.Failed)
                .SetProperty(r => r.FinishedAt, started)
                .SetProperty(r => r.Error, "Interrupted: the process ended before the run finished; a later run of the same file continued after its last committed batch."), ct);

        var run = new SyncRun { SourceSystemId = sourceSystemId, StartedAt = started, Status = SyncRunStatus.Running, Trigger = trigger };
        db.SyncRuns.Add(run);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        try
        {
            var (rows, rejections) = HrDirectoryReader.Read(path, options.Value.MaxRecordBytes);
            var fileName = Path.GetFileName(path);
            var accepted = await ValidateAsync(rows, rejections, fileName, ct);
            var departments = await DepartmentTree.LoadAsync(db, ct);
            foreach (var row in accepted.ToList())
            {
                if (departments.Problem(row.Department) is { } problem)
                {
                    rejections.Add(new RejectedRecord(new RecordLocation(fileName, row.Line), null, problem, row.Excerpt));
                    accepted.Remove(row);
                }
            }

            var ordered = ManagersFirst(accepted);
            var fingerprint = await ExportFingerprint.OfFileAsync(path, ct);
            var storedCursor = await db.SourceSystems.Where(s => s.Id == sourceSystemId).Select(s => s.Cursor).SingleAsync(ct);
            // Rows committed by a killed run of the same file are not applied again (the order is the same: same file, same rules).
            var skip = (int)Math.Min(ExportFingerprint.ResumeAfter(storedCursor, fingerprint), ordered.Count);
            var read = ordered.Count - skip + rejections.Count;
            var known = await db.Employees.AsNoTracking().Select(e => new { e.EmployeeNumber, e.Id })
                .ToDictionaryAsync(e => e.EmployeeNumber, e => e.Id, StringComparer.Ordinal, ct);

            var (changed, unchanged) = (0, 0);
            var batchSize = options.Value.HrDirectoryBatchSize;
            for (var from = skip; ; from += batchSize)
            {
                var batch = ordered.Skip(from).Take(batchSize).ToList();
                var last = from + batch.Count >= ordered.Count;
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await held.FenceAsync(db, ct);
                var (c, u) = await ApplyAsync(batch, departments, known, ct);
                changed += c;
                unchanged += u;
                var now = clock.GetUtcNow();
                if (last)
                {
                    db.Rejections.AddRange(rejections.OrderBy(r => r.Location.Line).Select(r => new Rejection
                    {
                        SyncRunId = run.Id,
                        Location = r.Location.ToString(),
                        Reason = r.Reason.Length <= 1000 ? r.Reason : r.Reason[..1000],
                        Excerpt = r.Excerpt,
                    }));
                    await db.SaveChangesAsync(ct);
                }

                await db.SyncRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Read, last ? read : 0)
                    .SetProperty(r => r.Inserted, r => r.Inserted + c)
                    .SetProperty(r => r.Duplicates, r => r.Duplicates + u)
                    .SetProperty(r => r.Rejected, last ? rejections.Count : 0)
                    .SetProperty(r => r.Status, last ? SyncRunStatus.Succeeded : SyncRunStatus.Running)
                    .SetProperty(r => r.FinishedAt, last ? now : (DateTimeOffset?)null), ct);
                // The cursor moves with the rows it covers; a finished file leaves none, so importing it again re-checks every row.
                var cursor = last ? null : ExportFingerprint.Cursor(fingerprint, from + batch.Count);
                await db.SourceSystems.Where(s => s.Id == sourceSystemId).ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.Cursor, cursor)
                    .SetProperty(x => x.CursorUpdatedAt, now), ct);
                await transaction.CommitAsync(ct);
                db.ChangeTracker.Clear();
                if (last)
                    break;
            }

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

    /// <summary>
    /// The rows in the order they are applied: a manager in the file before the people who report to them (so a
    /// batch only refers to managers already stored), otherwise in file order. Validation has removed cycles.
    /// </summary>
    private static List<HrDirectoryRow> ManagersFirst(List<HrDirectoryRow> rows)
    {
        var byNumber = rows.ToDictionary(r => r.EmployeeNumber, StringComparer.Ordinal);
        var levels = new Dictionary<string, int>(StringComparer.Ordinal);
        int Level(HrDirectoryRow row)
        {
            if (levels.TryGetValue(row.EmployeeNumber, out var known))
                return known;
            // Walk up iteratively: a chain of thousands of managers must not exhaust the stack.
            var chain = new List<HrDirectoryRow> { row };
            var level = 0;
            while (chain[^1].ManagerNumber is { } manager && byNumber.TryGetValue(manager, out var above))
            {
                if (levels.TryGetValue(manager, out var stored))
                {
                    level = stored + 1;
                    break;
                }

                chain.Add(above);
            }

            for (var i = chain.Count - 1; i >= 0; i--, level++)
                levels[chain[i].EmployeeNumber] = level;
            return levels[row.EmployeeNumber];
        }

        return [.. rows.OrderBy(Level).ThenBy(r => r.Line)];
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

    private async Task<(int Changed, int Unchanged)> ApplyAsync(
        List<HrDirectoryRow> rows, DepartmentTree departments, Dictionary<string, int> known, CancellationToken ct)
    {
        if (rows.Count == 0)
            return (0, 0);
        // The batch's new departments first (through the writer: its path is made of ids, known only after the insert).
        foreach (var department in rows.Select(r => r.Department).Distinct(StringComparer.Ordinal))
            await departments.EnsureAsync(department, ct);
        db.ChangeTracker.Clear();

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        // The batch's keys go as one JSON parameter (EF.Parameter): EF 10's default of one SQL parameter per value made
        // SQLite look each of 5,000 parameters up by name in a linear list, about a tenth of the import's CPU (ADR 2002).
        var numbers = rows.Select(r => r.EmployeeNumber).ToList();
        var employees = await db.Employees.Include(e => e.Aliases).Where(e => EF.Parameter(numbers).Contains(e.EmployeeNumber))
            .ToDictionaryAsync(e => e.EmployeeNumber, StringComparer.Ordinal, ct);

        var changedRows = new HashSet<string>(StringComparer.Ordinal);
        // New employees (most rows of a first import) go through the writer; the tracked existing ones through EF below.
        var created = new List<Employee>();
        foreach (var row in rows)
        {
            if (!employees.TryGetValue(row.EmployeeNumber, out var employee))
            {
                employee = new Employee
                {
                    EmployeeNumber = row.EmployeeNumber, DisplayName = row.Name, Email = row.Email, Location = row.Location,
                    HireDate = row.HireDate, LeaveDate = row.LeaveDate,
                    Aliases = [.. row.Aliases.Distinct(StringComparer.Ordinal).Select(a => new EmployeeAlias { Email = a })],
                };
                created.Add(employee);
                employees[row.EmployeeNumber] = employee;
                changedRows.Add(row.EmployeeNumber);
                continue;
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
        await _writer.InsertEmployeesAsync(created, ct);
        foreach (var (number, employee) in employees)
            known[number] = employee.Id;

        // Employees created in this batch have no assignments yet: only the others are looked up.
        var createdNow = created.ToHashSet();
        var ids = employees.Values.Where(e => !createdNow.Contains(e)).Select(e => e.Id).ToList();
        var assignments = await db.OrgAssignments.Where(a => a.ValidTo == null && EF.Parameter(ids).Contains(a.EmployeeId)).ToDictionaryAsync(a => a.EmployeeId, ct);
        var starts = (await db.OrgAssignments.Where(a => EF.Parameter(ids).Contains(a.EmployeeId)).Select(a => new { a.EmployeeId, a.ValidFrom }).ToListAsync(ct))
            .Select(a => (a.EmployeeId, a.ValidFrom)).ToHashSet();
        var dirtyFrom = new Dictionary<int, DateOnly>();
        var newAssignments = new List<OrgAssignment>();
        foreach (var row in rows)
        {
            var employee = employees[row.EmployeeNumber];
            var departmentId = await departments.EnsureAsync(row.Department, ct);
            // Managers come first (ManagersFirst): one in the file is stored by now, one outside it was validated as stored.
            int? managerId = row.ManagerNumber is null ? null : known[row.ManagerNumber];
            var effective = row.EffectiveDate ?? (assignments.ContainsKey(employee.Id) ? today : row.HireDate);

            if (!assignments.TryGetValue(employee.Id, out var current))
            {
                // A leaver's last assignment is closed by the leave date; a first import of a leaver still records where they were.
                var end = row.LeaveDate?.AddDays(1);
                var from = effective < row.HireDate ? row.HireDate : effective;
                if (!starts.Add((employee.Id, from)))
                    continue;
                newAssignments.Add(new OrgAssignment
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
        await _writer.InsertAssignmentsAsync(newAssignments, ct);
        await MarkDirtyAsync(dirtyFrom, ct);
        return (changedRows.Count, rows.Count - changedRows.Count);
    }

    /// <summary>
    /// An org change from a date changes the departments of that employee's activities since: the days of the
    /// batch's employees' activities (as actor or as item author) on or after each one's date, in two queries per batch.
    /// </summary>
    private async Task MarkDirtyAsync(Dictionary<int, DateOnly> dirtyFrom, CancellationToken ct)
    {
        if (dirtyFrom.Count == 0)
            return;
        var employeeIds = dirtyFrom.Keys.ToList();
        var owners = await db.SourceAccounts.Where(a => a.Person!.EmployeeId != null && EF.Parameter(employeeIds).Contains(a.Person.EmployeeId.Value))
            .Select(a => new { a.Id, EmployeeId = a.Person!.EmployeeId!.Value })
            .ToDictionaryAsync(a => a.Id, a => a.EmployeeId, ct);
        if (owners.Count == 0)
            return;
        var accountIds = owners.Keys.ToList();
        var since = dirtyFrom.Values.Min().ToDateTime(TimeOnly.MinValue);
        var touched = await db.Activities
            .Where(a => a.OccurredAt >= since
                        && ((a.ActorAccountId != null && EF.Parameter(accountIds).Contains(a.ActorAccountId.Value))
                            || (a.Item != null && a.Item.AuthorAccountId != null && EF.Parameter(accountIds).Contains(a.Item.AuthorAccountId.Value))))
            .Select(a => new { a.ActorAccountId, AuthorAccountId = a.Item != null ? a.Item.AuthorAccountId : null, Day = a.OccurredAt.Date })
            .Distinct().ToListAsync(ct);

        var days = new HashSet<DateOnly>();
        foreach (var activity in touched)
        {
            var day = DateOnly.FromDateTime(activity.Day);
            foreach (var account in new[] { activity.ActorAccountId, activity.AuthorAccountId })
            {
                if (account is { } id && owners.TryGetValue(id, out var employeeId) && day >= dirtyFrom[employeeId])
                    days.Add(day);
            }
        }

        await DirtyDays.MarkAsync(db, days, clock.GetUtcNow(), ct);
    }
}
