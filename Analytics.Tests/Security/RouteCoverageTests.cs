using Analytics.Tests.Web;

namespace Analytics.Tests.Security;

/// <summary>
/// Every route the running app answers has rows in <see cref="AuthorizationMatrixTests"/>: a new page,
/// handler, API route, chart or export cannot ship without someone deciding who may use it.
/// </summary>
[Collection(SecurityAppCollection.Name)]
public sealed class RouteCoverageTests(SecurityApp app)
{
    [Fact]
    public async Task Every_GET_route_of_the_app_has_a_row_in_the_authorization_matrix()
    {
        var routes = (await EndpointInventory.ReadAsync(app.Web)).Where(r => r.Method == "GET").ToList();
        var rows = AuthorizationMatrixTests.Matrix.Select(m => app.People.Resolve(m.Route)).ToList();

        var missing = routes.Where(r => !rows.Any(row => EndpointInventory.Matches(r, row))).ToList();
        Assert.True(missing.Count == 0, "GET routes without a row in AuthorizationMatrixTests.Matrix: " + string.Join(", ", missing));
        // The inventory itself must see the app: pages, API, charts, exports and the job dashboard.
        foreach (var known in new[] { "/People/{id:int}", "/api/people/{id:int}", "/charts/people/{id:int}/contributions.png", "/exports/activities.xlsx", "/jobs/{**path}" })
            Assert.Contains(routes, r => r.Template == known);
    }

    [Fact]
    public async Task Every_state_changing_route_and_handler_has_a_row_in_the_authorization_matrix()
    {
        var routes = (await EndpointInventory.ReadAsync(app.Web)).Where(EndpointInventory.IsStateChanging).ToList();

        var missing = routes.Where(r => !AuthorizationMatrixTests.Posts.Any(p =>
            EndpointInventory.Matches(r, p.Route) && string.Equals(p.Handler, r.Handler, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(missing.Count == 0, "state-changing routes without a row in AuthorizationMatrixTests.Posts: " + string.Join(", ", missing));
        Assert.Contains(routes, r => r.Template == "/api/recognition/awards" && r.Method == "POST");
        Assert.Contains(routes, r => r.Template == "/Recognition/Approvals" && r.Handler == "Approve");
    }

    [Fact]
    public async Task Every_row_of_the_matrix_is_a_route_the_app_answers()
    {
        var routes = await EndpointInventory.ReadAsync(app.Web);
        var stale = AuthorizationMatrixTests.Matrix.Select(m => m.Route).Where(row => !routes.Any(r => r.Method == "GET" && EndpointInventory.Matches(r, app.People.Resolve(row))))
            .Concat(AuthorizationMatrixTests.Posts.Where(p => !routes.Any(r => EndpointInventory.IsStateChanging(r) && EndpointInventory.Matches(r, p.Route)
                && string.Equals(p.Handler, r.Handler, StringComparison.OrdinalIgnoreCase))).Select(p => $"POST {p.Route} {p.Handler}"))
            .ToList();
        Assert.True(stale.Count == 0, "matrix rows the app does not answer: " + string.Join(", ", stale));
    }
}
