using System.Net;
using Analytics.Domain.Metrics;
using Analytics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Analytics.Web.Dashboard;

namespace Analytics.Tests.Web.Dashboard;

/// <summary>The knowledge-flow heatmap shows cross-team flow: reuse within a department does not set its colour scale.</summary>
public sealed class FlowHeatmapTests : IClassFixture<SharedDemo>
{
    private readonly AnalyticsWebFactory _web;

    public FlowHeatmapTests(SharedDemo factory) => _web = factory.Web;

    private static readonly ReportingPeriod October = ReportingPeriod.Month(2026, 10);

    // Engineering holds Platform; Sales stands apart. Engineering's reuse of itself (322) and Platform's inside
    // Engineering (100) are reuse within a department; only the Sales cells cross a boundary.
    private static readonly DepartmentTree Tree = new(
        new Dictionary<string, string> { ["ROOT"] = "Company", ["ENG"] = "Engineering", ["ENG-PLT"] = "Platform", ["SAL"] = "Sales" },
        new Dictionary<string, string?> { ["ROOT"] = null, ["ENG"] = "ROOT", ["ENG-PLT"] = "ENG", ["SAL"] = "ROOT" });

    private static readonly FlowView Flow = new(October, 5, ["ENG", "ENG-PLT", "SAL"],
    [
        new FlowCell("ENG", "ENG", 322),
        new FlowCell("ENG-PLT", "ENG", 100),
        new FlowCell("ENG", "SAL", 12),
        new FlowCell("SAL", "ENG-PLT", 5),
    ]);

    [Fact]
    public void By_default_reuse_within_a_department_is_not_drawn_and_the_scale_ends_at_the_largest_cross_team_cell()
    {
        var picture = FlowPicture.Of(Flow, Tree, showWithin: false);

        Assert.Equal(["Engineering", "Platform", "Sales"], picture.Labels);
        Assert.True(double.IsNaN(picture.Values[0, 0]));
        Assert.True(double.IsNaN(picture.Values[1, 0]));
        Assert.True(double.IsNaN(picture.Values[0, 1]));
        Assert.True(double.IsNaN(picture.Values[2, 2]));
        Assert.Equal(12, picture.Values[0, 2]);
        Assert.Equal(5, picture.Values[2, 1]);
        Assert.Equal(0, picture.Values[1, 2]);
        Assert.Equal(12, picture.Max);
    }

    [Fact]
    public void Shown_on_request_the_reuse_within_a_department_is_drawn_too()
    {
        var picture = FlowPicture.Of(Flow, Tree, showWithin: true);

        Assert.Equal(322, picture.Values[0, 0]);
        Assert.Equal(100, picture.Values[1, 0]);
        Assert.Equal(322, picture.Max);
    }

    [Fact]
    public async Task On_the_demo_organisation_no_cell_of_a_department_with_one_inside_it_is_drawn()
    {
        await using var scope = _web.Services.CreateAsyncScope();
        var query = scope.ServiceProvider.GetRequiredService<DepartmentsQuery>();
        var period = ReportingPeriod.Parse(DashboardFilters.DefaultMonth(TimeProvider.System));
        var flow = await query.FlowAsync(period, CancellationToken.None);
        var engineering = flow.Groups.ToList().IndexOf("ENG");
        var platform = flow.Groups.ToList().IndexOf("ENG-PLT");
        Assert.True(engineering >= 0 && platform >= 0, $"groups: {string.Join(", ", flow.Groups)}");
        var tree = await DepartmentTree.LoadAsync(scope.ServiceProvider.GetRequiredService<Analytics.Domain.Persistence.AnalyticsDbContext>(), CancellationToken.None);

        var picture = FlowPicture.Of(flow, tree, showWithin: false);

        Assert.True(double.IsNaN(picture.Values[engineering, platform]));
        Assert.True(double.IsNaN(picture.Values[platform, engineering]));
    }

    [Fact]
    public async Task The_chart_takes_diagonal_hide_or_show_and_rejects_anything_else()
    {
        using var client = _web.CreateClient();
        await SignIn.AsAsync(client, "leadership");

        var hidden = await client.GetAsync("/charts/flow.png?diagonal=hide");
        var byDefault = await client.GetByteArrayAsync("/charts/flow.png");
        var shown = await client.GetAsync("/charts/flow.png?diagonal=show");
        var bad = await client.GetAsync("/charts/flow.png?diagonal=sideways");

        Assert.Equal(HttpStatusCode.OK, hidden.StatusCode);
        Assert.Equal("image/png", hidden.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await hidden.Content.ReadAsByteArrayAsync(), byDefault);
        // Kept for a human look at the picture (labels, values), like the browser tests' screenshots.
        await File.WriteAllBytesAsync(Chromium.ScreenshotPath("flow-heatmap-cross-team"), byDefault);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.NotEqual(byDefault, await shown.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("hide or show", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_names_departments_in_the_flow_table_and_links_the_toggle()
    {
        using var client = _web.CreateClient();
        await SignIn.AsAsync(client, "leadership");

        var html = await client.GetStringAsync("/Departments");
        var shown = await client.GetStringAsync("/Departments?diagonal=show");
        var bad = await client.GetAsync("/Departments?diagonal=sideways");

        Assert.Contains("data-group=\"ENG\">Engineering</th>", html, StringComparison.Ordinal);
        Assert.Contains("diagonal=hide\" width=", html, StringComparison.Ordinal);
        Assert.Contains("id=\"flow-diagonal\" href=\"/Departments?period=", html, StringComparison.Ordinal);
        Assert.Contains("diagonal=show#flow-heading\">Include reuse within departments", html, StringComparison.Ordinal);
        Assert.Contains("diagonal=show\" width=", shown, StringComparison.Ordinal);
        Assert.Contains("diagonal=hide#flow-heading\">Show cross-team flow only", shown, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
