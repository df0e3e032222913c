using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Analytics.Domain.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AwardEvidenceSnapshot : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_AwardEvidence_Activities_ActivityId",
                schema: "analytics",
                table: "AwardEvidence");

            migrationBuilder.DropIndex(
                name: "IX_AwardEvidence_ActivityId",
                schema: "analytics",
                table: "AwardEvidence");

            migrationBuilder.AddColumn<string>(
                name: "ItemTitle",
                schema: "analytics",
                table: "AwardEvidence",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ItemUrl",
                schema: "analytics",
                table: "AwardEvidence",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "OccurredAt",
                schema: "analytics",
                table: "AwardEvidence",
                type: "datetime2",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<string>(
                name: "Source",
                schema: "analytics",
                table: "AwardEvidence",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Type",
                schema: "analytics",
                table: "AwardEvidence",
                type: "int",
                nullable: false,
                defaultValue: 0);

            // Existing evidence copies the facts of its activity while the activity is still there (ADR 1404).
            // In EXEC: the deploy script is one batch, compiled before the columns above exist.
            migrationBuilder.Sql("EXEC(N'UPDATE e SET e.[Type] = a.[Type], e.[OccurredAt] = a.[OccurredAt], e.[Source] = s.[Name], e.[ItemTitle] = i.[Title], e.[ItemUrl] = i.[Url] FROM [analytics].[AwardEvidence] AS e JOIN [analytics].[Activities] AS a ON a.[Id] = e.[ActivityId] JOIN [analytics].[SourceSystems] AS s ON s.[Id] = a.[SourceSystemId] LEFT JOIN [analytics].[KnowledgeItems] AS i ON i.[Id] = a.[ItemId];');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ItemTitle",
                schema: "analytics",
                table: "AwardEvidence");

            migrationBuilder.DropColumn(
                name: "ItemUrl",
                schema: "analytics",
                table: "AwardEvidence");

            migrationBuilder.DropColumn(
                name: "OccurredAt",
                schema: "analytics",
                table: "AwardEvidence");

            migrationBuilder.DropColumn(
                name: "Source",
                schema: "analytics",
                table: "AwardEvidence");

            migrationBuilder.DropColumn(
                name: "Type",
                schema: "analytics",
                table: "AwardEvidence");

            migrationBuilder.CreateIndex(
                name: "IX_AwardEvidence_ActivityId",
                schema: "analytics",
                table: "AwardEvidence",
                column: "ActivityId");

            migrationBuilder.AddForeignKey(
                name: "FK_AwardEvidence_Activities_ActivityId",
                schema: "analytics",
                table: "AwardEvidence",
                column: "ActivityId",
                principalSchema: "analytics",
                principalTable: "Activities",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }
    }
}
