using System.Net;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Security;

/// <summary>
/// Issue 16, break 5: every route that shows one person's data to someone else writes an audit entry naming
/// the viewer and the person (product.md, privacy). Every GET route of the app, read from its endpoint data
/// source (ADR 915), is classified here as person-scoped or not: a new route fails the test until it is
/// classified, and a person-scoped route that writes no entry fails it too.
/// </summary>
[Collection(SecurityAppCollection.Name)]
public sealed class PersonDataAuditTests(SecurityApp app)
{
    /// <summary>Routes that show one person's individual data, with a request for the person {person}.</summary>
    internal static readonly (string Template, string Request)[] PersonScoped =
    [
        ("/People/{id:int}", "/People/{person}"),
        ("/api/people/{id:int}", "/api/people/{person}"),
        ("/charts/people/{id:int}/contributions.png", "/charts/people/{person}/contributions.png"),
        ("/exports/people/{id:int}/{table}.xlsx", "/exports/people/{person}/contributions-by-type.xlsx"),
    ];

    /// <summary>
    /// Routes that show no single person's data to someone else: group figures (under the group rule),
    /// ranked or searched lists of many people, the viewer's own data, administration, or nothing personal.
    /// </summary>
    internal static readonly string[] NotPersonScoped =
    [
        "/", "/Account/AccessDenied", "/Account/SignIn", "/Account/SignOut", "/Definitions", "/Departments", "/Error", "/health",
        "/Identities", "/Leaderboard", "/People", "/People/Me", "/Recognition", "/Recognition/Approvals", "/Recognition/Audit",
        "/Recognition/Budgets", "/Recognition/Feed", "/Recognition/Mine", "/Reports", "/Reports/Download/{id:long}", "/Scoring", "/Sources",
        "/Sources/{id:int}", "/Sources/Runs/{runId:long}",
        "/api/barriers", "/api/departments", "/api/flow", "/api/leaderboard", "/api/openapi/{documentName}.json", "/api/people", "/api/scoring/rules",
        "/api/summary", "/charts/contributions-by-month.png", "/charts/flow.png", "/charts/overview/{trend}.png",
        "/exports/activities.xlsx", "/exports/barriers.xlsx", "/exports/departments.xlsx", "/exports/flow.xlsx",
        "/exports/leaderboard.xlsx", "/exports/overview.xlsx", "/exports/people.xlsx", "/exports/recognition/audit.xlsx",
        "/exports/recognition/awards.xlsx", "/jobs/{**path}",
        // Issues 17 and 18: group figures under the group rule (communities, practices, knowledge at risk), ranked lists
        // of many people by topic (experts, topics), and the viewer's own settings (visibility, e-mail digests).
        "/Communities", "/Communities/Manage", "/Communities/{id:int}", "/Experts", "/People/Email", "/People/Visibility", "/Practices", "/Topic",
        "/Topics", "/Topics/Manage", "/Topics/Risk", "/api/experts", "/api/knowledge-at-risk", "/api/topics",
        "/charts/practices-departments.png", "/charts/practices/{practice}.png", "/exports/communities.xlsx",
        "/exports/experts.xlsx", "/exports/knowledge-at-risk.xlsx",
        // Issue 21 drill-down: a department's group figures (its people list is for HR and its own manager, as People
        // search is) and the items behind a flow cell.
        "/Departments/{id:int}", "/Departments/Flow",
    ];

    [Fact]
    public async Task Every_GET_route_is_classified_as_person_scoped_or_not()
    {
        var templates = (await EndpointInventory.ReadAsync(app.Web)).Where(r => r.Method == "GET").Select(r => r.Template).Distinct().ToList();
        var classified = PersonScoped.Select(p => p.Template).Concat(NotPersonScoped).ToList();

        var unclassified = templates.Except(classified, StringComparer.Ordinal).ToList();
        Assert.True(unclassified.Count == 0, "GET routes not classified in PersonDataAuditTests (person-scoped or not): " + string.Join(", ", unclassified));
        var stale = classified.Except(templates, StringComparer.Ordinal).ToList();
        Assert.True(stale.Count == 0, "classified routes the app does not answer: " + string.Join(", ", stale));
        Assert.Empty(PersonScoped.Select(p => p.Template).Intersect(NotPersonScoped, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("manager")]
    [InlineData("hr")]
    public async Task Every_person_scoped_route_writes_an_audit_entry_naming_viewer_and_person(string viewer)
    {
        var person = app.People.Employee;
        var subject = $"Person:{person}";
        using var client = await app.ClientAsync(viewer);
        var unaudited = new List<string>();

        foreach (var (_, request) in PersonScoped)
        {
            var path = request.Replace("{person}", person.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            var before = await EntriesAsync(viewer, subject);
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{viewer} should see {path} but got {(int)response.StatusCode}");
            if (await EntriesAsync(viewer, subject) <= before)
                unaudited.Add(path);
        }

        Assert.True(unaudited.Count == 0, $"{viewer} saw person {person} without an audit entry on: " + string.Join(", ", unaudited));
    }

    private Task<int> EntriesAsync(string actor, string subject) =>
        app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Actor == actor && a.Subject == subject));
}
