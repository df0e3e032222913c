using Analytics.Domain.Organisation;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Ingestion.HrDirectory;

/// <summary>
/// Resolves the department column: an existing department code, or a path of names ("Engineering/Platform")
/// whose missing levels are created. The code of a path-created department is the path itself, so the
/// same path finds the same department on the next import.
/// </summary>
public sealed class DepartmentTree(AnalyticsDbContext db)
{
    private readonly Dictionary<string, Department> _byCode = new(StringComparer.Ordinal);

    public async Task<int> EnsureAsync(string value, CancellationToken ct)
    {
        var key = value.Trim();
        if (await FindAsync(key, ct) is { } existing)
            return existing.Id;

        var segments = key.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (segments.Length == 0)
            throw new InvalidDataException($"Department '{value}' has no name.");

        Department? parent = null;
        for (var depth = 0; depth < segments.Length; depth++)
        {
            var code = string.Join('/', segments.Take(depth + 1));
            if (code.Length > 64)
                code = code[..64];
            var department = await FindAsync(code, ct);
            if (department is null)
            {
                department = new Department { Code = code, Name = segments[depth], ParentId = parent?.Id, Depth = depth };
                db.Departments.Add(department);
                await db.SaveChangesAsync(ct);
                // The materialised path is made of ids, which exist only after the insert.
                department.Path = $"{parent?.Path ?? "/"}{department.Id}/";
                await db.SaveChangesAsync(ct);
                _byCode[code] = department;
            }

            parent = department;
        }

        return parent!.Id;
    }

    private async Task<Department?> FindAsync(string code, CancellationToken ct)
    {
        if (_byCode.TryGetValue(code, out var cached))
            return cached;
        var found = await db.Departments.SingleOrDefaultAsync(d => d.Code == code, ct);
        if (found is not null)
            _byCode[code] = found;
        return found;
    }
}
