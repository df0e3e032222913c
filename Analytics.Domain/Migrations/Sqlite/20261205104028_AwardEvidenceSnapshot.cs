using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Analytics.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AwardEvidenceSnapshot : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_AwardEvidence_Activities_ActivityId",
                table: "AwardEvidence");

            migrationBuilder.DropIndex(
                name: "IX_AwardEvidence_ActivityId",
                table: "AwardEvidence");

            migrationBuilder.AddColumn<string>(
                name: "ItemTitle",
                table: "AwardEvidence",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ItemUrl",
                table: "AwardEvidence",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "OccurredAt",
                table: "AwardEvidence",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "AwardEvidence",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Type",
                table: "AwardEvidence",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Existing evidence copies the facts of its activity while the activity is still there (ADR 1404).
            migrationBuilder.Sql("UPDATE \"AwardEvidence\" SET \"Type\" = (SELECT a.\"Type\" FROM \"Activities\" AS a WHERE a.\"Id\" = \"AwardEvidence\".\"ActivityId\"), \"OccurredAt\" = (SELECT a.\"OccurredAt\" FROM \"Activities\" AS a WHERE a.\"Id\" = \"AwardEvidence\".\"ActivityId\"), \"Source\" = (SELECT s.\"Name\" FROM \"Activities\" AS a JOIN \"SourceSystems\" AS s ON s.\"Id\" = a.\"SourceSystemId\" WHERE a.\"Id\" = \"AwardEvidence\".\"ActivityId\"), \"ItemTitle\" = (SELECT i.\"Title\" FROM \"Activities\" AS a JOIN \"KnowledgeItems\" AS i ON i.\"Id\" = a.\"ItemId\" WHERE a.\"Id\" = \"AwardEvidence\".\"ActivityId\"), \"ItemUrl\" = (SELECT i.\"Url\" FROM \"Activities\" AS a JOIN \"KnowledgeItems\" AS i ON i.\"Id\" = a.\"ItemId\" WHERE a.\"Id\" = \"AwardEvidence\".\"ActivityId\") WHERE EXISTS (SELECT 1 FROM \"Activities\" AS a WHERE a.\"Id\" = \"AwardEvidence\".\"ActivityId\");");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ItemTitle",
                table: "AwardEvidence");

            migrationBuilder.DropColumn(
                name: "ItemUrl",
                table: "AwardEvidence");

            migrationBuilder.DropColumn(
                name: "OccurredAt",
                table: "AwardEvidence");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "AwardEvidence");

            migrationBuilder.DropColumn(
                name: "Type",
                table: "AwardEvidence");

            migrationBuilder.CreateIndex(
                name: "IX_AwardEvidence_ActivityId",
                table: "AwardEvidence",
                column: "ActivityId");

            migrationBuilder.AddForeignKey(
                name: "FK_AwardEvidence_Activities_ActivityId",
                table: "AwardEvidence",
                column: "ActivityId",
                principalTable: "Activities",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }
    }
}
