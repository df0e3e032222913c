using Analytics.Jobs.Demo;

namespace Analytics.Web.Hosting;

/// <summary>
/// Closes the demo's last full months and stores their reports once Kestrel listens (ADR 1831, 2021): the month close and
/// the report job the schedule runs, through <see cref="DemoMonths"/>, so the first page is not kept waiting for three
/// closes and three workbooks. Idempotent like <see cref="DemoMonths"/>: a start stopped half-way finishes on the next.
/// </summary>
public sealed class DemoPreparationService(
    IServiceScopeFactory scopes, DemoPreparation preparation, IHostApplicationLifetime lifetime, ILogger<DemoPreparationService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (preparation.PendingMonths.Count == 0)
        {
            preparation.Finish(null);
            return;
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            try
            {
                await started.Task.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                preparation.Finish("the app stopped before it started listening");
                return;
            }
        }

        try
        {
            foreach (var month in preparation.PendingMonths)
            {
                // One scope per month: the month close and the report job keep a context each, as a scheduled run would.
                await using var scope = scopes.CreateAsyncScope();
                var months = scope.ServiceProvider.GetRequiredService<DemoMonths>();
                await months.CloseMonthAsync(month, stoppingToken);
                preparation.Done(month);
            }

            logger.LogInformation("Demo months closed and reported after start.");
            preparation.Finish(null);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            preparation.Finish("the app stopped before the demo's reports were stored; the next start finishes them");
        }
        catch (Exception ex)
        {
            // Reports says so in words; the next start tries again (DemoMonths is idempotent), and so does the schedule.
            logger.LogError(ex, "Closing and reporting the demo months failed");
            preparation.Finish(ex.Message);
        }
    }
}
