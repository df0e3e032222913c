using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Analytics.Domain.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "analytics");

            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Actor = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Action = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Details = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Departments",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Code = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ParentId = table.Column<int>(type: "int", nullable: true),
                    Path = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Depth = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Departments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Departments_Departments_ParentId",
                        column: x => x.ParentId,
                        principalSchema: "analytics",
                        principalTable: "Departments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DirtyDays",
                schema: "analytics",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    MarkedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirtyDays", x => x.Day);
                });

            migrationBuilder.CreateTable(
                name: "Employees",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    EmployeeNumber = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    DisplayName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Email = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: false),
                    Location = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    HireDate = table.Column<DateOnly>(type: "date", nullable: false),
                    LeaveDate = table.Column<DateOnly>(type: "date", nullable: true),
                    LeaderboardOptOut = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Employees", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MonthCloses",
                schema: "analytics",
                columns: table => new
                {
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ClosedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonthCloses", x => x.Month);
                });

            migrationBuilder.CreateTable(
                name: "ScoringRules",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Type = table.Column<int>(type: "int", nullable: false),
                    PointsPerEvent = table.Column<double>(type: "float", nullable: false),
                    CrossTeamPointsPerEvent = table.Column<double>(type: "float", nullable: true),
                    DailyCapPerPerson = table.Column<int>(type: "int", nullable: true),
                    PairCapPerMonth = table.Column<int>(type: "int", nullable: true),
                    EffectiveFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    EffectiveTo = table.Column<DateOnly>(type: "date", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScoringRules", x => x.Id);
                    table.CheckConstraint("CK_ScoringRules_Caps", "(DailyCapPerPerson IS NULL OR DailyCapPerPerson >= 0) AND (PairCapPerMonth IS NULL OR PairCapPerMonth >= 0)");
                    table.CheckConstraint("CK_ScoringRules_Span", "EffectiveTo IS NULL OR EffectiveTo > EffectiveFrom");
                });

            migrationBuilder.CreateTable(
                name: "SourceSystems",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Location = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    Schedule = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Enabled = table.Column<bool>(type: "bit", nullable: false),
                    Cursor = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    CursorUpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SourceSystems", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StoredReports",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Kind = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Period = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    GeneratedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    GeneratedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    FileName = table.Column<string>(type: "nvarchar(260)", maxLength: 260, nullable: false),
                    ContentType = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Content = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StoredReports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    RoleId = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    ClaimType = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ClaimValue = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalSchema: "analytics",
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DailyFlows",
                schema: "analytics",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    AuthorDepartmentId = table.Column<int>(type: "int", nullable: false),
                    ReuserDepartmentId = table.Column<int>(type: "int", nullable: false),
                    Type = table.Column<int>(type: "int", nullable: false),
                    Events = table.Column<double>(type: "float", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DailyFlows", x => new { x.Day, x.AuthorDepartmentId, x.ReuserDepartmentId, x.Type });
                    table.ForeignKey(
                        name: "FK_DailyFlows_Departments_AuthorDepartmentId",
                        column: x => x.AuthorDepartmentId,
                        principalSchema: "analytics",
                        principalTable: "Departments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DailyFlows_Departments_ReuserDepartmentId",
                        column: x => x.ReuserDepartmentId,
                        principalSchema: "analytics",
                        principalTable: "Departments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    EmployeeId = table.Column<int>(type: "int", nullable: true),
                    UserName = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "bit", nullable: false),
                    PasswordHash = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    SecurityStamp = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    PhoneNumber = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "bit", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "bit", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "bit", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUsers_Employees_EmployeeId",
                        column: x => x.EmployeeId,
                        principalSchema: "analytics",
                        principalTable: "Employees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "EmployeeAliases",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    EmployeeId = table.Column<int>(type: "int", nullable: false),
                    Email = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmployeeAliases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EmployeeAliases_Employees_EmployeeId",
                        column: x => x.EmployeeId,
                        principalSchema: "analytics",
                        principalTable: "Employees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OrgAssignments",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    EmployeeId = table.Column<int>(type: "int", nullable: false),
                    DepartmentId = table.Column<int>(type: "int", nullable: false),
                    ManagerId = table.Column<int>(type: "int", nullable: true),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrgAssignments", x => x.Id);
                    table.CheckConstraint("CK_OrgAssignments_Span", "ValidTo IS NULL OR ValidTo > ValidFrom");
                    table.ForeignKey(
                        name: "FK_OrgAssignments_Departments_DepartmentId",
                        column: x => x.DepartmentId,
                        principalSchema: "analytics",
                        principalTable: "Departments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_OrgAssignments_Employees_EmployeeId",
                        column: x => x.EmployeeId,
                        principalSchema: "analytics",
                        principalTable: "Employees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_OrgAssignments_Employees_ManagerId",
                        column: x => x.ManagerId,
                        principalSchema: "analytics",
                        principalTable: "Employees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Persons",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    DisplayName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    EmployeeId = table.Column<int>(type: "int", nullable: true),
                    IsBot = table.Column<bool>(type: "bit", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Persons", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Persons_Employees_EmployeeId",
                        column: x => x.EmployeeId,
                        principalSchema: "analytics",
                        principalTable: "Employees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RecognitionBudgets",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ManagerId = table.Column<int>(type: "int", nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    Quarter = table.Column<int>(type: "int", nullable: false),
                    Points = table.Column<int>(type: "int", nullable: false),
                    Spent = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecognitionBudgets", x => x.Id);
                    table.CheckConstraint("CK_RecognitionBudgets_NotOverspent", "Spent >= 0 AND Spent <= Points");
                    table.CheckConstraint("CK_RecognitionBudgets_Quarter", "Quarter BETWEEN 1 AND 4");
                    table.ForeignKey(
                        name: "FK_RecognitionBudgets_Employees_ManagerId",
                        column: x => x.ManagerId,
                        principalSchema: "analytics",
                        principalTable: "Employees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SyncRuns",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    SourceSystemId = table.Column<int>(type: "int", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Status = table.Column<int>(type: "int", nullable: false),
                    Trigger = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Read = table.Column<long>(type: "bigint", nullable: false),
                    Inserted = table.Column<long>(type: "bigint", nullable: false),
                    Duplicates = table.Column<long>(type: "bigint", nullable: false),
                    Rejected = table.Column<long>(type: "bigint", nullable: false),
                    Error = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SyncRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SyncRuns_SourceSystems_SourceSystemId",
                        column: x => x.SourceSystemId,
                        principalSchema: "analytics",
                        principalTable: "SourceSystems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    UserId = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    ClaimType = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ClaimValue = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalSchema: "analytics",
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                schema: "analytics",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    ProviderKey = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    UserId = table.Column<string>(type: "nvarchar(450)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalSchema: "analytics",
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                schema: "analytics",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    RoleId = table.Column<string>(type: "nvarchar(450)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalSchema: "analytics",
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalSchema: "analytics",
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                schema: "analytics",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    LoginProvider = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    Value = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalSchema: "analytics",
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BadgeAwards",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    PersonId = table.Column<int>(type: "int", nullable: false),
                    BadgeCode = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    AwardedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Evidence = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BadgeAwards", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BadgeAwards_Persons_PersonId",
                        column: x => x.PersonId,
                        principalSchema: "analytics",
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DailyPairReuses",
                schema: "analytics",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    ReuserPersonId = table.Column<int>(type: "int", nullable: false),
                    AuthorPersonId = table.Column<int>(type: "int", nullable: false),
                    Type = table.Column<int>(type: "int", nullable: false),
                    Events = table.Column<double>(type: "float", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DailyPairReuses", x => new { x.Day, x.ReuserPersonId, x.AuthorPersonId, x.Type });
                    table.ForeignKey(
                        name: "FK_DailyPairReuses_Persons_AuthorPersonId",
                        column: x => x.AuthorPersonId,
                        principalSchema: "analytics",
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DailyPairReuses_Persons_ReuserPersonId",
                        column: x => x.ReuserPersonId,
                        principalSchema: "analytics",
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DailyPersonMetrics",
                schema: "analytics",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    PersonId = table.Column<int>(type: "int", nullable: false),
                    Type = table.Column<int>(type: "int", nullable: false),
                    DepartmentId = table.Column<int>(type: "int", nullable: true),
                    Count = table.Column<int>(type: "int", nullable: false),
                    Quantity = table.Column<double>(type: "float", nullable: false),
                    CrossTeam = table.Column<double>(type: "float", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DailyPersonMetrics", x => new { x.Day, x.PersonId, x.Type });
                    table.ForeignKey(
                        name: "FK_DailyPersonMetrics_Departments_DepartmentId",
                        column: x => x.DepartmentId,
                        principalSchema: "analytics",
                        principalTable: "Departments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DailyPersonMetrics_Persons_PersonId",
                        column: x => x.PersonId,
                        principalSchema: "analytics",
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IdentitySuggestions",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    PersonId = table.Column<int>(type: "int", nullable: false),
                    EmployeeId = table.Column<int>(type: "int", nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Score = table.Column<double>(type: "float", nullable: false),
                    Status = table.Column<int>(type: "int", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    DecidedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdentitySuggestions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IdentitySuggestions_Employees_EmployeeId",
                        column: x => x.EmployeeId,
                        principalSchema: "analytics",
                        principalTable: "Employees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_IdentitySuggestions_Persons_PersonId",
                        column: x => x.PersonId,
                        principalSchema: "analytics",
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MonthlySnapshots",
                schema: "analytics",
                columns: table => new
                {
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    PersonId = table.Column<int>(type: "int", nullable: false),
                    DepartmentId = table.Column<int>(type: "int", nullable: true),
                    Points = table.Column<double>(type: "float", nullable: false),
                    RecognitionPoints = table.Column<double>(type: "float", nullable: false),
                    Contributions = table.Column<int>(type: "int", nullable: false),
                    ReuseReceived = table.Column<double>(type: "float", nullable: false),
                    CrossTeamReuse = table.Column<double>(type: "float", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonthlySnapshots", x => new { x.Month, x.PersonId });
                    table.ForeignKey(
                        name: "FK_MonthlySnapshots_Departments_DepartmentId",
                        column: x => x.DepartmentId,
                        principalSchema: "analytics",
                        principalTable: "Departments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MonthlySnapshots_MonthCloses_Month",
                        column: x => x.Month,
                        principalSchema: "analytics",
                        principalTable: "MonthCloses",
                        principalColumn: "Month",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MonthlySnapshots_Persons_PersonId",
                        column: x => x.PersonId,
                        principalSchema: "analytics",
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PointsEntries",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    PersonId = table.Column<int>(type: "int", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Type = table.Column<int>(type: "int", nullable: false),
                    ScoringRuleId = table.Column<int>(type: "int", nullable: false),
                    Events = table.Column<double>(type: "float", nullable: false),
                    CrossTeamEvents = table.Column<double>(type: "float", nullable: false),
                    CappedEvents = table.Column<double>(type: "float", nullable: false),
                    Points = table.Column<double>(type: "float", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PointsEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PointsEntries_Persons_PersonId",
                        column: x => x.PersonId,
                        principalSchema: "analytics",
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PointsEntries_ScoringRules_ScoringRuleId",
                        column: x => x.ScoringRuleId,
                        principalSchema: "analytics",
                        principalTable: "ScoringRules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SourceAccounts",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    SourceSystemId = table.Column<int>(type: "int", nullable: false),
                    ExternalId = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    DisplayName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Email = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: true),
                    Username = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    IsBot = table.Column<bool>(type: "bit", nullable: false),
                    PersonId = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SourceAccounts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SourceAccounts_Persons_PersonId",
                        column: x => x.PersonId,
                        principalSchema: "analytics",
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SourceAccounts_SourceSystems_SourceSystemId",
                        column: x => x.SourceSystemId,
                        principalSchema: "analytics",
                        principalTable: "SourceSystems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RecognitionAwards",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    GiverId = table.Column<int>(type: "int", nullable: false),
                    RecipientId = table.Column<int>(type: "int", nullable: false),
                    BudgetId = table.Column<int>(type: "int", nullable: false),
                    Category = table.Column<int>(type: "int", nullable: false),
                    Message = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    Points = table.Column<int>(type: "int", nullable: false),
                    Status = table.Column<int>(type: "int", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    DecidedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    DecisionReason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecognitionAwards", x => x.Id);
                    table.CheckConstraint("CK_RecognitionAwards_Points", "Points > 0");
                    table.ForeignKey(
                        name: "FK_RecognitionAwards_Employees_GiverId",
                        column: x => x.GiverId,
                        principalSchema: "analytics",
                        principalTable: "Employees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RecognitionAwards_Employees_RecipientId",
                        column: x => x.RecipientId,
                        principalSchema: "analytics",
                        principalTable: "Employees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RecognitionAwards_RecognitionBudgets_BudgetId",
                        column: x => x.BudgetId,
                        principalSchema: "analytics",
                        principalTable: "RecognitionBudgets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Rejections",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    SyncRunId = table.Column<long>(type: "bigint", nullable: false),
                    Location = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    Excerpt = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Rejections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Rejections_SyncRuns_SyncRunId",
                        column: x => x.SyncRunId,
                        principalSchema: "analytics",
                        principalTable: "SyncRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "KnowledgeItems",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    SourceSystemId = table.Column<int>(type: "int", nullable: false),
                    ExternalId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Title = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    Url = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    Kind = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    AuthorAccountId = table.Column<int>(type: "int", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    LastEditedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Topics = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    ParentItemId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnowledgeItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KnowledgeItems_KnowledgeItems_ParentItemId",
                        column: x => x.ParentItemId,
                        principalSchema: "analytics",
                        principalTable: "KnowledgeItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_KnowledgeItems_SourceAccounts_AuthorAccountId",
                        column: x => x.AuthorAccountId,
                        principalSchema: "analytics",
                        principalTable: "SourceAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_KnowledgeItems_SourceSystems_SourceSystemId",
                        column: x => x.SourceSystemId,
                        principalSchema: "analytics",
                        principalTable: "SourceSystems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Activities",
                schema: "analytics",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    SourceSystemId = table.Column<int>(type: "int", nullable: false),
                    SourceEventId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Type = table.Column<int>(type: "int", nullable: false),
                    ActorAccountId = table.Column<int>(type: "int", nullable: true),
                    ItemId = table.Column<long>(type: "bigint", nullable: true),
                    OccurredAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Quantity = table.Column<double>(type: "float", nullable: false),
                    SyncRunId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Activities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Activities_KnowledgeItems_ItemId",
                        column: x => x.ItemId,
                        principalSchema: "analytics",
                        principalTable: "KnowledgeItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Activities_SourceAccounts_ActorAccountId",
                        column: x => x.ActorAccountId,
                        principalSchema: "analytics",
                        principalTable: "SourceAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Activities_SourceSystems_SourceSystemId",
                        column: x => x.SourceSystemId,
                        principalSchema: "analytics",
                        principalTable: "SourceSystems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Activities_SyncRuns_SyncRunId",
                        column: x => x.SyncRunId,
                        principalSchema: "analytics",
                        principalTable: "SyncRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AwardEvidence",
                schema: "analytics",
                columns: table => new
                {
                    AwardId = table.Column<long>(type: "bigint", nullable: false),
                    ActivityId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AwardEvidence", x => new { x.AwardId, x.ActivityId });
                    table.ForeignKey(
                        name: "FK_AwardEvidence_Activities_ActivityId",
                        column: x => x.ActivityId,
                        principalSchema: "analytics",
                        principalTable: "Activities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AwardEvidence_RecognitionAwards_AwardId",
                        column: x => x.AwardId,
                        principalSchema: "analytics",
                        principalTable: "RecognitionAwards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_ActorAccountId_OccurredAt",
                schema: "analytics",
                table: "Activities",
                columns: new[] { "ActorAccountId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_ItemId_OccurredAt",
                schema: "analytics",
                table: "Activities",
                columns: new[] { "ItemId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_OccurredAt",
                schema: "analytics",
                table: "Activities",
                column: "OccurredAt");

            migrationBuilder.CreateIndex(
                name: "IX_Activities_SourceSystemId_SourceEventId",
                schema: "analytics",
                table: "Activities",
                columns: new[] { "SourceSystemId", "SourceEventId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Activities_SyncRunId",
                schema: "analytics",
                table: "Activities",
                column: "SyncRunId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                schema: "analytics",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                schema: "analytics",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true,
                filter: "[NormalizedName] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                schema: "analytics",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                schema: "analytics",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                schema: "analytics",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                schema: "analytics",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_EmployeeId",
                schema: "analytics",
                table: "AspNetUsers",
                column: "EmployeeId");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                schema: "analytics",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true,
                filter: "[NormalizedUserName] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_At",
                schema: "analytics",
                table: "AuditEntries",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Subject_At",
                schema: "analytics",
                table: "AuditEntries",
                columns: new[] { "Subject", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AwardEvidence_ActivityId",
                schema: "analytics",
                table: "AwardEvidence",
                column: "ActivityId");

            migrationBuilder.CreateIndex(
                name: "IX_BadgeAwards_PersonId_BadgeCode",
                schema: "analytics",
                table: "BadgeAwards",
                columns: new[] { "PersonId", "BadgeCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DailyFlows_AuthorDepartmentId",
                schema: "analytics",
                table: "DailyFlows",
                column: "AuthorDepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_DailyFlows_ReuserDepartmentId",
                schema: "analytics",
                table: "DailyFlows",
                column: "ReuserDepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_DailyPairReuses_AuthorPersonId",
                schema: "analytics",
                table: "DailyPairReuses",
                column: "AuthorPersonId");

            migrationBuilder.CreateIndex(
                name: "IX_DailyPairReuses_ReuserPersonId",
                schema: "analytics",
                table: "DailyPairReuses",
                column: "ReuserPersonId");

            migrationBuilder.CreateIndex(
                name: "IX_DailyPersonMetrics_DepartmentId_Day",
                schema: "analytics",
                table: "DailyPersonMetrics",
                columns: new[] { "DepartmentId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_DailyPersonMetrics_PersonId_Day",
                schema: "analytics",
                table: "DailyPersonMetrics",
                columns: new[] { "PersonId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_Departments_Code",
                schema: "analytics",
                table: "Departments",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Departments_ParentId",
                schema: "analytics",
                table: "Departments",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_Departments_Path",
                schema: "analytics",
                table: "Departments",
                column: "Path");

            migrationBuilder.CreateIndex(
                name: "IX_EmployeeAliases_Email",
                schema: "analytics",
                table: "EmployeeAliases",
                column: "Email",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EmployeeAliases_EmployeeId",
                schema: "analytics",
                table: "EmployeeAliases",
                column: "EmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_Employees_DisplayName",
                schema: "analytics",
                table: "Employees",
                column: "DisplayName");

            migrationBuilder.CreateIndex(
                name: "IX_Employees_Email",
                schema: "analytics",
                table: "Employees",
                column: "Email",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Employees_EmployeeNumber",
                schema: "analytics",
                table: "Employees",
                column: "EmployeeNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IdentitySuggestions_EmployeeId",
                schema: "analytics",
                table: "IdentitySuggestions",
                column: "EmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_IdentitySuggestions_PersonId_EmployeeId",
                schema: "analytics",
                table: "IdentitySuggestions",
                columns: new[] { "PersonId", "EmployeeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IdentitySuggestions_Status",
                schema: "analytics",
                table: "IdentitySuggestions",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeItems_AuthorAccountId",
                schema: "analytics",
                table: "KnowledgeItems",
                column: "AuthorAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeItems_ParentItemId",
                schema: "analytics",
                table: "KnowledgeItems",
                column: "ParentItemId");

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeItems_SourceSystemId_ExternalId",
                schema: "analytics",
                table: "KnowledgeItems",
                columns: new[] { "SourceSystemId", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MonthlySnapshots_DepartmentId",
                schema: "analytics",
                table: "MonthlySnapshots",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_MonthlySnapshots_Month_DepartmentId",
                schema: "analytics",
                table: "MonthlySnapshots",
                columns: new[] { "Month", "DepartmentId" });

            migrationBuilder.CreateIndex(
                name: "IX_MonthlySnapshots_PersonId",
                schema: "analytics",
                table: "MonthlySnapshots",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_OrgAssignments_DepartmentId_ValidFrom",
                schema: "analytics",
                table: "OrgAssignments",
                columns: new[] { "DepartmentId", "ValidFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_OrgAssignments_EmployeeId_ValidFrom",
                schema: "analytics",
                table: "OrgAssignments",
                columns: new[] { "EmployeeId", "ValidFrom" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OrgAssignments_ManagerId",
                schema: "analytics",
                table: "OrgAssignments",
                column: "ManagerId");

            migrationBuilder.CreateIndex(
                name: "IX_Persons_DisplayName",
                schema: "analytics",
                table: "Persons",
                column: "DisplayName");

            migrationBuilder.CreateIndex(
                name: "IX_Persons_EmployeeId",
                schema: "analytics",
                table: "Persons",
                column: "EmployeeId",
                unique: true,
                filter: "[EmployeeId] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_PointsEntries_Day",
                schema: "analytics",
                table: "PointsEntries",
                column: "Day");

            migrationBuilder.CreateIndex(
                name: "IX_PointsEntries_PersonId_Day",
                schema: "analytics",
                table: "PointsEntries",
                columns: new[] { "PersonId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_PointsEntries_ScoringRuleId",
                schema: "analytics",
                table: "PointsEntries",
                column: "ScoringRuleId");

            migrationBuilder.CreateIndex(
                name: "IX_RecognitionAwards_BudgetId",
                schema: "analytics",
                table: "RecognitionAwards",
                column: "BudgetId");

            migrationBuilder.CreateIndex(
                name: "IX_RecognitionAwards_GiverId_CreatedAt",
                schema: "analytics",
                table: "RecognitionAwards",
                columns: new[] { "GiverId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RecognitionAwards_RecipientId_Status",
                schema: "analytics",
                table: "RecognitionAwards",
                columns: new[] { "RecipientId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_RecognitionBudgets_ManagerId_Year_Quarter",
                schema: "analytics",
                table: "RecognitionBudgets",
                columns: new[] { "ManagerId", "Year", "Quarter" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Rejections_SyncRunId",
                schema: "analytics",
                table: "Rejections",
                column: "SyncRunId");

            migrationBuilder.CreateIndex(
                name: "IX_ScoringRules_Type_EffectiveFrom",
                schema: "analytics",
                table: "ScoringRules",
                columns: new[] { "Type", "EffectiveFrom" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SourceAccounts_Email",
                schema: "analytics",
                table: "SourceAccounts",
                column: "Email");

            migrationBuilder.CreateIndex(
                name: "IX_SourceAccounts_PersonId",
                schema: "analytics",
                table: "SourceAccounts",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_SourceAccounts_SourceSystemId_ExternalId",
                schema: "analytics",
                table: "SourceAccounts",
                columns: new[] { "SourceSystemId", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SourceSystems_Name",
                schema: "analytics",
                table: "SourceSystems",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StoredReports_Kind_Period_Version",
                schema: "analytics",
                table: "StoredReports",
                columns: new[] { "Kind", "Period", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SyncRuns_SourceSystemId_StartedAt",
                schema: "analytics",
                table: "SyncRuns",
                columns: new[] { "SourceSystemId", "StartedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AspNetRoleClaims",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "AuditEntries",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "AwardEvidence",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "BadgeAwards",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "DailyFlows",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "DailyPairReuses",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "DailyPersonMetrics",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "DirtyDays",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "EmployeeAliases",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "IdentitySuggestions",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "MonthlySnapshots",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "OrgAssignments",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "PointsEntries",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "Rejections",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "StoredReports",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "AspNetRoles",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "AspNetUsers",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "Activities",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "RecognitionAwards",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "MonthCloses",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "Departments",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "ScoringRules",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "KnowledgeItems",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "SyncRuns",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "RecognitionBudgets",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "SourceAccounts",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "Persons",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "SourceSystems",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "Employees",
                schema: "analytics");
        }
    }
}
