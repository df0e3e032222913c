using System.Globalization;
using System.Net;
using Analytics.Domain.Persistence;
using Analytics.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Web;

/// <summary>Issue 21: HR finds people and accounts by name, e-mail or account on /Identities to merge or split them (ADR 2115).</summary>
public sealed class IdentityLookupTests : IClassFixture<SharedDemo>
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly AnalyticsWebFactory _web;

    public IdentityLookupTests(SharedDemo factory) => _web = factory.Web;

    private async Task<HttpClient> HrAsync()
    {
        var client = _web.CreateClient();
        await SignIn.AsAsync(client, "hr");
        return client;
    }

    [Fact]
    public async Task HR_finds_a_person_by_part_of_the_name_in_any_case_with_their_accounts_and_picks_them_for_a_merge()
    {
        await using var db = DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, $"Data Source={_web.DatabasePath}");
        var person = await db.Persons.Where(p => p.Employee != null && !p.IsBot && p.Accounts.Any())
            .OrderBy(p => p.Id).Select(p => new { p.Id, Name = p.Employee!.DisplayName, Accounts = p.Accounts.Select(a => a.Id).ToList() }).FirstAsync();
        var part = person.Name.Split(' ')[^1].ToUpperInvariant();
        using var client = await HrAsync();

        var html = await client.GetStringAsync($"/Identities?q={Uri.EscapeDataString(part)}");

        Assert.Contains($"data-lookup-person=\"{person.Id.ToString(Inv)}\"", html, StringComparison.Ordinal);
        foreach (var account in person.Accounts)
            Assert.Contains($"data-lookup-account=\"{account.ToString(Inv)}\"", html, StringComparison.Ordinal);
        // Each account has its own "Split off" form posting that account's id.
        var split = person.Accounts[0].ToString(Inv);
        var at = html.IndexOf($"data-lookup-account=\"{split}\"", StringComparison.Ordinal);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(html, $"action=\"[^\"]*handler=Split[^\"]*account={split}\"|action=\"[^\"]*account={split}[^\"]*handler=Split[^\"]*\""),
            html.Substring(at, Math.Min(600, html.Length - at)));
        Assert.Contains($"&amp;target={person.Id.ToString(Inv)}#merge-heading", html, StringComparison.Ordinal);

        // The pick is in the URL and fills the merge form; the raw id form stays.
        var picked = await client.GetStringAsync($"/Identities?q={Uri.EscapeDataString(part)}&target={person.Id.ToString(Inv)}");
        Assert.Contains($"id=\"target\" name=\"target\" type=\"number\" min=\"1\" required value=\"{person.Id.ToString(Inv)}\"", picked, StringComparison.Ordinal);
        Assert.Contains("id=\"other\" name=\"other\" type=\"number\" min=\"1\" required />", picked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wildcards_are_plain_characters_and_an_overlong_search_is_refused()
    {
        using var client = await HrAsync();

        var html = await client.GetStringAsync("/Identities?q=%25");
        Assert.DoesNotContain("data-lookup-person", html, StringComparison.Ordinal);
        Assert.Contains("Nobody matches", html, StringComparison.Ordinal);

        var response = await client.GetAsync("/Identities?q=" + new string('a', 101));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 100 characters", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
