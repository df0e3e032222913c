using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Analytics.Domain.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ExpertiseRollupInTopicOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Empty on SQL Server (ADR 2302): the roll-up's order only serves SQLite's stepped reader, which gives a text
            // repeated from the previous row as the same string; SQL Server's rows are read through the provider.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
