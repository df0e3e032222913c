using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Analytics.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExpertiseRollupSegments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MonthlyExpertise_Month",
                table: "MonthlyExpertise");

            migrationBuilder.AddColumn<DateOnly>(
                name: "FirstDay",
                table: "MonthlyExpertise",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<DateOnly>(
                name: "LastDay",
                table: "MonthlyExpertise",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            // The rows written before segments sum their whole month: one segment of the month's days (ADR 2306).
            migrationBuilder.Sql(@"UPDATE ""MonthlyExpertise"" SET ""FirstDay"" = ""Month"", ""LastDay"" = date(""Month"", '+1 month', '-1 day');");

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyExpertise_Month_LastDay_FirstDay",
                table: "MonthlyExpertise",
                columns: new[] { "Month", "LastDay", "FirstDay" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MonthlyExpertise_Month_LastDay_FirstDay",
                table: "MonthlyExpertise");

            migrationBuilder.DropColumn(
                name: "FirstDay",
                table: "MonthlyExpertise");

            migrationBuilder.DropColumn(
                name: "LastDay",
                table: "MonthlyExpertise");

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyExpertise_Month",
                table: "MonthlyExpertise",
                column: "Month");
        }
    }
}
