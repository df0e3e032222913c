namespace Analytics.Web.Access;

/// <summary>The product's roles (product.md, "Users").</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string HR = "HR";
    public const string Manager = "Manager";
    public const string Leadership = "Leadership";
    public const string Employee = "Employee";

    public static readonly IReadOnlyList<string> All = [Admin, HR, Manager, Leadership, Employee];
}

/// <summary>Named policies: what each page, API route and export asks for.</summary>
public static class Policies
{
    /// <summary>Sources, sync, the job dashboard.</summary>
    public const string Administer = "administer";

    /// <summary>Identity mapping, scoring rules, approvals, the audit log, raw exports.</summary>
    public const string ManagePeopleData = "manage-people-data";

    /// <summary>Group figures: overview, departments, knowledge flow, barriers.</summary>
    public const string ViewAggregates = "view-aggregates";

    /// <summary>Monthly reports.</summary>
    public const string ViewReports = "view-reports";

    /// <summary>Any signed-in person: leaderboard, definitions, their own profile.</summary>
    public const string SignedIn = "signed-in";
}
