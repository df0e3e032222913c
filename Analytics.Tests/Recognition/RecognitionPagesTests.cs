using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Recognition;

/// <summary>What the recognition pages show people (issue 21's found bugs): names instead of ids, words, layout, counts.</summary>
public sealed class RecognitionPagesTests(RecognitionFixture fixture) : IClassFixture<RecognitionFixture>
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private Task<int> PersonIdAsync(int employeeId) =>
        fixture.WithDbAsync(db => db.Persons.Where(p => p.EmployeeId == employeeId && !p.IsBot).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());

    private Task<string> NameAsync(int employeeId) =>
        fixture.WithDbAsync(db => db.Employees.Where(e => e.Id == employeeId).Select(e => e.DisplayName).SingleAsync());

    [Fact]
    public async Task The_audit_log_names_the_people_it_refers_to_and_links_their_profiles()
    {
        var employee = fixture.Line[0];
        var person = await PersonIdAsync(employee);
        var name = await NameAsync(employee);
        using var hr = await fixture.SignedInAsync("hr");
        Assert.Equal(HttpStatusCode.OK, (await hr.GetAsync($"/People/{person}")).StatusCode); // audited as Person:{id}
        await fixture.LeaveInBudgetAsync(100); // audited as Employee:{manager}

        var html = await hr.GetStringAsync("/Recognition/Audit");

        var viewed = Regex.Match(html, $"<td data-subject=\"Person:{person}\">(.*?)</td>", RegexOptions.Singleline);
        Assert.True(viewed.Success, "no profile.viewed entry for the person");
        Assert.Equal($"<a href=\"/People/{person}\">{WebUtility.HtmlEncode(name)}</a>", viewed.Groups[1].Value.Trim());
        var budget = Regex.Match(html, $"<td data-subject=\"Employee:{fixture.ManagerId}\">(.*?)</td>", RegexOptions.Singleline);
        Assert.True(budget.Success, "no budget entry for the manager");
        Assert.Contains($"href=\"/People/{await PersonIdAsync(fixture.ManagerId)}\"", budget.Groups[1].Value, StringComparison.Ordinal);
        Assert.DoesNotMatch(">(Person|Employee):[0-9]+<", html);
    }
}
