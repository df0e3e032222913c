using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Analytics.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AnswerFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AnswerFacts",
                columns: table => new
                {
                    ActivityId = table.Column<long>(type: "INTEGER", nullable: false),
                    QuestionItemId = table.Column<long>(type: "INTEGER", nullable: false),
                    ActorAccountId = table.Column<int>(type: "INTEGER", nullable: true),
                    AuthorAccountId = table.Column<int>(type: "INTEGER", nullable: true),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnswerFacts", x => x.ActivityId);
                    table.ForeignKey(
                        name: "FK_AnswerFacts_Activities_ActivityId",
                        column: x => x.ActivityId,
                        principalTable: "Activities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "QuestionFacts",
                columns: table => new
                {
                    ActivityId = table.Column<long>(type: "INTEGER", nullable: false),
                    ItemId = table.Column<long>(type: "INTEGER", nullable: false),
                    AskerAccountId = table.Column<int>(type: "INTEGER", nullable: true),
                    AskedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuestionFacts", x => x.ActivityId);
                    table.ForeignKey(
                        name: "FK_QuestionFacts_Activities_ActivityId",
                        column: x => x.ActivityId,
                        principalTable: "Activities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnswerFacts_AnsweredAt",
                table: "AnswerFacts",
                column: "AnsweredAt");

            migrationBuilder.CreateIndex(
                name: "IX_AnswerFacts_QuestionItemId_AnsweredAt",
                table: "AnswerFacts",
                columns: new[] { "QuestionItemId", "AnsweredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_QuestionFacts_AskedAt_ItemId_AskerAccountId",
                table: "QuestionFacts",
                columns: new[] { "AskedAt", "ItemId", "AskerAccountId" });

            migrationBuilder.CreateIndex(
                name: "IX_QuestionFacts_ItemId",
                table: "QuestionFacts",
                column: "ItemId");

            // Backfill (ADR 2041): an existing database gets the facts of all its raw activity at once, the rows the
            // aggregator writes from then on (3 = asked, 4 = answered). Days marked dirty are rewritten by the next run anyway.
            migrationBuilder.Sql(@"INSERT INTO ""QuestionFacts"" (""ActivityId"", ""ItemId"", ""AskerAccountId"", ""AskedAt"")
SELECT ""Id"", ""ItemId"", ""ActorAccountId"", ""OccurredAt"" FROM ""Activities""
WHERE ""Type"" = 3 AND ""ItemId"" IS NOT NULL;");
            migrationBuilder.Sql(@"INSERT INTO ""AnswerFacts"" (""ActivityId"", ""QuestionItemId"", ""ActorAccountId"", ""AuthorAccountId"", ""AnsweredAt"")
SELECT a.""Id"", i.""ParentItemId"", a.""ActorAccountId"", i.""AuthorAccountId"", a.""OccurredAt""
FROM ""Activities"" a JOIN ""KnowledgeItems"" i ON i.""Id"" = a.""ItemId""
WHERE a.""Type"" = 4 AND i.""ParentItemId"" IS NOT NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnswerFacts");

            migrationBuilder.DropTable(
                name: "QuestionFacts");
        }
    }
}
