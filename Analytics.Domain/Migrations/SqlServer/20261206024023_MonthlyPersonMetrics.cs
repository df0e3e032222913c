using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Analytics.Domain.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class MonthlyPersonMetrics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MonthlyPersonMetrics",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    PersonId = table.Column<int>(type: "int", nullable: false),
                    Type = table.Column<int>(type: "int", nullable: false),
                    DepartmentId = table.Column<int>(type: "int", nullable: true),
                    Count = table.Column<int>(type: "int", nullable: false),
                    Quantity = table.Column<double>(type: "float", nullable: false),
                    CrossTeam = table.Column<double>(type: "float", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonthlyPersonMetrics", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MonthlyPersonMetrics_Departments_DepartmentId",
                        column: x => x.DepartmentId,
                        principalSchema: "analytics",
                        principalTable: "Departments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MonthlyPersonMetrics_Persons_PersonId",
                        column: x => x.PersonId,
                        principalSchema: "analytics",
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyPersonMetrics_DepartmentId",
                schema: "analytics",
                table: "MonthlyPersonMetrics",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyPersonMetrics_Month_PersonId_Type",
                schema: "analytics",
                table: "MonthlyPersonMetrics",
                columns: new[] { "Month", "PersonId", "Type" });

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyPersonMetrics_PersonId_Month",
                schema: "analytics",
                table: "MonthlyPersonMetrics",
                columns: new[] { "PersonId", "Month" });

            // Backfill (ADR 2011): an existing database gets the roll-ups of every month it has day rows for, the sums
            // the aggregator writes from then on. Day rows of purged days are the only record of those days and are included.
            migrationBuilder.Sql(@"INSERT INTO [analytics].[MonthlyPersonMetrics] ([Month], [PersonId], [Type], [DepartmentId], [Count], [Quantity], [CrossTeam])
SELECT DATEFROMPARTS(YEAR([Day]), MONTH([Day]), 1), [PersonId], [Type], [DepartmentId], SUM([Count]), SUM([Quantity]), SUM([CrossTeam])
FROM [analytics].[DailyPersonMetrics]
GROUP BY DATEFROMPARTS(YEAR([Day]), MONTH([Day]), 1), [PersonId], [Type], [DepartmentId];");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MonthlyPersonMetrics",
                schema: "analytics");
        }
    }
}
