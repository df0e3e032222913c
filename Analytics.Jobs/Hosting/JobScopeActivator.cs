using Analytics.Domain.Persistence;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Jobs.Hosting;

/// <summary>
/// A DI scope per job (as Hangfire.AspNetCore's activator), marked as a job's scope before anything is resolved from it,
/// so the job's database commands get the job command timeout and page requests do not (ADR 1403).
/// </summary>
public sealed class JobScopeActivator(IServiceScopeFactory scopes) : JobActivator
{
    public override JobActivatorScope BeginScope(JobActivatorContext context)
    {
        var scope = scopes.CreateScope();
        scope.ServiceProvider.GetRequiredService<DatabaseWorkload>().IsJob = true;
        return new Scope(scope);
    }

    private sealed class Scope(IServiceScope scope) : JobActivatorScope
    {
        public override object Resolve(Type type) => ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, type);

        public override void DisposeScope() => scope.Dispose();
    }
}
