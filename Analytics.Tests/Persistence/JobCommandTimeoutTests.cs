using Analytics.Domain.Persistence;
using Analytics.Jobs.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Persistence;

/// <summary>ADR 1403: job and command-line commands on SQL Server get Database:JobCommandTimeoutSeconds; page requests keep 30 s.</summary>
public sealed class JobCommandTimeoutTests
{
    private static readonly Dictionary<string, string?> Settings = new() { ["Database:JobCommandTimeoutSeconds"] = "900" };

    [Fact]
    public async Task A_job_scope_sends_its_commands_with_the_job_timeout_and_a_request_scope_with_the_default()
    {
        using var server = new SqlServerOfflineServer(Settings);
        using (var job = server.CreateScope())
        {
            job.ServiceProvider.GetRequiredService<DatabaseWorkload>().IsJob = true;
            await job.ServiceProvider.GetRequiredService<AnalyticsDbContext>().DirtyDays.Where(d => d.Generation < 0).ExecuteDeleteAsync();
        }

        using (var request = server.CreateScope())
            await request.ServiceProvider.GetRequiredService<AnalyticsDbContext>().DirtyDays.Where(d => d.Generation < 0).ExecuteDeleteAsync();

        Assert.Equal([900, 30], server.Commands.Recorded.Select(c => c.Timeout));
    }

    [Fact]
    public void The_hangfire_activator_marks_each_job_scope_as_a_job()
    {
        using var server = new SqlServerOfflineServer(Settings);
        var factory = server.ScopeFactory;

        var scope = new JobScopeActivator(factory).BeginScope((Hangfire.JobActivatorContext)null!);
        try
        {
            var db = (AnalyticsDbContext)scope.Resolve(typeof(AnalyticsDbContext));
            Assert.Equal(900, db.Database.GetCommandTimeout());
        }
        finally
        {
            scope.DisposeScope();
        }
    }

    [Fact]
    public void The_job_timeout_is_validated()
    {
        var tooShort = new DatabaseOptions { JobCommandTimeoutSeconds = 5 };
        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(tooShort,
            new System.ComponentModel.DataAnnotations.ValidationContext(tooShort), null, validateAllProperties: true));
    }
}
