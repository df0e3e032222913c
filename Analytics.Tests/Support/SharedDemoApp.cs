namespace Analytics.Tests.Support;

/// <summary>
/// One web app over the demo organisation with the test defaults (<see cref="AnalyticsWebFactory"/>), started on
/// first use and shared by every test class that only reads it (ADR 2031). Each start costs a migration, the demo seed
/// and its aggregation on a busy 2-core machine; dozens of read-only classes each paid it for the same data.
/// </summary>
/// <remarks>
/// Only for classes whose tests never change what another class could read: no POST that stores something, no
/// direct write to the database, no setting of their own. A class that writes keeps its own app or database.
/// Signing in and viewing pages do append audit entries; no sharing class asserts on entries other classes write.
/// </remarks>
public sealed class SharedDemoApp
{
    // Started outside any test's synchronisation context, once per test process, whichever class asks first.
    private static readonly Lazy<Task<SharedDemoApp>> Instance = new(() => Task.Run(StartAsync), LazyThreadSafetyMode.ExecutionAndPublication);

    private SharedDemoApp(AnalyticsWebFactory web, DemoPeople people)
    {
        Web = web;
        People = people;
    }

    public AnalyticsWebFactory Web { get; }
    public DemoPeople People { get; }

    public static Task<SharedDemoApp> GetAsync() => Instance.Value;

    private static async Task<SharedDemoApp> StartAsync()
    {
        var web = new AnalyticsWebFactory();
        web.CreateClient().Dispose();
        var people = await DemoPeople.LoadAsync(web);
        // xunit 2 has no assembly fixture: the app is stopped (its job server too) and its data folder removed when
        // the test process ends, so no run leaves a host writing to a folder behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(web);
        return new SharedDemoApp(web, people);
    }

    /// <summary>Stops a process-wide app when the test process ends and removes its data folder.</summary>
    internal static void Stop(AnalyticsWebFactory web)
    {
        if (!web.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(30)))
        {
            Console.Error.WriteLine($"A shared test app did not stop within 30 s; its data folder {web.DataFolder} is left.");
            return;
        }

        try
        {
            Directory.Delete(web.DataFolder, recursive: true);
        }
        catch (IOException ex)
        {
            // The process is ending: say what is left rather than fail the run over a temporary folder.
            Console.Error.WriteLine($"The data folder {web.DataFolder} of a shared test app is left: {ex.Message}");
        }
    }
}

/// <summary>
/// The class fixture of a read-only web test class: hands it the process-wide <see cref="SharedDemoApp"/>. A class
/// fixture (not a collection fixture) so that the sharing classes still run in parallel with each other (ADR 2031).
/// </summary>
public sealed class SharedDemo : IAsyncLifetime
{
    public AnalyticsWebFactory Web { get; private set; } = null!;
    public DemoPeople People { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var app = await SharedDemoApp.GetAsync();
        Web = app.Web;
        People = app.People;
    }

    // The app outlives the class: other classes use it until the process ends.
    public Task DisposeAsync() => Task.CompletedTask;
}
