using Microsoft.Playwright;

namespace Analytics.Tests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright (its own browser download cannot work here). The flags keep
/// Chromium off the network it cannot reach anyway.
/// </summary>
/// <remarks>
/// One browser serves the whole test process (ADR 2032): a launch costs seconds on a busy machine and each browser
/// class paid it again. Tests stay isolated by opening their own context (cookies, storage, viewport), as Playwright
/// recommends; no test closes the browser or counts its contexts.
/// </remarks>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    // Launched outside any test's synchronisation context, once per test process, whichever class asks first.
    private static readonly Lazy<Task<(IPlaywright Playwright, IBrowser Browser)>> Shared =
        new(() => Task.Run(LaunchAsync), LazyThreadSafetyMode.ExecutionAndPublication);

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync() => Browser = (await Shared.Value).Browser;

    // The browser outlives the class: other classes use it until the process ends.
    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<(IPlaywright, IBrowser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"{ExecutablePath} is missing: run the tests with `bash .ci/test`, which installs Debian's chromium.");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        // xunit 2 has no assembly fixture: the browser and Playwright's driver are closed when the test process ends,
        // so neither is left running after a run.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Close(playwright, browser);
        return (playwright, browser);
    }

    private static void Close(IPlaywright playwright, IBrowser browser)
    {
        if (!browser.CloseAsync().Wait(TimeSpan.FromSeconds(30)))
            Console.Error.WriteLine("The shared Chromium did not close within 30 s.");
        playwright.Dispose();
    }

    /// <summary>Screenshots are kept as test artifacts under artifacts/screenshots.</summary>
    public static string ScreenshotPath(string name)
    {
        var folder = Path.Combine(RepositoryRoot.Path, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }
}
