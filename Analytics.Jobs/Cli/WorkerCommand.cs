using System.CommandLine;
using Analytics.Jobs.Hosting;
using Analytics.Jobs.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Analytics.Jobs.Cli;

/// <summary>
/// `analytics worker`: a Hangfire server of its own (docs/deployment.md). It runs jobs from the shared job storage and
/// registers the recurring jobs like every server does; SIGTERM or Ctrl+C stops it gracefully: running jobs are
/// cancelled and the process exits within --shutdown-timeout, and a job that did not finish is retried by another server.
/// </summary>
public static class WorkerCommand
{
    public static Command Create()
    {
        var queues = new Option<string[]>("--queues")
        {
            Description = "Queues to take jobs from, in priority order. Default: default.",
            AllowMultipleArgumentsPerToken = true,
        };
        var workers = new Option<int?>("--workers") { Description = "Jobs run at once. Default: Jobs:WorkerCount (2)." };
        var shutdown = new Option<int>("--shutdown-timeout")
        {
            Description = "Seconds a stop signal gives running jobs to finish or cancel before the process exits. Default: 30.",
            DefaultValueFactory = _ => 30,
        };
        var healthFile = new Option<string?>("--health-file")
        {
            Description = "Write this file every --health-interval while the database and the job storage answer; delete it on stop.",
        };
        var healthInterval = new Option<int>("--health-interval")
        {
            Description = "Seconds between health file writes. Default: 10.",
            DefaultValueFactory = _ => 10,
        };
        var command = new Command("worker", "Run background jobs from the shared job storage until stopped (SIGTERM).")
        {
            queues, workers, shutdown, healthFile, healthInterval,
        };
        command.SetAction(async (parse, ct) =>
        {
            var workerCount = parse.GetValue(workers);
            if (workerCount is < 1 or > 64)
                return Refuse($"--workers must be between 1 and 64 (was {workerCount}).");
            var stopAfter = parse.GetValue(shutdown);
            if (stopAfter is < 1 or > 3600)
                return Refuse($"--shutdown-timeout must be between 1 and 3600 seconds (was {stopAfter}).");
            var every = parse.GetValue(healthInterval);
            if (every is < 1 or > 3600)
                return Refuse($"--health-interval must be between 1 and 3600 seconds (was {every}).");
            var queueNames = parse.GetValue(queues) ?? [];
            if (queueNames.FirstOrDefault(q => !IsQueueName(q)) is { } bad)
                return Refuse($"--queues: '{bad}' is not a Hangfire queue name (lower-case letters, digits, '_' and '-').");

            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                ContentRootPath = AppContext.BaseDirectory,
                Args = [],
            });
            builder.Configuration.AddInMemoryCollection(CliOptions.ToConfiguration(parse));
            var problem = JobTopology.Problem(builder.Configuration, JobProcessRole.Worker);
            if (problem is not null)
                return Refuse(problem);

            var timeout = TimeSpan.FromSeconds(stopAfter);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = timeout);
            builder.AddAnalyticsJobs();
            builder.AddAnalyticsJobServer(new JobServerSettings(queueNames.Length == 0 ? null : queueNames, workerCount, timeout));
            if (parse.GetValue(healthFile) is { Length: > 0 } path)
            {
                var fullPath = Path.GetFullPath(path);
                builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<WorkerHeartbeat>(services, fullPath, TimeSpan.FromSeconds(every)));
            }

            using var host = builder.Build();
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Analytics.Worker").LogInformation(
                "analytics worker {Pid}: queues {Queues}, {Workers} workers, shutdown timeout {Timeout}",
                Environment.ProcessId, queueNames.Length == 0 ? "default" : string.Join(',', queueNames), workerCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "configured", timeout);
            // The generic host's console lifetime turns SIGTERM and Ctrl+C into a graceful stop.
            await host.RunAsync(ct);
            return 0;
        });
        return command;
    }

    private static int Refuse(string message)
    {
        Console.Error.WriteLine($"analytics worker: {message}");
        return 2;
    }

    private static bool IsQueueName(string name) =>
        name.Length > 0 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-');
}
