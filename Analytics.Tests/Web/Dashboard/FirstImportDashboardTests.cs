using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Ingestion.Runner;
using Analytics.Jobs.Metrics;
using Analytics.Tests.Connectors.StackExchange;
using Analytics.Tests.Support;
using Analytics.Web.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Web.Dashboard;

/// <summary>
/// Issue 22 on the dashboard: a real Stack Exchange export imported and aggregated, no HR directory yet. The overview
/// and the departments page say why they are empty (no HR directory, and how to load one) instead of "nothing imported",
/// and HR's people switch shows the people found in the export.
/// </summary>
public sealed partial class FirstImportDashboardTests
{
    private static readonly ReportingPeriod Period = ReportingPeriod.Year(2020);

    [Fact]
    public async Task Without_an_HR_directory_the_dashboard_says_why_it_is_empty_and_HR_sees_the_unlinked_people()
    {
        await using var web = new AnalyticsWebFactory(configure: b => b.UseSetting("Demo:Enabled", "false"));
        web.CreateClient().Dispose();
        await using (var scope = web.Services.CreateAsyncScope())
        {
            // The sign-in accounts only: with no HR directory they are linked to no employee.
            await scope.ServiceProvider.GetRequiredService<DemoAccounts>().EnsureAsync(CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<SourceSync>().ImportAsync("qa", "stackexchange", StackExchangeFixture.Dump("votes"),
                new IngestionRequest("test"), null, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<Aggregator>().RunAsync(full: true, CancellationToken.None);
        }

        CompanyMetrics unlinked;
        await using (var db = DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, $"Data Source={web.DatabasePath}"))
            unlinked = await new MetricsQuery(db).UnlinkedAsync(Period, CancellationToken.None);
        Assert.True(unlinked.Contributions > 0);

        using var hr = web.CreateClient();
        await SignIn.AsAsync(hr, "hr");
        var overview = await hr.GetStringAsync($"/?period={Period.Label}");
        Assert.Contains("No employees yet: no HR directory is loaded", EmptyReason(overview), StringComparison.Ordinal);
        Assert.DoesNotContain("No activity has been imported yet", overview, StringComparison.Ordinal);

        var departments = await hr.GetStringAsync($"/Departments?period={Period.Label}");
        Assert.Contains("no HR directory is loaded (load one with `analytics import hr-directory FILE --source NAME`)", EmptyReason(departments), StringComparison.Ordinal);

        var theirs = await hr.GetStringAsync($"/?period={Period.Label}&people=unlinked");
        Assert.Equal(unlinked.Contributions.ToString("N0", CultureInfo.InvariantCulture), Regex.Match(theirs, "data-kpi=\"contributions\">([^<]*)<").Groups[1].Value);
        Assert.DoesNotContain("data-empty-reason", theirs, StringComparison.Ordinal);

        using var leadership = web.CreateClient();
        await SignIn.AsAsync(leadership, "leadership");
        Assert.Contains("No employees yet: no HR directory is loaded", EmptyReason(await leadership.GetStringAsync($"/?period={Period.Label}")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await leadership.GetAsync($"/?period={Period.Label}&people=unlinked")).StatusCode);
    }

    private static string EmptyReason(string html)
    {
        var match = EmptyReasonPattern().Match(html);
        Assert.True(match.Success, "no empty reason on the page");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("<p class=\"empty\" data-empty-reason>([^<]*)</p>")]
    private static partial Regex EmptyReasonPattern();
}
