using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Analytics.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MonthlyPersonTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MonthlyPersonTotals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Month = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PersonId = table.Column<int>(type: "INTEGER", nullable: false),
                    DepartmentId = table.Column<int>(type: "INTEGER", nullable: true),
                    ContributionRows = table.Column<int>(type: "INTEGER", nullable: false),
                    Contributions = table.Column<int>(type: "INTEGER", nullable: false),
                    Reuse = table.Column<double>(type: "REAL", nullable: false),
                    CrossTeam = table.Column<double>(type: "REAL", nullable: false),
                    Completions = table.Column<int>(type: "INTEGER", nullable: false),
                    MentoringHours = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonthlyPersonTotals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MonthlyPersonTotals_Departments_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "Departments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MonthlyPersonTotals_Persons_PersonId",
                        column: x => x.PersonId,
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyPersonTotals_DepartmentId",
                table: "MonthlyPersonTotals",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyPersonTotals_Month_PersonId_DepartmentId",
                table: "MonthlyPersonTotals",
                columns: new[] { "Month", "PersonId", "DepartmentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyPersonTotals_PersonId",
                table: "MonthlyPersonTotals",
                column: "PersonId");

            // Backfill (ADR 2304): an existing database gets the totals of every month it has roll-ups for, the sums the
            // aggregator writes from then on (MonthlyRollups.TotalsSums; MigrationTests checks the two agree).
            migrationBuilder.Sql(@"INSERT INTO [MonthlyPersonTotals] ([Month], [PersonId], [DepartmentId], [ContributionRows], [Contributions], [Reuse], [CrossTeam], [Completions], [MentoringHours])
SELECT [Month], [PersonId], [DepartmentId], SUM(CASE WHEN [Type] IN (1, 2, 3, 4, 5, 6, 7, 8, 9) THEN 1 ELSE 0 END), SUM(CASE WHEN [Type] IN (1, 2, 3, 4, 5, 6, 7, 8, 9) THEN [Count] ELSE 0 END), SUM(CASE WHEN [Type] IN (40, 41, 42, 43, 44, 45) THEN [Quantity] ELSE 0.0 END), SUM(CASE WHEN [Type] IN (40, 41, 42, 43, 44, 45) THEN [CrossTeam] ELSE 0.0 END), SUM(CASE WHEN [Type] = 20 THEN [Count] ELSE 0 END), SUM(CASE WHEN [Type] = 8 THEN [Quantity] ELSE 0.0 END)
FROM [MonthlyPersonMetrics]
GROUP BY [Month], [PersonId], [DepartmentId];");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MonthlyPersonTotals");
        }
    }
}
