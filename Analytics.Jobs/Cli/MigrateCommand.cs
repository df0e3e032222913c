using System.CommandLine;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Jobs.Cli;

public static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Create the database if needed and apply all migrations.");
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            var db = services.GetRequiredService<AnalyticsDbContext>();
            await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            var applied = await db.Database.GetAppliedMigrationsAsync(ct);
            await Console.Out.WriteLineAsync($"{db.Provider} database is up to date ({applied.Count()} migrations): {DescribeTarget(db)}");
            return 0;
        }));
        return command;
    }

    internal static string DescribeTarget(AnalyticsDbContext db) => db.Provider == DatabaseProvider.Sqlite
        ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource
        : db.Database.GetDbConnection().Database;
}
