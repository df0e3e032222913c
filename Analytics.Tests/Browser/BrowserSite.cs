using System.Collections.Concurrent;
using Analytics.Tests.Support;
using Microsoft.Playwright;

namespace Analytics.Tests.Browser;

/// <summary>
/// The process-wide Debian Chromium and an app of the class's own on real Kestrel, shared by every test of a class
/// (a server per page would cost minutes), with one signed-in browser state per demo role. For classes whose tests
/// change data; a class that only reads the demo organisation uses <see cref="SharedBrowserSite"/> (ADR 2031).
/// Tests open their own context, so cookies and viewports never leak between them.
/// </summary>
public sealed class BrowserSite : IAsyncLifetime
{
    private readonly Chromium _chromium = new();
    private BrowserSessions _sessions = null!;

    public LiveServer Server { get; private set; } = null!;
    public DemoPeople People { get; private set; } = null!;
    public IBrowser Browser => _chromium.Browser;

    public async Task InitializeAsync()
    {
        await _chromium.InitializeAsync();
        Server = await Task.Run(() => LiveServer.Start());
        People = await DemoPeople.LoadAsync(Server.Factory);
        _sessions = new BrowserSessions(Browser, Server.Address);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await _chromium.DisposeAsync();
    }

    /// <summary>A new context signed in as <paramref name="user"/> (null: anonymous) at the given viewport width.</summary>
    public Task<IBrowserContext> ContextAsync(string? user, int width = 1440, int height = 900) => _sessions.ContextAsync(user, width, height);

    /// <summary>Collects console errors, page errors and failed responses of a page, for a test to assert none.</summary>
    public static List<string> CollectErrors(IPage page) => PageErrors.Watch(page).Messages;
}

/// <summary>
/// Console errors, page errors and failed responses of a page while it is watched; disposing stops watching, so a page
/// that the next test navigates again (<see cref="SharedBrowserSite.PageOfClassAsync"/>) starts with none.
/// </summary>
public sealed class PageErrors : IDisposable
{
    private readonly IPage _page;

    private PageErrors(IPage page)
    {
        _page = page;
        _page.Console += OnConsole;
        _page.PageError += OnPageError;
        _page.Response += OnResponse;
    }

    public List<string> Messages { get; } = [];

    public static PageErrors Watch(IPage page) => new(page);

    public void Dispose()
    {
        _page.Console -= OnConsole;
        _page.PageError -= OnPageError;
        _page.Response -= OnResponse;
    }

    private void OnConsole(object? sender, IConsoleMessage message)
    {
        if (message.Type == "error")
            Messages.Add(message.Text);
    }

    private void OnPageError(object? sender, string error) => Messages.Add(error);

    private void OnResponse(object? sender, IResponse response)
    {
        if (response.Status >= 400)
            Messages.Add($"{response.Status} {response.Url}");
    }
}

/// <summary>
/// The process-wide Debian Chromium and one process-wide app over the demo organisation on real Kestrel, started on
/// first use and shared by every browser class that only reads (ADR 2031): no form that stores something, no write
/// to the database, no setting of its own. Signing in and viewing pages append audit entries only.
/// </summary>
public sealed class SharedBrowserSite : IAsyncLifetime
{
    // Started outside any test's synchronisation context, once per test process, whichever class asks first.
    private static readonly Lazy<Task<(LiveServer Server, DemoPeople People, BrowserSessions Sessions)>> Shared =
        new(() => Task.Run(StartAsync), LazyThreadSafetyMode.ExecutionAndPublication);

    private BrowserSessions _sessions = null!;

    // The class's pages kept open per role ("" for anonymous) and width, see PageOfClassAsync.
    private readonly ConcurrentDictionary<(string User, int Width), Lazy<Task<IPage>>> _pages = new();

    public LiveServer Server { get; private set; } = null!;
    public DemoPeople People { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        (Server, People, _sessions) = await Shared.Value;
        Browser = _sessions.Browser;
    }

    // The site outlives the class: other classes use it until the process ends. The class's own pages close with it.
    public async Task DisposeAsync()
    {
        foreach (var page in _pages.Values.Where(p => p.IsValueCreated))
            await (await page.Value).Context.CloseAsync();
    }

    /// <summary>
    /// One page per role and viewport width (height 900) for all the tests of the class (this fixture is the class's
    /// own): each test navigates it to its page, which replaces the document. Cookies and storage carry over, so only
    /// for tests that navigate and read (ADR 2303). A new context per test started a renderer process each: a quarter
    /// of the accessibility sweep's CPU (BENCHMARKS.md, "Test suite"). xunit runs the tests of a class one after
    /// another, so no two tests share a page at once.
    /// </summary>
    public Task<IPage> PageOfClassAsync(string? user, int width = 1440) =>
        _pages.GetOrAdd((user ?? "", width), _ => new Lazy<Task<IPage>>(async () => await (await ContextAsync(user, width)).NewPageAsync())).Value;

    /// <summary>A new context signed in as <paramref name="user"/> (null: anonymous) at the given viewport width.</summary>
    public Task<IBrowserContext> ContextAsync(string? user, int width = 1440, int height = 900) => _sessions.ContextAsync(user, width, height);

    private static async Task<(LiveServer, DemoPeople, BrowserSessions)> StartAsync()
    {
        var chromium = new Chromium();
        await chromium.InitializeAsync();
        var server = LiveServer.Start();
        // xunit 2 has no assembly fixture: the app (its job server too) stops and its data folder goes when the test
        // process ends.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => SharedDemoApp.Stop(server.Factory);
        var people = await DemoPeople.LoadAsync(server.Factory);
        return (server, people, new BrowserSessions(chromium.Browser, server.Address));
    }
}

/// <summary>New browser contexts on one site, signed in through the real form once per demo role.</summary>
internal sealed class BrowserSessions(IBrowser browser, Uri address)
{
    // Classes sharing a site run in parallel: the first to ask for a role signs in, the others wait for its state.
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _states = new(StringComparer.Ordinal);

    public IBrowser Browser => browser;

    public async Task<IBrowserContext> ContextAsync(string? user, int width, int height)
    {
        var options = new BrowserNewContextOptions
        {
            BaseURL = address.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        };
        if (user is not null)
            options.StorageState = await _states.GetOrAdd(user, u => new Lazy<Task<string>>(() => SignInAsync(u))).Value;
        return await browser.NewContextAsync(options);
    }

    private async Task<string> SignInAsync(string user)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = address.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/SignIn");
        await page.ClickAsync($"button[data-demo-user='{user}']");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.NotEqual("/Account/SignIn", new Uri(page.Url).AbsolutePath);
        return await context.StorageStateAsync();
    }
}
