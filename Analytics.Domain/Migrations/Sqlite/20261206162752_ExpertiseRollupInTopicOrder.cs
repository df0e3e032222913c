using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Analytics.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExpertiseRollupInTopicOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Each month of the expertise roll-up rewritten in the order of its topics, person and type, the order the
            // aggregator now writes a month in (ADR 2302): read by the month index, the rows come in that order and the
            // report's knowledge at risk resolves each topic combination once per run of rows. Same rows, new ids.
            migrationBuilder.Sql(@"CREATE TEMP TABLE ""MonthlyExpertiseInTopicOrder"" AS SELECT ""Month"", ""PersonId"", ""Topics"", ""Type"", ""Events"", ""QuantityEvents"", ""Quantity"", ""Weighted"" FROM ""MonthlyExpertise"" ORDER BY ""Month"", ""Topics"", ""PersonId"", ""Type"";");
            migrationBuilder.Sql(@"DELETE FROM ""MonthlyExpertise"";");
            migrationBuilder.Sql(@"INSERT INTO ""MonthlyExpertise"" (""Month"", ""PersonId"", ""Topics"", ""Type"", ""Events"", ""QuantityEvents"", ""Quantity"", ""Weighted"") SELECT ""Month"", ""PersonId"", ""Topics"", ""Type"", ""Events"", ""QuantityEvents"", ""Quantity"", ""Weighted"" FROM ""MonthlyExpertiseInTopicOrder"" ORDER BY rowid;");
            migrationBuilder.Sql(@"DROP TABLE ""MonthlyExpertiseInTopicOrder"";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The order is no part of the schema: nothing to undo.
        }
    }
}
