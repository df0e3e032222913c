using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Analytics.Domain.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AnswerFactsCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AnswerFacts_QuestionItemId_AnsweredAt",
                schema: "analytics",
                table: "AnswerFacts");

            migrationBuilder.CreateIndex(
                name: "IX_AnswerFacts_QuestionItemId_AnsweredAt_ActorAccountId_AuthorAccountId",
                schema: "analytics",
                table: "AnswerFacts",
                columns: new[] { "QuestionItemId", "AnsweredAt", "ActorAccountId", "AuthorAccountId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AnswerFacts_QuestionItemId_AnsweredAt_ActorAccountId_AuthorAccountId",
                schema: "analytics",
                table: "AnswerFacts");

            migrationBuilder.CreateIndex(
                name: "IX_AnswerFacts_QuestionItemId_AnsweredAt",
                schema: "analytics",
                table: "AnswerFacts",
                columns: new[] { "QuestionItemId", "AnsweredAt" });
        }
    }
}
