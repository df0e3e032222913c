using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Metrics;

/// <summary>
/// No SQL Server runs here, but EF translates without one: the aggregation's day query must translate for
/// SQL Server too (it is the only provider-sensitive query shape of the job: nullable navigations in a projection).
/// </summary>
public sealed class SqlServerTranslationTests
{
    [Fact]
    public async Task The_day_query_translates_for_sql_server_with_left_joins_and_a_day_range()
    {
        await using var db = DatabaseRegistration.CreateContext(DatabaseProvider.SqlServer,
            "Server=localhost;Database=analytics;Integrated Security=true;TrustServerCertificate=true");

        var sql = Aggregator.FactsOf(db, new DateOnly(2026, 10, 14)).ToQueryString();

        Assert.Contains("LEFT JOIN [analytics].[SourceAccounts]", sql, StringComparison.Ordinal);
        Assert.Contains("[a].[OccurredAt] >= @", sql, StringComparison.Ordinal);
        Assert.Contains("[a].[OccurredAt] < @", sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2000)]
    [InlineData(2097)]
    [InlineData(2098)]
    [InlineData(2099)]
    [InlineData(2100)]
    [InlineData(2101)]
    [InlineData(5000)]
    public async Task A_list_of_people_never_takes_more_parameters_than_sql_server_accepts(int people)
    {
        await using var db = DatabaseRegistration.CreateContext(DatabaseProvider.SqlServer,
            "Server=localhost;Database=analytics;Integrated Security=true;TrustServerCertificate=true");
        // The aggregation's pending badge checks of a full recompute name every person it touched: thousands. EF Core 10
        // sends a list as one parameter per value (padded to a bucket size); sp_executesql takes at most 2,098, and over
        // that EF falls back to one OPENJSON parameter (EF Core 10.0 patches). This pins the behaviour the code relies on.
        var ids = Enumerable.Range(1, people).ToList();

        var sql = db.PendingBadgeChecks.Where(c => ids.Contains(c.PersonId)).ToQueryString();

        var parameters = sql.Split("DECLARE @").Length - 1;
        Assert.True(parameters <= 2098, $"{people} people: {parameters} parameters");
        Assert.True(parameters >= people || sql.Contains("OPENJSON", StringComparison.Ordinal), $"{people} people: {parameters} parameters and no OPENJSON");
    }
}
