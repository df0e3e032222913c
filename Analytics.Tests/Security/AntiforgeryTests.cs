using System.Net;
using System.Net.Http.Json;
using Analytics.Tests.Web;

namespace Analytics.Tests.Security;

/// <summary>
/// Every state-changing route the app answers (from its endpoint data source, not a hand-kept list),
/// posted by a signed-in user who may use it but without an anti-forgery token, is refused and writes nothing.
/// </summary>
[Collection(SecurityAppCollection.Name)]
public sealed class AntiforgeryTests(SecurityApp app)
{
    [Fact]
    public async Task Every_state_changing_request_without_a_token_is_refused_and_changes_nothing()
    {
        var routes = (await EndpointInventory.ReadAsync(app.Web)).Where(EndpointInventory.IsStateChanging).ToList();
        Assert.True(routes.Count >= 15, $"only {routes.Count} state-changing routes found");
        var failures = new List<string>();
        var checkedRoutes = 0;
        foreach (var route in routes)
        {
            var row = AuthorizationMatrixTests.Posts.Single(p => EndpointInventory.Matches(route, p.Route) && string.Equals(p.Handler, route.Handler, StringComparison.OrdinalIgnoreCase));
            var user = row.Allowed.First(u => u != AuthorizationMatrixTests.Anonymous);
            using var client = await app.ClientAsync(user);
            var target = route.Handler is null ? row.Route : $"{row.Route}?handler={route.Handler}";
            var before = await app.DatabaseFingerprintAsync();

            using var request = new HttpRequestMessage(new HttpMethod(route.Method), target) { Content = Body(row.Route) };
            var response = await client.SendAsync(request);

            // The Hangfire dashboard answers a missing token with 403 (its own check); the app's routes with 400.
            var expected = row.Route.StartsWith("/jobs", StringComparison.Ordinal) ? HttpStatusCode.Forbidden : HttpStatusCode.BadRequest;
            if (response.StatusCode != expected)
                failures.Add($"{route} as {user}: {(int)response.StatusCode}, expected {(int)expected}");
            if (await app.DatabaseFingerprintAsync() != before)
                failures.Add($"{route} as {user}: the database changed");
            checkedRoutes++;
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(routes.Count, checkedRoutes);
    }

    /// <summary>A body that would act if it carried a token: real ids, a month, a manager's line member.</summary>
    private HttpContent Body(string route) => route.StartsWith("/api/", StringComparison.Ordinal)
        ? JsonContent.Create(new { recipientId = app.People.InLine, category = 1, message = "no token", points = 1 })
        : new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.UserName"] = "hr",
            ["Form.Password"] = Analytics.Web.Access.DemoAccounts.Password,
            ["Form.RecipientId"] = app.People.InLine.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Points"] = "1",
            ["id"] = "1",
            ["target"] = "1",
            ["other"] = "2",
            ["account"] = "1",
            ["period"] = "2026-10",
            ["points"] = "100",
            ["year"] = "2026",
            ["quarter"] = "4",
        });
}
