using Analytics.Domain.Persistence;
using Microsoft.Extensions.Configuration;

namespace Analytics.Jobs.Hosting;

/// <summary>The role of a process in the job topology: the web app (with or without its in-process server) or an `analytics worker`.</summary>
public enum JobProcessRole
{
    WebApp,
    Worker,
}

/// <summary>
/// Refuses, before anything starts, the mixes of settings under which jobs would silently run twice or never
/// (docs/deployment.md, ADR 1502). In-memory job storage is private to one process: its queue, its recurring
/// jobs and its locks exist nowhere else. So it is only safe with exactly one job server, inside the web app,
/// over the embedded SQLite database.
/// </summary>
public static class JobTopology
{
    public static void EnsureSafe(IConfiguration configuration, JobProcessRole role)
    {
        var problem = Problem(configuration, role);
        if (problem is not null)
            throw new InvalidOperationException(problem);
    }

    public static string? Problem(IConfiguration configuration, JobProcessRole role)
    {
        var jobs = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        if (jobs.Storage != JobStorageKind.InMemory)
            return null;

        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (database.Provider == DatabaseProvider.SqlServer)
            return "Jobs:Storage is InMemory but Database:Provider is SqlServer: a SQL Server deployment runs several web or worker "
                + "processes, and each would keep its own queue and run every schedule. Set Jobs:Storage to SqlServer (docs/deployment.md).";

        return role switch
        {
            JobProcessRole.Worker =>
                "Jobs:Storage is InMemory, which only the process holding it can see: an `analytics worker` would be a second job server "
                + "with its own private queue and schedule beside the web app's. Set Jobs:Storage to SqlServer for a separate worker, "
                + "or run the jobs in the web app (Jobs:RunServerInWebApp=true) (docs/deployment.md).",
            JobProcessRole.WebApp when !jobs.RunServerInWebApp =>
                "Jobs:RunServerInWebApp is false with Jobs:Storage InMemory: no other process can see this app's in-memory queue, so no "
                + "job would ever run. Set Jobs:Storage to SqlServer and run `analytics worker`, or set Jobs:RunServerInWebApp to true (docs/deployment.md).",
            _ => null,
        };
    }
}
