using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Analytics.Domain.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ExpertiseRollupSegments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MonthlyExpertise_Month",
                schema: "analytics",
                table: "MonthlyExpertise");

            migrationBuilder.AddColumn<DateOnly>(
                name: "FirstDay",
                schema: "analytics",
                table: "MonthlyExpertise",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<DateOnly>(
                name: "LastDay",
                schema: "analytics",
                table: "MonthlyExpertise",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            // The rows written before segments sum their whole month: one segment of the month's days (ADR 2306). In EXEC: the
            // deploy script is one batch, compiled before the columns above exist.
            migrationBuilder.Sql("EXEC(N'UPDATE [analytics].[MonthlyExpertise] SET [FirstDay] = [Month], [LastDay] = DATEADD(day, -1, DATEADD(month, 1, [Month]))');");

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyExpertise_Month_LastDay_FirstDay",
                schema: "analytics",
                table: "MonthlyExpertise",
                columns: new[] { "Month", "LastDay", "FirstDay" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MonthlyExpertise_Month_LastDay_FirstDay",
                schema: "analytics",
                table: "MonthlyExpertise");

            migrationBuilder.DropColumn(
                name: "FirstDay",
                schema: "analytics",
                table: "MonthlyExpertise");

            migrationBuilder.DropColumn(
                name: "LastDay",
                schema: "analytics",
                table: "MonthlyExpertise");

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyExpertise_Month",
                schema: "analytics",
                table: "MonthlyExpertise",
                column: "Month");
        }
    }
}
