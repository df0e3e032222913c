using System.Globalization;
using Analytics.Jobs.Reports.Excel;
using Analytics.Jobs.Topics;
using Analytics.Web.Access;
using Analytics.Web.Caching;
using Analytics.Web.Exports;

namespace Analytics.Web.Topics;

public sealed record ExpertDto(
    int Rank, int PersonId, string Name, string? Department, double Score, double ContributionPoints, double ReusePoints, int Contributions,
    int AcceptedAnswers, double ReuseReceived, IReadOnlyList<EvidenceItem> TopItems, string? Email, IReadOnlyList<ContactAccount> Accounts);

public sealed record ExpertsDto(string Topic, string From, string To, IReadOnlyList<ExpertDto> Experts);

/// <summary>
/// The <see cref="ExpertiseIndex"/> of the window ending today, computed once per data version (ADR 1702). One key for
/// every day: after midnight or a sync the previous index is served while the new one is computed (the cache's
/// stale-while-recomputing rule, at most <see cref="Caching.DashboardCacheOptions.MaxAge"/> behind the clock), instead
/// of every user waiting for a year of activity to be read: on the 5M benchmark database that took minutes under load.
/// </summary>
public sealed class ExpertiseReadModel(ReadModelCache cache, TimeProvider clock)
{
    public const string CacheKey = "expertise";

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public Task<ExpertiseIndex> CurrentAsync(CancellationToken ct) =>
        cache.GetAsync(CacheKey, (services, t) => ExpertiseIndex.BuildAsync(
            services.GetRequiredService<Analytics.Domain.Persistence.AnalyticsDbContext>(),
            DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime), t), ct);
}

/// <summary>"Who knows ...", topic pages, knowledge at risk and HR's topic rules: services, API routes and exports.</summary>
public static class TopicsRegistration
{
    public static string ExpertsExport(string topic) => "/exports/experts.xlsx?topic=" + Uri.EscapeDataString(topic);
    public const string RiskExport = "/exports/knowledge-at-risk.xlsx";
    public static string TopicPage(string topic) => "/Topic?topic=" + Uri.EscapeDataString(topic);
    public static string ExpertsPage(string topic) => "/Experts?topic=" + Uri.EscapeDataString(topic);

    public static IServiceCollection AddTopics(this IServiceCollection services)
    {
        services.AddScoped<ExpertiseReadModel>();
        return services;
    }

    public static IEndpointRouteBuilder MapTopics(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").WithTags("Topics").RequireAuthorization(Policies.SignedIn);
        api.MapGet("/experts", async (string? topic, ExpertiseReadModel model, TopicQueries queries, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(topic))
                    return Results.Problem(title: "topic is required", detail: "Ask /api/experts?topic=NAME; /api/topics lists the topics.", statusCode: StatusCodes.Status400BadRequest);
                var index = await model.CurrentAsync(ct);
                var view = await queries.ExpertsAsync(index, topic, TopicQueries.MaxExperts, ct);
                if (view.Topic is null)
                    return Results.Problem(title: "no such topic", detail: $"No visible topic is spelled like '{topic}'.", statusCode: StatusCodes.Status404NotFound);
                return Results.Ok(ToDto(view));
            })
            .WithSummary("People who know a topic over the last 12 months, best first (expertise score, see /Definitions#expertise), with evidence " +
                         "and how to reach them. Opted-out, departed, hidden, bot and unlinked people never appear. Any spelling of the topic works.");

        api.MapGet("/topics", async (ExpertiseReadModel model, CancellationToken ct) =>
                Results.Ok(TopicQueries.TopicList(await model.CurrentAsync(ct))))
            .WithSummary("Every visible topic with its number of items and its total expertise score over the last 12 months, largest first.");

        api.MapGet("/knowledge-at-risk", async (ExpertiseReadModel model, CancellationToken ct) =>
                Results.Ok(TopicQueries.KnowledgeAtRisk(await model.CurrentAsync(ct))))
            .RequireAuthorization(Policies.ManagePeopleData)
            .WithSummary("HR: topics whose expertise rests on one or two people or on people who left or are leaving, most at risk first.");

