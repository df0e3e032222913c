using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Analytics.Domain.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CoveringMonthlyPersonMetricsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MonthlyPersonMetrics_Month_PersonId_Type",
                schema: "analytics",
                table: "MonthlyPersonMetrics");

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyPersonMetrics_Month_PersonId_Type_DepartmentId_Count_Quantity_CrossTeam",
                schema: "analytics",
                table: "MonthlyPersonMetrics",
                columns: new[] { "Month", "PersonId", "Type", "DepartmentId", "Count", "Quantity", "CrossTeam" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MonthlyPersonMetrics_Month_PersonId_Type_DepartmentId_Count_Quantity_CrossTeam",
                schema: "analytics",
                table: "MonthlyPersonMetrics");

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyPersonMetrics_Month_PersonId_Type",
                schema: "analytics",
                table: "MonthlyPersonMetrics",
                columns: new[] { "Month", "PersonId", "Type" });
        }
    }
}
