using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Analytics.Jobs.Ingestion.Scheduling;

/// <summary>At host start (web app, worker), registers the refresh job that keeps the per-source syncs in step with the database.</summary>
public sealed class SyncScheduleRegistration(IServiceScopeFactory scopes) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        scope.ServiceProvider.GetRequiredService<SyncSchedule>().RegisterRefresh();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
