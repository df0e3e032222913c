using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Analytics.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TopicRulesAndExpertiseOptOut : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "HiddenFromExpertise",
                table: "Employees",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "TopicRules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TopicKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    MergeIntoKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Hidden = table.Column<bool>(type: "INTEGER", nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TopicRules", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TopicRules_TopicKey",
                table: "TopicRules",
                column: "TopicKey",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TopicRules");

            migrationBuilder.DropColumn(
                name: "HiddenFromExpertise",
                table: "Employees");
        }
    }
}
