using System.Net;
using System.Text.RegularExpressions;
using Analytics.Domain.Persistence;
using Analytics.Tests.Support;
using Analytics.Web.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Web;

/// <summary>The People page: every match in pages of 50, with department and kind in words.</summary>
public sealed partial class PeopleSearchPageTests : IClassFixture<SharedDemo>
{
    private readonly AnalyticsWebFactory _web;
    private readonly DemoPeople _people;

    public PeopleSearchPageTests(SharedDemo factory)
    {
        _web = factory.Web;
        _people = factory.People;
    }

    private sealed record Row(int PersonId, string Name, string Department, string Kind);

    private async Task<HttpClient> ClientAsync(string user)
    {
        var client = _web.CreateClient();
        await SignIn.AsAsync(client, user);
        return client;
    }

    private static List<Row> Rows(string html) => RowPattern().Matches(html)
        .Select(m => new Row(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            WebUtility.HtmlDecode(m.Groups[2].Value), WebUtility.HtmlDecode(m.Groups[3].Value), WebUtility.HtmlDecode(m.Groups[4].Value)))
        .ToList();

    [Fact]
    public async Task HR_pages_through_every_person_beyond_the_first_50()
    {
        await using var scope = _web.Services.CreateAsyncScope();
        var everyone = await scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>().Persons.Select(p => p.Id).ToListAsync();
        Assert.True(everyone.Count > IndexPageSize, $"the demo has {everyone.Count} persons: too few to need a second page");
        using var hr = await ClientAsync("hr");

        var first = await hr.GetStringAsync("/People");
        var second = await hr.GetStringAsync("/People?q=&pageNumber=2");
        var beyond = await hr.GetAsync($"/People?pageNumber={(everyone.Count / IndexPageSize) + 2}");

        Assert.Contains($"data-results=\"{everyone.Count}\"", first, StringComparison.Ordinal);
        Assert.Equal(IndexPageSize, Rows(first).Count);
        Assert.Contains("rel=\"next\" href=\"/People?q=&amp;sort=name&amp;dir=asc&amp;pageNumber=2\"", first, StringComparison.Ordinal);
        var seen = Rows(first).Concat(Rows(second)).Select(r => r.PersonId).ToList();
        if (everyone.Count <= 2 * IndexPageSize)
            Assert.Equal(everyone.Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(HttpStatusCode.BadRequest, beyond.StatusCode);
    }

    [Fact]
    public async Task Each_row_shows_the_department_and_the_kind_in_words()
    {
        await using var scope = _web.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var employeeDepartment = await db.Persons.Where(p => p.Id == _people.Employee)
            .SelectMany(p => p.Employee!.Assignments.Where(a => a.ValidFrom <= today && (a.ValidTo == null || a.ValidTo > today)))
            .Select(a => a.Department!.Name).SingleAsync();
        var bot = await db.Persons.Where(p => p.IsBot).Select(p => p.Id).FirstAsync();
        using var hr = await ClientAsync("hr");

        var rows = Rows(await hr.GetStringAsync("/People?pageNumber=1")).Concat(Rows(await hr.GetStringAsync("/People?pageNumber=2"))).ToList();

        var employee = Assert.Single(rows, r => r.PersonId == _people.Employee);
        Assert.Equal(employeeDepartment, employee.Department);
        Assert.Equal(PersonKinds.Employee, employee.Kind);
        Assert.Equal(PersonKinds.Bot, Assert.Single(rows, r => r.PersonId == bot).Kind);
        // Not "employee" for everyone: the organisation has more than one kind.
        Assert.True(rows.Select(r => r.Kind).Distinct().Count() > 1);
    }

    [Fact]
    public async Task One_result_reads_1_person()
    {
        using var employee = await ClientAsync("employee");

        var html = await employee.GetStringAsync("/People");

        Assert.Single(Rows(html));
        Assert.Contains("data-results=\"1\">1 person</caption>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_URL_orders_the_results_and_the_header_says_how()
    {
        using var hr = await ClientAsync("hr");

        var byDepartmentDesc = await hr.GetStringAsync("/People?sort=department&dir=desc");
        var byKind = await hr.GetStringAsync("/People?sort=kind&dir=asc");
        var bad = await hr.GetAsync("/People?sort=salary");

        var departments = Rows(byDepartmentDesc).Select(r => r.Department == "–" ? "" : r.Department).ToList();
        Assert.Equal(departments.Order(StringComparer.OrdinalIgnoreCase).Reverse(), departments);
        Assert.True(departments.Distinct().Count() > 1);
        Assert.Contains("aria-sort=\"descending\" data-sort=\"department\"", byDepartmentDesc, StringComparison.Ordinal);
        Assert.DoesNotContain("aria-sort=\"ascending\"", byDepartmentDesc, StringComparison.Ordinal);
        // The header of the current column turns the order round; the pager keeps it.
        Assert.Contains("href=\"/People?q=&amp;sort=department&amp;dir=asc\"", byDepartmentDesc, StringComparison.Ordinal);
        Assert.Contains("href=\"/People?q=&amp;sort=department&amp;dir=desc&amp;pageNumber=2\"", byDepartmentDesc, StringComparison.Ordinal);

        var kinds = Rows(byKind).Select(r => r.Kind).ToList();
        Assert.Equal(kinds.Order(StringComparer.OrdinalIgnoreCase), kinds);
        Assert.Contains("aria-sort=\"ascending\" data-sort=\"kind\"", byKind, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private const int IndexPageSize = Analytics.Web.Pages.People.IndexModel.PageSize;

    [GeneratedRegex("<tr>\\s*<td><a href=\"/People/(\\d+)\" data-person=\"\\d+\">([^<]*)</a></td>\\s*<td>([^<]*)</td>\\s*<td>([^<]*)</td>")]
    private static partial Regex RowPattern();
}
