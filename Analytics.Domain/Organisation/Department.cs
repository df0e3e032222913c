namespace Analytics.Domain.Organisation;

/// <summary>A node of the department tree. <see cref="Path"/> makes subtree queries a prefix match.</summary>
public sealed class Department
{
    public int Id { get; set; }

    /// <summary>The HR system's own code, stable across imports (e.g. "ENG-PLAT").</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }
    public int? ParentId { get; set; }
    public Department? Parent { get; set; }

    /// <summary>Materialised path of ids, "/1/4/9/": a subtree is every path that starts with its own.</summary>
    public string Path { get; set; } = "/";

    public int Depth { get; set; }
    public List<Department> Children { get; set; } = [];
}
