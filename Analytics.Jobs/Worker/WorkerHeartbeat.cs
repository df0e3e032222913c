using System.Globalization;
using Analytics.Domain.Persistence;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Analytics.Jobs.Worker;

/// <summary>
/// The worker's health for orchestrators, as a file: rewritten every <paramref name="interval"/> while the analytics
/// database and the job storage both answer, deleted on a clean stop. A probe treats the worker as healthy while the
/// file is younger than a few intervals (docs/deployment.md); a hung or killed worker stops touching it.
/// </summary>
public sealed class WorkerHeartbeat(string path, TimeSpan interval, IServiceScopeFactory scopes, JobStorage storage, TimeProvider clock,
    ILogger<WorkerHeartbeat> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            var problem = await ProblemAsync(stoppingToken);
            if (problem is null)
            {
                var temporary = path + ".tmp";
                await File.WriteAllTextAsync(temporary, $"healthy {clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)} pid {Environment.ProcessId}\n", stoppingToken);
                File.Move(temporary, path, overwrite: true);
            }
            else
            {
                // An unhealthy worker stops refreshing the file, so the probe fails after its grace period.
                logger.LogWarning("Worker unhealthy, health file {Path} not refreshed: {Problem}", path, problem);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        File.Delete(path);
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (!await scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>().Database.CanConnectAsync(cancellationToken))
                return "the analytics database does not answer";
            using var connection = storage.GetConnection();
            connection.GetAllItemsFromSet("recurring-jobs");
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ex.Message;
        }
    }
}
