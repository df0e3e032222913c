using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Analytics.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PersonMatchSuggestions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "DisplayNameSeenAt",
                table: "SourceAccounts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PersonMatchSuggestions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PersonId = table.Column<int>(type: "INTEGER", nullable: false),
                    OtherPersonId = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonMatchSuggestions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PersonMatchSuggestions_Persons_OtherPersonId",
                        column: x => x.OtherPersonId,
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PersonMatchSuggestions_Persons_PersonId",
                        column: x => x.PersonId,
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PersonMatchSuggestions_OtherPersonId",
                table: "PersonMatchSuggestions",
                column: "OtherPersonId");

            migrationBuilder.CreateIndex(
                name: "IX_PersonMatchSuggestions_PersonId_OtherPersonId",
                table: "PersonMatchSuggestions",
                columns: new[] { "PersonId", "OtherPersonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PersonMatchSuggestions_Status",
                table: "PersonMatchSuggestions",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PersonMatchSuggestions");

            migrationBuilder.DropColumn(
                name: "DisplayNameSeenAt",
                table: "SourceAccounts");
        }
    }
}
