using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Analytics.Domain.Persistence;

/// <summary>
/// The SQL Server deploy script in sql/: every migration, idempotent, so a DBA can run it on any
/// version of the database. Generated from the migrations, never edited by hand.
/// </summary>
public static class SqlServerDeployScript
{
    public const string FileName = "analytics-deploy.sql";

    public static string Generate()
    {
        // No server is contacted: the connection string only has to parse.
        using var db = DatabaseRegistration.CreateContext(DatabaseProvider.SqlServer, "Server=offline;Database=Analytics;TrustServerCertificate=true");
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        var lines = script.ReplaceLineEndings("\n").TrimEnd('\n');
        return "-- Generated from the EF Core migrations by `analytics sql-script`. Do not edit by hand.\n" + lines + "\n";
    }
}
