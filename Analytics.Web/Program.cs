using Analytics.Jobs.Hosting;
using Analytics.Web.Access;
using Analytics.Web.Api;
using Analytics.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddAnalyticsJobs();
builder.AddInProcessJobServer();
builder.AddAccess();
builder.AddDashboard();
builder.AddApi();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseDashboard();
await app.RunAsync();

/// <summary>Entry point, public for WebApplicationFactory in the tests.</summary>
public partial class Program;
