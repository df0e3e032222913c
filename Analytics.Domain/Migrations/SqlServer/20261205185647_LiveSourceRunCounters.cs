using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Analytics.Domain.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class LiveSourceRunCounters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "PagesRead",
                schema: "analytics",
                table: "SyncRuns",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "RateLimitWaitSeconds",
                schema: "analytics",
                table: "SyncRuns",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "RateLimitWaits",
                schema: "analytics",
                table: "SyncRuns",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "Removed",
                schema: "analytics",
                table: "SyncRuns",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "Retries",
                schema: "analytics",
                table: "SyncRuns",
                type: "int",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PagesRead",
                schema: "analytics",
                table: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "RateLimitWaitSeconds",
                schema: "analytics",
                table: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "RateLimitWaits",
                schema: "analytics",
                table: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "Removed",
                schema: "analytics",
                table: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "Retries",
                schema: "analytics",
                table: "SyncRuns");
        }
    }
}
