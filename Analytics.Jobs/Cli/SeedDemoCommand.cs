using System.CommandLine;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Jobs.Cli;

public static class SeedDemoCommand
{
    public static Command Create()
    {
        var employees = new Option<int>("--employees") { Description = "Number of employees (50..100000).", DefaultValueFactory = _ => 500 };
        var months = new Option<int>("--months") { Description = "Months of history, ending with the last full month.", DefaultValueFactory = _ => 12 };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same data.", DefaultValueFactory = _ => 42 };
        var closedMonths = new Option<int>("--closed-months")
        {
            Description = "The last full months to close and report, as the web demo does (0..12, at most --months).",
            DefaultValueFactory = _ => 3,
        };
        var command = new Command("seed-demo", "Migrate the database, fill it with a generated demo organisation (empty database only), aggregate it and close its last full months with their reports.")
        {
            employees, months, seed, closedMonths,
        };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            var options = new DemoOptions
            {
                Employees = parse.GetValue(employees),
                Months = parse.GetValue(months),
                Seed = parse.GetValue(seed),
            };
            var problems = DemoOptionsValidation.Validate(options).ToList();
            var closing = parse.GetValue(closedMonths);
            if (closing is < 0 or > 12)
                problems.Add("--closed-months must be between 0 and 12.");
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                    await Console.Error.WriteLineAsync(problem);
                return 2;
            }

            await services.GetRequiredService<DatabaseInitializer>().PrepareOnStartAsync(ct);
            var seeder = services.GetRequiredService<DemoSeeder>();
            if (!await seeder.IsEmptyAsync(ct))
            {
                await Console.Error.WriteLineAsync("The database already holds an organisation; seed-demo only fills an empty database. Use --db to choose another file.");
                return 3;
            }

            var result = await seeder.SeedAsync(options, ct);
            var aggregation = await services.GetRequiredService<Aggregation.Aggregator>().RunAsync(full: true, ct);
            // The web demo's code path (ADR 1831): the month close and the report job the schedule runs.
            var closed = await services.GetRequiredService<DemoMonths>().CloseAsync(Math.Min(closing, options.Months), ct);
            var db = services.GetRequiredService<AnalyticsDbContext>();
            await Console.Out.WriteLineAsync(
                $"Seeded {result.Employees} employees in {result.Departments} departments, {result.Items} knowledge items and " +
                $"{result.Activities} activities from {result.From:yyyy-MM-dd} to {result.To:yyyy-MM-dd} into {MigrateCommand.DescribeTarget(db)}; " +
                $"aggregated {aggregation.Days} days; closed and reported {(closed.Count == 0 ? "no month" : string.Join(", ", closed.Select(m => m.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))))}.");
            return 0;
        }));
        return command;
    }
}
