using Microsoft.EntityFrameworkCore;

namespace Analytics.Domain.Persistence;

/// <summary>
/// Serialises "find or create the person of an employee" between writers (issue 14, finding 5). Persons.EmployeeId
/// is unique; two imports that meet the same new employee at once (two sources, two processes) would both read
/// "no person" and the second insert would fail with 2601. On SQL Server the caller's transaction takes an update
/// lock on each employee row before it reads the persons: the second writer waits for the first to commit and then
/// reads its person (READ COMMITTED, with or without RCSI, reads the latest committed row at each statement). On
/// SQLite a write transaction already excludes every other writer (BEGIN IMMEDIATE), so there is nothing to take.
/// </summary>
public static class EmployeeLocks
{
    public static async Task LockAsync(AnalyticsDbContext db, IReadOnlyCollection<int> employeeIds, CancellationToken ct)
    {
        if (employeeIds.Count == 0 || db.Provider != DatabaseProvider.SqlServer)
            return;
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Employee locks are held by a transaction: begin one first.");
        // Ascending id order, so two writers locking overlapping sets queue instead of deadlocking.
        await db.Employees
            .FromSqlRaw($"SELECT * FROM [{SqlServerAnalyticsDbContext.Schema}].[Employees] WITH (UPDLOCK, ROWLOCK)")
            .Where(e => employeeIds.Contains(e.Id))
            .OrderBy(e => e.Id)
            .Select(e => e.Id)
            .ToListAsync(ct);
    }
}