        var exports = endpoints.MapGroup("/exports").ExcludeFromDescription();
        exports.MapGet("/experts.xlsx", async (string? topic, ExpertiseReadModel model, TopicQueries queries, ExportAudit audit, HttpContext http, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(topic))
                    return Results.Problem(title: "topic is required", statusCode: StatusCodes.Status400BadRequest);
                var view = await queries.ExpertsAsync(await model.CurrentAsync(ct), topic, TopicQueries.MaxExperts, ct);
                if (view.Topic is null)
                    return Results.Problem(title: "no such topic", statusCode: StatusCodes.Status404NotFound);
                return await SendAsync(ExpertsTable(view), audit, http, ct);
            })
            .RequireAuthorization(Policies.SignedIn);

        exports.MapGet("/knowledge-at-risk.xlsx", async (ExpertiseReadModel model, ExportAudit audit, HttpContext http, CancellationToken ct) =>
            {
                var index = await model.CurrentAsync(ct);
                return await SendAsync(RiskTable(TopicQueries.KnowledgeAtRisk(index), index), audit, http, ct);
            })
            .RequireAuthorization(Policies.ManagePeopleData);
        return endpoints;
    }

    public static ExpertsDto ToDto(ExpertsView view) => new(view.Topic!, Day(view.From), Day(view.To),
        view.Experts.Select(e => new ExpertDto(e.Rank, e.PersonId, e.Name, e.Department, e.Score, e.ContributionPoints, e.ReusePoints,
            e.Contributions, e.AcceptedAnswers, e.ReuseReceived, e.TopItems, e.Email, e.Accounts)).ToList());

    public static TableExport ExpertsTable(ExpertsView view) => new("experts", view.Topic!,
        [
            ExportSheet.Of("Experts", new ExportColumn<ExpertRow>[]
            {
                new("Rank", 8, e => e.Rank, SheetWriter.IntegerFormat),
                new("Person", 28, e => e.Name),
                new("Department", 28, e => e.Department),
                new("Score", 12, e => e.Score, SheetWriter.DecimalFormat),
                new("Own contributions (points)", 14, e => e.ContributionPoints, SheetWriter.DecimalFormat),
                new("Reuse by others (points)", 14, e => e.ReusePoints, SheetWriter.DecimalFormat),
                new("Contributions", 12, e => e.Contributions, SheetWriter.IntegerFormat),
                new("Accepted answers", 12, e => e.AcceptedAnswers, SheetWriter.IntegerFormat),
                new("Reuse received", 12, e => e.ReuseReceived, SheetWriter.DecimalFormat),
                new("Top items", 60, e => string.Join("; ", e.TopItems.Select(i => i.Title))),
                new("E-mail", 32, e => e.Email),
                new("Accounts", 40, e => string.Join("; ", e.Accounts.Select(a => a.Source + ": " + a.Account))),
            }, view.Experts),
        ],
        [("Topic", view.Topic), ("From", view.From), ("To", view.To)]);

    public static TableExport RiskTable(IReadOnlyList<RiskRow> rows, ExpertiseIndex index) => new("knowledge-at-risk", Day(index.To),
        [
            ExportSheet.Of("Knowledge at risk", new ExportColumn<RiskRow>[]
            {
                new("Rank", 8, r => r.Rank, SheetWriter.IntegerFormat),
                new("Topic", 28, r => r.Topic),
                new("Bus factor", 10, r => r.BusFactor, SheetWriter.IntegerFormat),
                new("People with evidence", 12, r => r.Contributors, SheetWriter.IntegerFormat),
                new("Share held by leavers", 12, r => r.LeaversShare, SheetWriter.PercentFormat),
                new("Main contributors", 50, r => r.DescribeMain(Describe)),
                new("Why", 70, r => r.Why),
            }, rows),
        ],
        [("From", index.From), ("To", index.To)]);

    public static string Describe(RiskPerson p) =>
        string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.Share:P0}") + (p.LeaveDate is { } d ? " (leave date " + Day(d) + ")" : "");

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<IResult> SendAsync(TableExport export, ExportAudit audit, HttpContext http, CancellationToken ct)
    {
        await audit.RecordAsync("export." + export.Kind, $"table={export.Kind} label={export.Label}", null, ct);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
        return Results.File(export.ToWorkbook(), ExportEndpoints.XlsxContentType, export.FileName);
    }
}
