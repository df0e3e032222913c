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

    /// <summary>
    /// The session settings the script needs, in a batch of their own before any other (docs/adr/1411):
    /// sqlcmd starts with QUOTED_IDENTIFIER OFF, under which a filtered index fails (error 1934) while the
    /// batch goes on and records its migration as applied; XACT_ABORT rolls a migration's transaction
    /// back on any error instead of committing its other statements.
    /// </summary>
    public const string SessionSettings = "SET ANSI_NULLS ON;\nSET QUOTED_IDENTIFIER ON;\nSET XACT_ABORT ON;\nGO\n\n";

    public static string Generate()
    {
        // No server is contacted: the connection string only has to parse.
        using var db = DatabaseRegistration.CreateContext(DatabaseProvider.SqlServer, "Server=offline;Database=Analytics;TrustServerCertificate=true");
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        var lines = script.ReplaceLineEndings("\n").TrimEnd('\n');
        return "-- Generated from the EF Core migrations by `analytics sql-script`. Do not edit by hand.\n"
               + "-- Run with `sqlcmd -I -b` (docs/sqlserver.md).\n"
               + SessionSettings + lines + "\n";
    }
}
