using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Analytics.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MonthlyPersonMetrics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MonthlyPersonMetrics",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Month = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PersonId = table.Column<int>(type: "INTEGER", nullable: false),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    DepartmentId = table.Column<int>(type: "INTEGER", nullable: true),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    Quantity = table.Column<double>(type: "REAL", nullable: false),
                    CrossTeam = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonthlyPersonMetrics", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MonthlyPersonMetrics_Departments_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "Departments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MonthlyPersonMetrics_Persons_PersonId",
                        column: x => x.PersonId,
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyPersonMetrics_DepartmentId",
                table: "MonthlyPersonMetrics",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyPersonMetrics_Month_PersonId_Type",
                table: "MonthlyPersonMetrics",
                columns: new[] { "Month", "PersonId", "Type" });

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyPersonMetrics_PersonId_Month",
                table: "MonthlyPersonMetrics",
                columns: new[] { "PersonId", "Month" });

            // Backfill (ADR 2011): an existing database gets the roll-ups of every month it has day rows for, the sums
            // the aggregator writes from then on. Day rows of purged days are the only record of those days and are included.
            migrationBuilder.Sql(@"INSERT INTO ""MonthlyPersonMetrics"" (""Month"", ""PersonId"", ""Type"", ""DepartmentId"", ""Count"", ""Quantity"", ""CrossTeam"")
SELECT substr(""Day"", 1, 7) || '-01', ""PersonId"", ""Type"", ""DepartmentId"", SUM(""Count""), SUM(""Quantity""), SUM(""CrossTeam"")
FROM ""DailyPersonMetrics""
GROUP BY substr(""Day"", 1, 7), ""PersonId"", ""Type"", ""DepartmentId"";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MonthlyPersonMetrics");
        }
    }
}
