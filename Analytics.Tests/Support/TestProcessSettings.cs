using System.Runtime.CompilerServices;

namespace Analytics.Tests.Support;

internal static class TestProcessSettings
{
    /// <summary>
    /// Every web host of the tests (and every process they start) waits for figures of the current data version
    /// instead of serving the previous ones after two seconds: tests write, then read, on a machine that may be busy
    /// enough for a small recomputation to take longer. The serve-stale path has its own tests (ReadModelCacheTests).
    /// Nor do the hosts compute the default figures at start: a test host seeds its data after starting, and dozens
    /// of hosts would each spend a core on it (DashboardWarmUpTests turns it back on).
    /// </summary>
    [ModuleInitializer]
    internal static void Apply()
    {
        Environment.SetEnvironmentVariable("DashboardCache__RefreshWait", "00:05:00");
        Environment.SetEnvironmentVariable("DashboardCache__WarmUpOnStart", "false");
    }
}
