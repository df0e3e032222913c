using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Analytics.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AnswerFactsCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AnswerFacts_QuestionItemId_AnsweredAt",
                table: "AnswerFacts");

            migrationBuilder.CreateIndex(
                name: "IX_AnswerFacts_QuestionItemId_AnsweredAt_ActorAccountId_AuthorAccountId",
                table: "AnswerFacts",
                columns: new[] { "QuestionItemId", "AnsweredAt", "ActorAccountId", "AuthorAccountId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AnswerFacts_QuestionItemId_AnsweredAt_ActorAccountId_AuthorAccountId",
                table: "AnswerFacts");

            migrationBuilder.CreateIndex(
                name: "IX_AnswerFacts_QuestionItemId_AnsweredAt",
                table: "AnswerFacts",
                columns: new[] { "QuestionItemId", "AnsweredAt" });
        }
    }
}
