using Analytics.Domain.Knowledge;
using Analytics.Domain.Organisation;
using Analytics.Domain.People;
using Analytics.Domain.Sources;

namespace Analytics.Jobs.Demo;

/// <summary>
/// The generated organisation in insertion order. Small tables are entities wired by navigation;
/// items and activities are plain records, written in batches once their parents have ids.
/// </summary>
public sealed class DemoDataSet
{
    public List<SourceSystem> Sources { get; } = [];
    public List<Department> Departments { get; } = [];
    public List<Employee> Employees { get; } = [];
    public List<EmployeeAlias> Aliases { get; } = [];
    public List<OrgAssignment> Assignments { get; } = [];
    public List<Person> Persons { get; } = [];
    public List<SourceAccount> Accounts { get; } = [];
    public List<DemoItem> Items { get; } = [];
    public List<DemoActivity> Activities { get; } = [];

    internal T Add<T>(T entity)
    {
        switch (entity)
        {
            case SourceSystem s: Sources.Add(s); break;
            case Department d: Departments.Add(d); break;
            case Employee e: Employees.Add(e); break;
            case EmployeeAlias a: Aliases.Add(a); break;
            case OrgAssignment o: Assignments.Add(o); break;
            case Person p: Persons.Add(p); break;
            case SourceAccount a: Accounts.Add(a); break;
            default: throw new ArgumentException($"Not a demo entity: {typeof(T).Name}", nameof(entity));
        }

        return entity;
    }
}

public sealed class DemoItem
{
    public required int Index { get; init; }
    public required SourceSystem Source { get; init; }
    public required string ExternalId { get; init; }
    public required string Title { get; init; }
    public required string Url { get; init; }
    public required string Kind { get; init; }
    public SourceAccount? Author { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime LastEditedAt { get; set; }
    public string? Topics { get; set; }
    public DemoItem? Parent { get; init; }
    public double Popularity { get; set; } = 1;
}

public sealed record DemoActivity(
    SourceSystem Source,
    string SourceEventId,
    ActivityType Type,
    SourceAccount? Actor,
    DemoItem? Item,
    DateTime OccurredAt,
    double Quantity);
