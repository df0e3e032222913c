using Analytics.Domain.Persistence;
using Analytics.Web.Access;
using Analytics.Web.Api;
using Analytics.Web.Caching;
using Analytics.Web.Exports;
using Hangfire;
using Analytics.Jobs.Demo;
using Analytics.Jobs.Hosting;
using Analytics.Web.Overview;
using Analytics.Web.Dashboard;
using Analytics.Web.People;
using Analytics.Web.Practices;
using Analytics.Web.Topics;
using Analytics.Web.Recognition;
using Analytics.Web.Scoring;
using Analytics.Web.Sources;
using Microsoft.Extensions.Options;

namespace Analytics.Web.Hosting;

public static class WebRegistration
{
    public static WebApplicationBuilder AddInProcessJobServer(this WebApplicationBuilder builder)
    {
        // Refused before anything starts: a mix under which jobs would run in every process or in none (ADR 1502).
        JobTopology.EnsureSafe(builder.Configuration, JobProcessRole.WebApp);
        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        // Without a server the app still enqueues jobs and serves the dashboard on /jobs, and never registers the schedule.
        if (jobs.RunServerInWebApp)
            builder.AddAnalyticsJobServer();
        return builder;
    }

    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoModeOptions>()
            .BindConfiguration(DemoModeOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // The demo's month closes and reports run after Kestrel listens; pages read what is still pending (ADR 2021).
        builder.Services.AddHostedService<DemoPreparationService>();
        // One rule for every form and query integer: invariant digits only (no hex, no decimals), errors to ModelState;
        // and one for every POST: a value that did not bind or validate refuses the post before its handler runs (ADR 1662).
        builder.Services.AddRazorPages()
            .AddMvcOptions(o =>
            {
                o.ModelBinderProviders.Insert(0, new InvariantIntegerModelBinderProvider());
                o.ModelMetadataDetailsProviders.Add(new RequiredValueParameters());
                o.Filters.Add(new RefusedPostFilter());
            });
        builder.Services.AddRequestLimits();
        builder.Services.AddReadModelCache();
        builder.AddDashboardPages();
        builder.AddPractices();
        builder.Services.AddScoped<OverviewQuery>();
        builder.Services.AddPeople();
        builder.Services.AddTopics();
        builder.Services.AddSources();
        builder.AddRecognition();
        builder.Services.AddScoped<Analytics.Jobs.Reports.RawActivityExport>();
        builder.Services.AddScoped<ExportAudit>();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<JobStorageHealthCheck>("job-storage");
        return builder;
    }

    /// <summary>Migrates on start (or checks the schema: Database:MigrateOnStart); seeds the demo organisation only into an empty database in demo mode.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await services.GetRequiredService<DatabaseInitializer>().PrepareOnStartAsync(app.Lifetime.ApplicationStopping);

        var accounts = services.GetRequiredService<DemoAccounts>();
        await accounts.EnsureRolesAsync();

        var demo = services.GetRequiredService<IOptions<DemoModeOptions>>().Value;
        if (!demo.Enabled)
            return;

        var seeder = services.GetRequiredService<DemoSeeder>();
        if (await seeder.IsEmptyAsync(app.Lifetime.ApplicationStopping))
        {
            app.Logger.LogInformation("Empty database in demo mode: seeding the demo organisation ({Employees} employees, {Months} months).", demo.Employees, demo.Months);
            var result = await seeder.SeedAsync(
                new DemoOptions
                {
                    Employees = demo.Employees,
                    Months = demo.Months,
                    Seed = demo.Seed,
                    ExportsFolder = demo.SampleExports
                        ? Path.Combine(services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ResolvedDataFolder, DemoModeOptions.ExportsFolderName)
                        : null,
                },
                app.Lifetime.ApplicationStopping);
            var aggregation = await services.GetRequiredService<Analytics.Jobs.Aggregation.Aggregator>().RunAsync(full: true, app.Lifetime.ApplicationStopping);
            app.Logger.LogInformation("Demo organisation ready: {Activities} activities from {From} to {To}, {Days} days aggregated.",
                result.Activities, result.From, result.To, aggregation.Days);
            foreach (var export in result.Exports)
                app.Logger.LogInformation("Demo source {Source} ({Kind}) reads the sample export {Location}: press Sync now on /Sources.", export.Source, export.Kind, export.Location);
            if (demo.SampleExports && result.Exports.All(e => e.Source != "docs-git"))
                app.Logger.LogWarning("The git command line is not installed: the demo source docs-git keeps no connector and cannot be synced.");
        }

        await accounts.EnsureAsync(app.Lifetime.ApplicationStopping);

        // On every demo start, not only after seeding: idempotent, and a first start stopped half-way finishes the rest.
        // Only what is still to do is handed to the background, after Kestrel listens (ADR 2021): three closes and three
        // workbooks took longer than the whole seed, and no page needs them to answer.
        var pending = await services.GetRequiredService<DemoMonths>().PendingAsync(Math.Min(demo.ClosedMonths, demo.Months), app.Lifetime.ApplicationStopping);
        services.GetRequiredService<DemoPreparation>().Expect(pending);
        if (pending.Count > 0)
            app.Logger.LogInformation("Demo months to close and report after start: {Months}.",
                string.Join(", ", pending.Select(m => m.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))));
    }

    private static readonly string[] NonPagePrefixes = ["/api", "/charts", "/exports", "/jobs", "/health"];

    private static bool IsPageRequest(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method)
        && !NonPagePrefixes.Any(prefix => context.Request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    public static WebApplication UseDashboard(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
            app.UseHsts();
        }

        app.UseSecurityHeaders();
        // A browser asking for a page that does not exist (an unknown path, an unknown person) gets a page that says
        // so, with the menu, and keeps the 404 status; API, charts, exports, jobs and health keep their plain answers.
        app.UseWhen(IsPageRequest, branch => branch.UseStatusCodePagesWithReExecute("/Error"));
        app.UseRequestLimits();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        // Hangfire's dashboard reads a form on its command routes (/jobs/stats, .../trigger, .../delete) whatever the
        // method: a GET or a body that is not a form threw "Incorrect Content-Type" (500, issue 16). Such a request gets
        // an empty form instead, so the command finds nothing to do.
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/jobs", StringComparison.Ordinal) && !context.Request.HasFormContentType)
                context.Features.Set<Microsoft.AspNetCore.Http.Features.IFormFeature>(new Microsoft.AspNetCore.Http.Features.FormFeature(FormCollection.Empty));
            return next(context);
        });
        app.MapRazorPages();
        app.MapOverviewCharts();
        app.MapPracticeCharts();
        app.MapPeople();
        app.MapApi();
        app.MapDashboardEndpoints();
        app.MapExports();
        app.MapTableExports();
        app.MapTopics();
        app.MapRecognition();
        app.MapScoring();
        app.MapHangfireDashboardWithAuthorizationPolicy(Policies.Administer, "/jobs", new DashboardOptions
        {
            DashboardTitle = "Knowledge Sharing Analytics: jobs",
            AppPath = "/",
        });
        // Load balancers probe without signing in; the report holds no personal data.
        app.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            ResponseWriter = HealthReportWriter.WriteAsync,
        }).AllowAnonymous()
            // A probe reads; nothing else needs to reach it, so other methods get 405 and stay out of the POST inventory.
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        return app;
    }
}
