using Analytics.Domain.Organisation;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Ingestion.HrDirectory;

/// <summary>
/// Resolves the department column against the whole tree, held in memory for one import (ADR 1681): an existing
/// department code ("ENG"), or a path of names ("Northwind Group/Engineering/Platform") walked from a root. Each
/// level is, in order, the department whose code is the path so far (what earlier imports created), else the one
/// child of the level above (a root for the first level) whose code or display name is the segment; missing
/// levels are created with the path as their code. So a path that names the root by its display name finds the
/// root instead of creating a second one. Two departments that fit one level make the row ambiguous.
/// </summary>
public sealed class DepartmentTree
{
    private readonly HrDirectoryWriter _writer;
    private readonly Dictionary<string, Node> _byCode = new(StringComparer.Ordinal);
    private readonly Dictionary<int, List<Node>> _children = [];
    private readonly List<Node> _roots = [];
    private readonly Dictionary<string, int> _resolved = new(StringComparer.Ordinal);

    private DepartmentTree(AnalyticsDbContext db, List<Node> nodes)
    {
        _writer = new HrDirectoryWriter(db);
        foreach (var node in nodes)
            Add(node);
    }

    private sealed record Node(int Id, string Code, string Name, int? ParentId, string Path, int Depth);

    public static async Task<DepartmentTree> LoadAsync(AnalyticsDbContext db, CancellationToken ct)
    {
        var nodes = await db.Departments.AsNoTracking().OrderBy(d => d.Id)
            .Select(d => new Node(d.Id, d.Code, d.Name, d.ParentId, d.Path, d.Depth)).ToListAsync(ct);
        return new DepartmentTree(db, nodes);
    }

    /// <summary>Why the value cannot name a department (no name, an ambiguous level), or null: nothing is created.</summary>
    public string? Problem(string value)
    {
        var key = value.Trim();
        if (_byCode.ContainsKey(key) || _resolved.ContainsKey(key))
            return null;
        var segments = Segments(key);
        if (segments.Length == 0)
            return $"department '{value}' has no name";
        Node? parent = null;
        for (var depth = 0; depth < segments.Length; depth++)
        {
            var (found, problem) = Level(segments, depth, parent);
            if (problem is not null)
                return problem;
            if (found is null)
                return null;
            parent = found;
        }

        return null;
    }

    /// <summary>
    /// The department's id, creating the missing levels of a path (in the caller's transaction, through
    /// <see cref="HrDirectoryWriter.InsertDepartmentAsync"/>: nothing is left tracked).
    /// </summary>
    public async Task<int> EnsureAsync(string value, CancellationToken ct)
    {
        var key = value.Trim();
        if (_byCode.TryGetValue(key, out var byCode))
            return byCode.Id;
        if (_resolved.TryGetValue(key, out var id))
            return id;

        var segments = Segments(key);
        if (segments.Length == 0)
            throw new InvalidDataException($"Department '{value}' has no name.");

        Node? parent = null;
        for (var depth = 0; depth < segments.Length; depth++)
        {
            var (found, problem) = Level(segments, depth, parent);
            if (problem is not null)
                throw new InvalidDataException(problem);
            if (found is null)
            {
                var department = new Department { Code = CodeOf(segments, depth), Name = segments[depth], ParentId = parent?.Id, Depth = depth };
                await _writer.InsertDepartmentAsync(department, parent?.Path ?? "/", ct);
                found = new Node(department.Id, department.Code, department.Name, department.ParentId, department.Path, depth);
                Add(found);
            }

            parent = found;
        }

        _resolved[key] = parent!.Id;
        return parent.Id;
    }

    private (Node? Found, string? Problem) Level(string[] segments, int depth, Node? parent)
    {
        if (_byCode.TryGetValue(CodeOf(segments, depth), out var byPath))
            return (byPath, null);
        var siblings = parent is null ? _roots : _children.GetValueOrDefault(parent.Id) ?? [];
        var segment = segments[depth];
        var byOwnCode = siblings.Where(n => n.Code == segment).ToList();
        var matches = byOwnCode.Count > 0 ? byOwnCode : siblings.Where(n => string.Equals(n.Name, segment, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            0 => (null, null),
            1 => (matches[0], null),
            _ => (null, $"department path '{string.Join('/', segments)}' is ambiguous: {matches.Count} departments at level {depth + 1} are named '{segment}' ({string.Join(", ", matches.Select(m => m.Code))}); use a department code"),
        };
    }

    private void Add(Node node)
    {
        _byCode[node.Code] = node;
        if (node.ParentId is { } parentId)
        {
            if (!_children.TryGetValue(parentId, out var list))
                _children[parentId] = list = [];
            list.Add(node);
        }
        else
        {
            _roots.Add(node);
        }
    }

    private static string[] Segments(string key) => key.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string CodeOf(string[] segments, int depth)
    {
        var code = string.Join('/', segments.Take(depth + 1));
        return code.Length > 64 ? code[..64] : code;
    }
}
