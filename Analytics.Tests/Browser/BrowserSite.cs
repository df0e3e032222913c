using Analytics.Tests.Support;
using Microsoft.Playwright;

namespace Analytics.Tests.Browser;

/// <summary>
/// One Debian Chromium and one app on real Kestrel shared by every test of a class (the accessibility sweep opens
/// dozens of pages; a server per page would cost minutes), with one signed-in browser state per demo role.
/// Tests open their own context, so cookies and viewports never leak between them.
/// </summary>
public sealed class BrowserSite : IAsyncLifetime
{
    private readonly Chromium _chromium = new();
    private readonly Dictionary<string, string> _states = new(StringComparer.Ordinal);

    public LiveServer Server { get; private set; } = null!;
    public DemoPeople People { get; private set; } = null!;
    public IBrowser Browser => _chromium.Browser;

    public async Task InitializeAsync()
    {
        await _chromium.InitializeAsync();
        Server = await Task.Run(() => LiveServer.Start());
        People = await DemoPeople.LoadAsync(Server.Factory);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await _chromium.DisposeAsync();
    }

    /// <summary>A new context signed in as <paramref name="user"/> (null: anonymous) at the given viewport width.</summary>
    public async Task<IBrowserContext> ContextAsync(string? user, int width = 1440, int height = 900)
    {
        var options = new BrowserNewContextOptions
        {
            BaseURL = Server.Address.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        };
        if (user is not null)
            options.StorageState = await SignedInStateAsync(user);
        return await Browser.NewContextAsync(options);
    }

    private async Task<string> SignedInStateAsync(string user)
    {
        // xunit runs the tests of one class one after another, so a plain dictionary is enough.
        if (_states.TryGetValue(user, out var state))
            return state;
        await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.Address.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/SignIn");
        await page.ClickAsync($"button[data-demo-user='{user}']");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.NotEqual("/Account/SignIn", new Uri(page.Url).AbsolutePath);
        state = await context.StorageStateAsync();
        _states[user] = state;
        return state;
    }

    /// <summary>Collects console errors, page errors and failed responses of a page, for a test to assert none.</summary>
    public static List<string> CollectErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        page.Response += (_, response) => { if (response.Status >= 400) errors.Add($"{response.Status} {response.Url}"); };
        return errors;
    }
}
