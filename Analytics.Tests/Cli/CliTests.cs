using Analytics.Jobs.Cli;
using Analytics.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Cli;

public sealed class CliTests
{
    private static Task<int> RunAsync(params string[] args) => AnalyticsCli.Build().Parse(args).InvokeAsync();

    [Theory]
    [InlineData("header")]
    [InlineData("truncated")]
    [InlineData("pages")]
    public async Task A_damaged_database_file_ends_every_verb_with_exit_code_4(string damage)
    {
        var path = Path.Combine(Path.GetTempPath(), $"damaged-{Guid.NewGuid():N}.db");
        try
        {
            Assert.Equal(0, await RunAsync("migrate", "--db", path));
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var bytes = await File.ReadAllBytesAsync(path);
            switch (damage)
            {
                case "header": "garbage header!!"u8.ToArray().CopyTo(bytes, 0); break;
                case "truncated": bytes = bytes[..(bytes.Length / 3)]; break;
                default: Array.Fill(bytes, (byte)0x5A, 4096, bytes.Length - 4096); break;
            }

            await File.WriteAllBytesAsync(path, bytes);
            Assert.Equal(4, await RunAsync("migrate", "--db", path));
            Assert.Equal(4, await RunAsync("aggregate", "--db", path));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Migrate_creates_the_database_file_given_with_db()
    {
        var path = Path.Combine(Path.GetTempPath(), "analytics-tests", $"{Guid.NewGuid():N}", "nested", "cli.db");
        Assert.Equal(0, await RunAsync("migrate", "--db", path));
        Assert.True(File.Exists(path));
        await using var db = Domain.Persistence.DatabaseRegistration.CreateContext(Domain.Persistence.DatabaseProvider.Sqlite, $"Data Source={path};Pooling=False");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Seed_demo_fills_an_empty_database_once_and_refuses_a_second_time()
    {
        await using var database = await TestDatabase.CreateAsync();
        Assert.Equal(0, await RunAsync("seed-demo", "--db", database.Path, "--employees", "60", "--months", "2", "--seed", "3"));

        await using var db = database.CreateContext();
        var employees = await db.Employees.CountAsync();
        var activities = await db.Activities.CountAsync();
        Assert.Equal(60, employees);
        Assert.True(activities > 500, $"expected a few months of activity, found {activities}");

        Assert.Equal(3, await RunAsync("seed-demo", "--db", database.Path, "--employees", "60"));
        Assert.Equal(employees, await db.Employees.CountAsync());
        Assert.Equal(activities, await db.Activities.CountAsync());
    }

    [Fact]
    public async Task Seed_demo_rejects_sizes_out_of_range()
    {
        await using var database = await TestDatabase.CreateAsync();
        Assert.Equal(2, await RunAsync("seed-demo", "--db", database.Path, "--employees", "3"));
        await using var db = database.CreateContext();
        Assert.False(await db.Employees.AnyAsync());
    }

    [Fact]
    public async Task The_sql_script_command_writes_the_committed_deploy_script()
    {
        var output = Path.Combine(Path.GetTempPath(), "analytics-tests", $"{Guid.NewGuid():N}.sql");
        Assert.Equal(0, await RunAsync("sql-script", "--out", output));
        Assert.Equal(
            await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "sql", Domain.Persistence.SqlServerDeployScript.FileName)),
            await File.ReadAllTextAsync(output));
    }
}
