using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Analytics.Domain.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class PersonMatchSuggestions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "DisplayNameSeenAt",
                schema: "analytics",
                table: "SourceAccounts",
                type: "datetime2",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PersonMatchSuggestions",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    PersonId = table.Column<int>(type: "int", nullable: false),
                    OtherPersonId = table.Column<int>(type: "int", nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Score = table.Column<double>(type: "float", nullable: false),
                    Status = table.Column<int>(type: "int", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    DecidedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonMatchSuggestions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PersonMatchSuggestions_Persons_OtherPersonId",
                        column: x => x.OtherPersonId,
                        principalSchema: "analytics",
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PersonMatchSuggestions_Persons_PersonId",
                        column: x => x.PersonId,
                        principalSchema: "analytics",
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PersonMatchSuggestions_OtherPersonId",
                schema: "analytics",
                table: "PersonMatchSuggestions",
                column: "OtherPersonId");

            migrationBuilder.CreateIndex(
                name: "IX_PersonMatchSuggestions_PersonId_OtherPersonId",
                schema: "analytics",
                table: "PersonMatchSuggestions",
                columns: new[] { "PersonId", "OtherPersonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PersonMatchSuggestions_Status",
                schema: "analytics",
                table: "PersonMatchSuggestions",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PersonMatchSuggestions",
                schema: "analytics");

            migrationBuilder.DropColumn(
                name: "DisplayNameSeenAt",
                schema: "analytics",
                table: "SourceAccounts");
        }
    }
}
