-- Generated from the EF Core migrations by `analytics sql-script`. Do not edit by hand.
-- Run with `sqlcmd -I -b` (docs/sqlserver.md).
SET ANSI_NULLS ON;
SET QUOTED_IDENTIFIER ON;
SET XACT_ABORT ON;
GO

IF OBJECT_ID(N'[analytics].[__EFMigrationsHistory]') IS NULL
BEGIN
    IF SCHEMA_ID(N'analytics') IS NULL EXEC(N'CREATE SCHEMA [analytics];');
    CREATE TABLE [analytics].[__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    IF SCHEMA_ID(N'analytics') IS NULL EXEC(N'CREATE SCHEMA [analytics];');
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[AspNetRoles] (
        [Id] nvarchar(450) NOT NULL,
        [Name] nvarchar(256) NULL,
        [NormalizedName] nvarchar(256) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoles] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[AuditEntries] (
        [Id] bigint NOT NULL IDENTITY,
        [At] datetimeoffset NOT NULL,
        [Actor] nvarchar(256) NOT NULL,
        [Action] nvarchar(100) NOT NULL,
        [Subject] nvarchar(200) NULL,
        [Details] nvarchar(4000) NULL,
        CONSTRAINT [PK_AuditEntries] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[Departments] (
        [Id] int NOT NULL IDENTITY,
        [Code] nvarchar(64) NOT NULL,
        [Name] nvarchar(200) NOT NULL,
        [ParentId] int NULL,
        [Path] nvarchar(400) NOT NULL,
        [Depth] int NOT NULL,
        CONSTRAINT [PK_Departments] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Departments_Departments_ParentId] FOREIGN KEY ([ParentId]) REFERENCES [analytics].[Departments] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[DirtyDays] (
        [Day] date NOT NULL,
        [MarkedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_DirtyDays] PRIMARY KEY ([Day])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[Employees] (
        [Id] int NOT NULL IDENTITY,
        [EmployeeNumber] nvarchar(64) NOT NULL,
        [DisplayName] nvarchar(200) NOT NULL,
        [Email] nvarchar(320) NOT NULL,
        [Location] nvarchar(200) NULL,
        [HireDate] date NOT NULL,
        [LeaveDate] date NULL,
        [LeaderboardOptOut] bit NOT NULL,
        CONSTRAINT [PK_Employees] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[MonthCloses] (
        [Month] date NOT NULL,
        [ClosedAt] datetimeoffset NOT NULL,
        [ClosedBy] nvarchar(256) NULL,
        CONSTRAINT [PK_MonthCloses] PRIMARY KEY ([Month])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[ScoringRules] (
        [Id] int NOT NULL IDENTITY,
        [Type] int NOT NULL,
        [PointsPerEvent] float NOT NULL,
        [CrossTeamPointsPerEvent] float NULL,
        [DailyCapPerPerson] int NULL,
        [PairCapPerMonth] int NULL,
        [EffectiveFrom] date NOT NULL,
        [EffectiveTo] date NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [CreatedBy] nvarchar(256) NULL,
        CONSTRAINT [PK_ScoringRules] PRIMARY KEY ([Id]),
        CONSTRAINT [CK_ScoringRules_Caps] CHECK ((DailyCapPerPerson IS NULL OR DailyCapPerPerson >= 0) AND (PairCapPerMonth IS NULL OR PairCapPerMonth >= 0)),
        CONSTRAINT [CK_ScoringRules_Span] CHECK (EffectiveTo IS NULL OR EffectiveTo > EffectiveFrom)
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[SourceSystems] (
        [Id] int NOT NULL IDENTITY,
        [Name] nvarchar(100) NOT NULL,
        [Kind] nvarchar(40) NOT NULL,
        [Location] nvarchar(1000) NULL,
        [Schedule] nvarchar(100) NULL,
        [Enabled] bit NOT NULL,
        [Cursor] nvarchar(4000) NULL,
        [CursorUpdatedAt] datetimeoffset NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_SourceSystems] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[StoredReports] (
        [Id] bigint NOT NULL IDENTITY,
        [Kind] nvarchar(40) NOT NULL,
        [Period] nvarchar(20) NOT NULL,
        [Version] int NOT NULL,
        [GeneratedAt] datetimeoffset NOT NULL,
        [GeneratedBy] nvarchar(256) NULL,
        [FileName] nvarchar(260) NOT NULL,
        [ContentType] nvarchar(100) NOT NULL,
        [Content] varbinary(max) NOT NULL,
        [SizeBytes] bigint NOT NULL,
        CONSTRAINT [PK_StoredReports] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[AspNetRoleClaims] (
        [Id] int NOT NULL IDENTITY,
        [RoleId] nvarchar(450) NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoleClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetRoleClaims_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [analytics].[AspNetRoles] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[DailyFlows] (
        [Day] date NOT NULL,
        [AuthorDepartmentId] int NOT NULL,
        [ReuserDepartmentId] int NOT NULL,
        [Type] int NOT NULL,
        [Events] float NOT NULL,
        CONSTRAINT [PK_DailyFlows] PRIMARY KEY ([Day], [AuthorDepartmentId], [ReuserDepartmentId], [Type]),
        CONSTRAINT [FK_DailyFlows_Departments_AuthorDepartmentId] FOREIGN KEY ([AuthorDepartmentId]) REFERENCES [analytics].[Departments] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_DailyFlows_Departments_ReuserDepartmentId] FOREIGN KEY ([ReuserDepartmentId]) REFERENCES [analytics].[Departments] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[AspNetUsers] (
        [Id] nvarchar(450) NOT NULL,
        [EmployeeId] int NULL,
        [UserName] nvarchar(256) NULL,
        [NormalizedUserName] nvarchar(256) NULL,
        [Email] nvarchar(256) NULL,
        [NormalizedEmail] nvarchar(256) NULL,
        [EmailConfirmed] bit NOT NULL,
        [PasswordHash] nvarchar(max) NULL,
        [SecurityStamp] nvarchar(max) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        [PhoneNumber] nvarchar(max) NULL,
        [PhoneNumberConfirmed] bit NOT NULL,
        [TwoFactorEnabled] bit NOT NULL,
        [LockoutEnd] datetimeoffset NULL,
        [LockoutEnabled] bit NOT NULL,
        [AccessFailedCount] int NOT NULL,
        CONSTRAINT [PK_AspNetUsers] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetUsers_Employees_EmployeeId] FOREIGN KEY ([EmployeeId]) REFERENCES [analytics].[Employees] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[EmployeeAliases] (
        [Id] int NOT NULL IDENTITY,
        [EmployeeId] int NOT NULL,
        [Email] nvarchar(320) NOT NULL,
        CONSTRAINT [PK_EmployeeAliases] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_EmployeeAliases_Employees_EmployeeId] FOREIGN KEY ([EmployeeId]) REFERENCES [analytics].[Employees] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[OrgAssignments] (
        [Id] bigint NOT NULL IDENTITY,
        [EmployeeId] int NOT NULL,
        [DepartmentId] int NOT NULL,
        [ManagerId] int NULL,
        [ValidFrom] date NOT NULL,
        [ValidTo] date NULL,
        CONSTRAINT [PK_OrgAssignments] PRIMARY KEY ([Id]),
        CONSTRAINT [CK_OrgAssignments_Span] CHECK (ValidTo IS NULL OR ValidTo > ValidFrom),
        CONSTRAINT [FK_OrgAssignments_Departments_DepartmentId] FOREIGN KEY ([DepartmentId]) REFERENCES [analytics].[Departments] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_OrgAssignments_Employees_EmployeeId] FOREIGN KEY ([EmployeeId]) REFERENCES [analytics].[Employees] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_OrgAssignments_Employees_ManagerId] FOREIGN KEY ([ManagerId]) REFERENCES [analytics].[Employees] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[Persons] (
        [Id] int NOT NULL IDENTITY,
        [DisplayName] nvarchar(200) NOT NULL,
        [EmployeeId] int NULL,
        [IsBot] bit NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_Persons] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Persons_Employees_EmployeeId] FOREIGN KEY ([EmployeeId]) REFERENCES [analytics].[Employees] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[RecognitionBudgets] (
        [Id] int NOT NULL IDENTITY,
        [ManagerId] int NOT NULL,
        [Year] int NOT NULL,
        [Quarter] int NOT NULL,
        [Points] int NOT NULL,
        [Spent] int NOT NULL,
        CONSTRAINT [PK_RecognitionBudgets] PRIMARY KEY ([Id]),
        CONSTRAINT [CK_RecognitionBudgets_NotOverspent] CHECK (Spent >= 0 AND Spent <= Points),
        CONSTRAINT [CK_RecognitionBudgets_Quarter] CHECK (Quarter BETWEEN 1 AND 4),
        CONSTRAINT [FK_RecognitionBudgets_Employees_ManagerId] FOREIGN KEY ([ManagerId]) REFERENCES [analytics].[Employees] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[SyncRuns] (
        [Id] bigint NOT NULL IDENTITY,
        [SourceSystemId] int NOT NULL,
        [StartedAt] datetimeoffset NOT NULL,
        [FinishedAt] datetimeoffset NULL,
        [Status] int NOT NULL,
        [Trigger] nvarchar(200) NULL,
        [Read] bigint NOT NULL,
        [Inserted] bigint NOT NULL,
        [Duplicates] bigint NOT NULL,
        [Rejected] bigint NOT NULL,
        [Error] nvarchar(4000) NULL,
        CONSTRAINT [PK_SyncRuns] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_SyncRuns_SourceSystems_SourceSystemId] FOREIGN KEY ([SourceSystemId]) REFERENCES [analytics].[SourceSystems] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[AspNetUserClaims] (
        [Id] int NOT NULL IDENTITY,
        [UserId] nvarchar(450) NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetUserClaims_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [analytics].[AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[AspNetUserLogins] (
        [LoginProvider] nvarchar(450) NOT NULL,
        [ProviderKey] nvarchar(450) NOT NULL,
        [ProviderDisplayName] nvarchar(max) NULL,
        [UserId] nvarchar(450) NOT NULL,
        CONSTRAINT [PK_AspNetUserLogins] PRIMARY KEY ([LoginProvider], [ProviderKey]),
        CONSTRAINT [FK_AspNetUserLogins_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [analytics].[AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[AspNetUserRoles] (
        [UserId] nvarchar(450) NOT NULL,
        [RoleId] nvarchar(450) NOT NULL,
        CONSTRAINT [PK_AspNetUserRoles] PRIMARY KEY ([UserId], [RoleId]),
        CONSTRAINT [FK_AspNetUserRoles_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [analytics].[AspNetRoles] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_AspNetUserRoles_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [analytics].[AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[AspNetUserTokens] (
        [UserId] nvarchar(450) NOT NULL,
        [LoginProvider] nvarchar(450) NOT NULL,
        [Name] nvarchar(450) NOT NULL,
        [Value] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserTokens] PRIMARY KEY ([UserId], [LoginProvider], [Name]),
        CONSTRAINT [FK_AspNetUserTokens_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [analytics].[AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[BadgeAwards] (
        [Id] bigint NOT NULL IDENTITY,
        [PersonId] int NOT NULL,
        [BadgeCode] nvarchar(64) NOT NULL,
        [AwardedOn] date NOT NULL,
        [Evidence] nvarchar(1000) NULL,
        CONSTRAINT [PK_BadgeAwards] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_BadgeAwards_Persons_PersonId] FOREIGN KEY ([PersonId]) REFERENCES [analytics].[Persons] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[DailyPairReuses] (
        [Day] date NOT NULL,
        [ReuserPersonId] int NOT NULL,
        [AuthorPersonId] int NOT NULL,
        [Type] int NOT NULL,
        [Events] float NOT NULL,
        CONSTRAINT [PK_DailyPairReuses] PRIMARY KEY ([Day], [ReuserPersonId], [AuthorPersonId], [Type]),
        CONSTRAINT [FK_DailyPairReuses_Persons_AuthorPersonId] FOREIGN KEY ([AuthorPersonId]) REFERENCES [analytics].[Persons] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_DailyPairReuses_Persons_ReuserPersonId] FOREIGN KEY ([ReuserPersonId]) REFERENCES [analytics].[Persons] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[DailyPersonMetrics] (
        [Day] date NOT NULL,
        [PersonId] int NOT NULL,
        [Type] int NOT NULL,
        [DepartmentId] int NULL,
        [Count] int NOT NULL,
        [Quantity] float NOT NULL,
        [CrossTeam] float NOT NULL,
        CONSTRAINT [PK_DailyPersonMetrics] PRIMARY KEY ([Day], [PersonId], [Type]),
        CONSTRAINT [FK_DailyPersonMetrics_Departments_DepartmentId] FOREIGN KEY ([DepartmentId]) REFERENCES [analytics].[Departments] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_DailyPersonMetrics_Persons_PersonId] FOREIGN KEY ([PersonId]) REFERENCES [analytics].[Persons] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[IdentitySuggestions] (
        [Id] int NOT NULL IDENTITY,
        [PersonId] int NOT NULL,
        [EmployeeId] int NOT NULL,
        [Reason] nvarchar(400) NOT NULL,
        [Score] float NOT NULL,
        [Status] int NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [DecidedBy] nvarchar(256) NULL,
        [DecidedAt] datetimeoffset NULL,
        CONSTRAINT [PK_IdentitySuggestions] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_IdentitySuggestions_Employees_EmployeeId] FOREIGN KEY ([EmployeeId]) REFERENCES [analytics].[Employees] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_IdentitySuggestions_Persons_PersonId] FOREIGN KEY ([PersonId]) REFERENCES [analytics].[Persons] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[MonthlySnapshots] (
        [Month] date NOT NULL,
        [PersonId] int NOT NULL,
        [DepartmentId] int NULL,
        [Points] float NOT NULL,
        [RecognitionPoints] float NOT NULL,
        [Contributions] int NOT NULL,
        [ReuseReceived] float NOT NULL,
        [CrossTeamReuse] float NOT NULL,
        CONSTRAINT [PK_MonthlySnapshots] PRIMARY KEY ([Month], [PersonId]),
        CONSTRAINT [FK_MonthlySnapshots_Departments_DepartmentId] FOREIGN KEY ([DepartmentId]) REFERENCES [analytics].[Departments] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_MonthlySnapshots_MonthCloses_Month] FOREIGN KEY ([Month]) REFERENCES [analytics].[MonthCloses] ([Month]) ON DELETE NO ACTION,
        CONSTRAINT [FK_MonthlySnapshots_Persons_PersonId] FOREIGN KEY ([PersonId]) REFERENCES [analytics].[Persons] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[PointsEntries] (
        [Id] bigint NOT NULL IDENTITY,
        [PersonId] int NOT NULL,
        [Day] date NOT NULL,
        [Type] int NOT NULL,
        [ScoringRuleId] int NOT NULL,
        [Events] float NOT NULL,
        [CrossTeamEvents] float NOT NULL,
        [CappedEvents] float NOT NULL,
        [Points] float NOT NULL,
        CONSTRAINT [PK_PointsEntries] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_PointsEntries_Persons_PersonId] FOREIGN KEY ([PersonId]) REFERENCES [analytics].[Persons] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_PointsEntries_ScoringRules_ScoringRuleId] FOREIGN KEY ([ScoringRuleId]) REFERENCES [analytics].[ScoringRules] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[SourceAccounts] (
        [Id] int NOT NULL IDENTITY,
        [SourceSystemId] int NOT NULL,
        [ExternalId] nvarchar(256) NOT NULL,
        [DisplayName] nvarchar(200) NULL,
        [Email] nvarchar(320) NULL,
        [Username] nvarchar(200) NULL,
        [IsBot] bit NOT NULL,
        [PersonId] int NOT NULL,
        CONSTRAINT [PK_SourceAccounts] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_SourceAccounts_Persons_PersonId] FOREIGN KEY ([PersonId]) REFERENCES [analytics].[Persons] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_SourceAccounts_SourceSystems_SourceSystemId] FOREIGN KEY ([SourceSystemId]) REFERENCES [analytics].[SourceSystems] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[RecognitionAwards] (
        [Id] bigint NOT NULL IDENTITY,
        [GiverId] int NOT NULL,
        [RecipientId] int NOT NULL,
        [BudgetId] int NOT NULL,
        [Category] int NOT NULL,
        [Message] nvarchar(2000) NOT NULL,
        [Points] int NOT NULL,
        [Status] int NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [DecidedBy] nvarchar(256) NULL,
        [DecidedAt] datetimeoffset NULL,
        [DecisionReason] nvarchar(1000) NULL,
        CONSTRAINT [PK_RecognitionAwards] PRIMARY KEY ([Id]),
        CONSTRAINT [CK_RecognitionAwards_Points] CHECK (Points > 0),
        CONSTRAINT [FK_RecognitionAwards_Employees_GiverId] FOREIGN KEY ([GiverId]) REFERENCES [analytics].[Employees] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_RecognitionAwards_Employees_RecipientId] FOREIGN KEY ([RecipientId]) REFERENCES [analytics].[Employees] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_RecognitionAwards_RecognitionBudgets_BudgetId] FOREIGN KEY ([BudgetId]) REFERENCES [analytics].[RecognitionBudgets] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[Rejections] (
        [Id] bigint NOT NULL IDENTITY,
        [SyncRunId] bigint NOT NULL,
        [Location] nvarchar(1000) NOT NULL,
        [Reason] nvarchar(1000) NOT NULL,
        [Excerpt] nvarchar(500) NULL,
        CONSTRAINT [PK_Rejections] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Rejections_SyncRuns_SyncRunId] FOREIGN KEY ([SyncRunId]) REFERENCES [analytics].[SyncRuns] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[KnowledgeItems] (
        [Id] bigint NOT NULL IDENTITY,
        [SourceSystemId] int NOT NULL,
        [ExternalId] nvarchar(400) NOT NULL,
        [Title] nvarchar(500) NULL,
        [Url] nvarchar(2000) NULL,
        [Kind] nvarchar(40) NOT NULL,
        [AuthorAccountId] int NULL,
        [CreatedAt] datetimeoffset NULL,
        [LastEditedAt] datetimeoffset NULL,
        [Topics] nvarchar(1000) NULL,
        [ParentItemId] bigint NULL,
        CONSTRAINT [PK_KnowledgeItems] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_KnowledgeItems_KnowledgeItems_ParentItemId] FOREIGN KEY ([ParentItemId]) REFERENCES [analytics].[KnowledgeItems] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_KnowledgeItems_SourceAccounts_AuthorAccountId] FOREIGN KEY ([AuthorAccountId]) REFERENCES [analytics].[SourceAccounts] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_KnowledgeItems_SourceSystems_SourceSystemId] FOREIGN KEY ([SourceSystemId]) REFERENCES [analytics].[SourceSystems] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[Activities] (
        [Id] bigint NOT NULL IDENTITY,
        [SourceSystemId] int NOT NULL,
        [SourceEventId] nvarchar(400) NOT NULL,
        [Type] int NOT NULL,
        [ActorAccountId] int NULL,
        [ItemId] bigint NULL,
        [OccurredAt] datetime2 NOT NULL,
        [Quantity] float NOT NULL,
        [SyncRunId] bigint NULL,
        CONSTRAINT [PK_Activities] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Activities_KnowledgeItems_ItemId] FOREIGN KEY ([ItemId]) REFERENCES [analytics].[KnowledgeItems] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Activities_SourceAccounts_ActorAccountId] FOREIGN KEY ([ActorAccountId]) REFERENCES [analytics].[SourceAccounts] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Activities_SourceSystems_SourceSystemId] FOREIGN KEY ([SourceSystemId]) REFERENCES [analytics].[SourceSystems] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Activities_SyncRuns_SyncRunId] FOREIGN KEY ([SyncRunId]) REFERENCES [analytics].[SyncRuns] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE TABLE [analytics].[AwardEvidence] (
        [AwardId] bigint NOT NULL,
        [ActivityId] bigint NOT NULL,
        CONSTRAINT [PK_AwardEvidence] PRIMARY KEY ([AwardId], [ActivityId]),
        CONSTRAINT [FK_AwardEvidence_Activities_ActivityId] FOREIGN KEY ([ActivityId]) REFERENCES [analytics].[Activities] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_AwardEvidence_RecognitionAwards_AwardId] FOREIGN KEY ([AwardId]) REFERENCES [analytics].[RecognitionAwards] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_Activities_ActorAccountId_OccurredAt] ON [analytics].[Activities] ([ActorAccountId], [OccurredAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_Activities_ItemId_OccurredAt] ON [analytics].[Activities] ([ItemId], [OccurredAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_Activities_OccurredAt] ON [analytics].[Activities] ([OccurredAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Activities_SourceSystemId_SourceEventId] ON [analytics].[Activities] ([SourceSystemId], [SourceEventId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_Activities_SyncRunId] ON [analytics].[Activities] ([SyncRunId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetRoleClaims_RoleId] ON [analytics].[AspNetRoleClaims] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [RoleNameIndex] ON [analytics].[AspNetRoles] ([NormalizedName]) WHERE [NormalizedName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserClaims_UserId] ON [analytics].[AspNetUserClaims] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserLogins_UserId] ON [analytics].[AspNetUserLogins] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserRoles_RoleId] ON [analytics].[AspNetUserRoles] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [EmailIndex] ON [analytics].[AspNetUsers] ([NormalizedEmail]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUsers_EmployeeId] ON [analytics].[AspNetUsers] ([EmployeeId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [UserNameIndex] ON [analytics].[AspNetUsers] ([NormalizedUserName]) WHERE [NormalizedUserName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_At] ON [analytics].[AuditEntries] ([At]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_Subject_At] ON [analytics].[AuditEntries] ([Subject], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_AwardEvidence_ActivityId] ON [analytics].[AwardEvidence] ([ActivityId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_BadgeAwards_PersonId_BadgeCode] ON [analytics].[BadgeAwards] ([PersonId], [BadgeCode]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_DailyFlows_AuthorDepartmentId] ON [analytics].[DailyFlows] ([AuthorDepartmentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_DailyFlows_ReuserDepartmentId] ON [analytics].[DailyFlows] ([ReuserDepartmentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_DailyPairReuses_AuthorPersonId] ON [analytics].[DailyPairReuses] ([AuthorPersonId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_DailyPairReuses_ReuserPersonId] ON [analytics].[DailyPairReuses] ([ReuserPersonId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_DailyPersonMetrics_DepartmentId_Day] ON [analytics].[DailyPersonMetrics] ([DepartmentId], [Day]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_DailyPersonMetrics_PersonId_Day] ON [analytics].[DailyPersonMetrics] ([PersonId], [Day]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Departments_Code] ON [analytics].[Departments] ([Code]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_Departments_ParentId] ON [analytics].[Departments] ([ParentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_Departments_Path] ON [analytics].[Departments] ([Path]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_EmployeeAliases_Email] ON [analytics].[EmployeeAliases] ([Email]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_EmployeeAliases_EmployeeId] ON [analytics].[EmployeeAliases] ([EmployeeId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_Employees_DisplayName] ON [analytics].[Employees] ([DisplayName]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Employees_Email] ON [analytics].[Employees] ([Email]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Employees_EmployeeNumber] ON [analytics].[Employees] ([EmployeeNumber]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_IdentitySuggestions_EmployeeId] ON [analytics].[IdentitySuggestions] ([EmployeeId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_IdentitySuggestions_PersonId_EmployeeId] ON [analytics].[IdentitySuggestions] ([PersonId], [EmployeeId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_IdentitySuggestions_Status] ON [analytics].[IdentitySuggestions] ([Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_KnowledgeItems_AuthorAccountId] ON [analytics].[KnowledgeItems] ([AuthorAccountId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_KnowledgeItems_ParentItemId] ON [analytics].[KnowledgeItems] ([ParentItemId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_KnowledgeItems_SourceSystemId_ExternalId] ON [analytics].[KnowledgeItems] ([SourceSystemId], [ExternalId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_MonthlySnapshots_DepartmentId] ON [analytics].[MonthlySnapshots] ([DepartmentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_MonthlySnapshots_Month_DepartmentId] ON [analytics].[MonthlySnapshots] ([Month], [DepartmentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_MonthlySnapshots_PersonId] ON [analytics].[MonthlySnapshots] ([PersonId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_OrgAssignments_DepartmentId_ValidFrom] ON [analytics].[OrgAssignments] ([DepartmentId], [ValidFrom]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_OrgAssignments_EmployeeId_ValidFrom] ON [analytics].[OrgAssignments] ([EmployeeId], [ValidFrom]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_OrgAssignments_ManagerId] ON [analytics].[OrgAssignments] ([ManagerId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_Persons_DisplayName] ON [analytics].[Persons] ([DisplayName]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_Persons_EmployeeId] ON [analytics].[Persons] ([EmployeeId]) WHERE [EmployeeId] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_PointsEntries_Day] ON [analytics].[PointsEntries] ([Day]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_PointsEntries_PersonId_Day] ON [analytics].[PointsEntries] ([PersonId], [Day]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_PointsEntries_ScoringRuleId] ON [analytics].[PointsEntries] ([ScoringRuleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_RecognitionAwards_BudgetId] ON [analytics].[RecognitionAwards] ([BudgetId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_RecognitionAwards_GiverId_CreatedAt] ON [analytics].[RecognitionAwards] ([GiverId], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_RecognitionAwards_RecipientId_Status] ON [analytics].[RecognitionAwards] ([RecipientId], [Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_RecognitionBudgets_ManagerId_Year_Quarter] ON [analytics].[RecognitionBudgets] ([ManagerId], [Year], [Quarter]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_Rejections_SyncRunId] ON [analytics].[Rejections] ([SyncRunId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ScoringRules_Type_EffectiveFrom] ON [analytics].[ScoringRules] ([Type], [EffectiveFrom]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_SourceAccounts_Email] ON [analytics].[SourceAccounts] ([Email]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_SourceAccounts_PersonId] ON [analytics].[SourceAccounts] ([PersonId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_SourceAccounts_SourceSystemId_ExternalId] ON [analytics].[SourceAccounts] ([SourceSystemId], [ExternalId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_SourceSystems_Name] ON [analytics].[SourceSystems] ([Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_StoredReports_Kind_Period_Version] ON [analytics].[StoredReports] ([Kind], [Period], [Version]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    CREATE INDEX [IX_SyncRuns_SourceSystemId_StartedAt] ON [analytics].[SyncRuns] ([SourceSystemId], [StartedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127013024_Initial'
)
BEGIN
    INSERT INTO [analytics].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261127013024_Initial', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061823_PendingBadgeChecks'
)
BEGIN
    CREATE TABLE [analytics].[PendingBadgeChecks] (
        [PersonId] int NOT NULL,
        CONSTRAINT [PK_PendingBadgeChecks] PRIMARY KEY ([PersonId]),
        CONSTRAINT [FK_PendingBadgeChecks_Persons_PersonId] FOREIGN KEY ([PersonId]) REFERENCES [analytics].[Persons] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061823_PendingBadgeChecks'
)
BEGIN
    INSERT INTO [analytics].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261127061823_PendingBadgeChecks', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    ALTER TABLE [analytics].[AspNetRoleClaims] DROP CONSTRAINT [FK_AspNetRoleClaims_AspNetRoles_RoleId];
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    ALTER TABLE [analytics].[AspNetUserClaims] DROP CONSTRAINT [FK_AspNetUserClaims_AspNetUsers_UserId];
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    ALTER TABLE [analytics].[AspNetUserLogins] DROP CONSTRAINT [FK_AspNetUserLogins_AspNetUsers_UserId];
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    ALTER TABLE [analytics].[AspNetUserRoles] DROP CONSTRAINT [FK_AspNetUserRoles_AspNetRoles_RoleId];
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    ALTER TABLE [analytics].[AspNetUserRoles] DROP CONSTRAINT [FK_AspNetUserRoles_AspNetUsers_UserId];
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    ALTER TABLE [analytics].[AspNetUserTokens] DROP CONSTRAINT [FK_AspNetUserTokens_AspNetUsers_UserId];
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    ALTER TABLE [analytics].[AspNetRoles] DROP CONSTRAINT [PK_AspNetRoles];
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    ALTER TABLE [analytics].[AspNetUsers] DROP CONSTRAINT [PK_AspNetUsers];
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    ALTER TABLE [analytics].[AspNetUserLogins] DROP CONSTRAINT [PK_AspNetUserLogins];
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    ALTER TABLE [analytics].[AspNetUserRoles] DROP CONSTRAINT [PK_AspNetUserRoles];
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    ALTER TABLE [analytics].[AspNetUserTokens] DROP CONSTRAINT [PK_AspNetUserTokens];
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DROP INDEX [IX_StoredReports_Kind_Period_Version] ON [analytics].[StoredReports];
    DECLARE @var nvarchar(max);
    SELECT @var = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[StoredReports]') AND [c].[name] = N'Period');
    IF @var IS NOT NULL EXEC(N'ALTER TABLE [analytics].[StoredReports] DROP CONSTRAINT ' + @var + ';');
    ALTER TABLE [analytics].[StoredReports] ALTER COLUMN [Period] nvarchar(20) COLLATE Latin1_General_100_BIN2 NOT NULL;
    CREATE UNIQUE INDEX [IX_StoredReports_Kind_Period_Version] ON [analytics].[StoredReports] ([Kind], [Period], [Version]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DROP INDEX [IX_StoredReports_Kind_Period_Version] ON [analytics].[StoredReports];
    DECLARE @var1 nvarchar(max);
    SELECT @var1 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[StoredReports]') AND [c].[name] = N'Kind');
    IF @var1 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[StoredReports] DROP CONSTRAINT ' + @var1 + ';');
    ALTER TABLE [analytics].[StoredReports] ALTER COLUMN [Kind] nvarchar(40) COLLATE Latin1_General_100_BIN2 NOT NULL;
    CREATE UNIQUE INDEX [IX_StoredReports_Kind_Period_Version] ON [analytics].[StoredReports] ([Kind], [Period], [Version]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DROP INDEX [IX_SourceSystems_Name] ON [analytics].[SourceSystems];
    DECLARE @var2 nvarchar(max);
    SELECT @var2 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[SourceSystems]') AND [c].[name] = N'Name');
    IF @var2 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[SourceSystems] DROP CONSTRAINT ' + @var2 + ';');
    ALTER TABLE [analytics].[SourceSystems] ALTER COLUMN [Name] nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL;
    CREATE UNIQUE INDEX [IX_SourceSystems_Name] ON [analytics].[SourceSystems] ([Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DECLARE @var3 nvarchar(max);
    SELECT @var3 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[SourceAccounts]') AND [c].[name] = N'Username');
    IF @var3 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[SourceAccounts] DROP CONSTRAINT ' + @var3 + ';');
    ALTER TABLE [analytics].[SourceAccounts] ALTER COLUMN [Username] nvarchar(200) COLLATE Latin1_General_100_BIN2 NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DROP INDEX [IX_SourceAccounts_SourceSystemId_ExternalId] ON [analytics].[SourceAccounts];
    DECLARE @var4 nvarchar(max);
    SELECT @var4 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[SourceAccounts]') AND [c].[name] = N'ExternalId');
    IF @var4 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[SourceAccounts] DROP CONSTRAINT ' + @var4 + ';');
    ALTER TABLE [analytics].[SourceAccounts] ALTER COLUMN [ExternalId] nvarchar(256) COLLATE Latin1_General_100_BIN2 NOT NULL;
    CREATE UNIQUE INDEX [IX_SourceAccounts_SourceSystemId_ExternalId] ON [analytics].[SourceAccounts] ([SourceSystemId], [ExternalId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DROP INDEX [IX_SourceAccounts_Email] ON [analytics].[SourceAccounts];
    DECLARE @var5 nvarchar(max);
    SELECT @var5 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[SourceAccounts]') AND [c].[name] = N'Email');
    IF @var5 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[SourceAccounts] DROP CONSTRAINT ' + @var5 + ';');
    ALTER TABLE [analytics].[SourceAccounts] ALTER COLUMN [Email] nvarchar(320) COLLATE Latin1_General_100_BIN2 NULL;
    CREATE INDEX [IX_SourceAccounts_Email] ON [analytics].[SourceAccounts] ([Email]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DROP INDEX [IX_KnowledgeItems_SourceSystemId_ExternalId] ON [analytics].[KnowledgeItems];
    DECLARE @var6 nvarchar(max);
    SELECT @var6 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[KnowledgeItems]') AND [c].[name] = N'ExternalId');
    IF @var6 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[KnowledgeItems] DROP CONSTRAINT ' + @var6 + ';');
    ALTER TABLE [analytics].[KnowledgeItems] ALTER COLUMN [ExternalId] nvarchar(400) COLLATE Latin1_General_100_BIN2 NOT NULL;
    CREATE UNIQUE INDEX [IX_KnowledgeItems_SourceSystemId_ExternalId] ON [analytics].[KnowledgeItems] ([SourceSystemId], [ExternalId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DROP INDEX [IX_Employees_EmployeeNumber] ON [analytics].[Employees];
    DECLARE @var7 nvarchar(max);
    SELECT @var7 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[Employees]') AND [c].[name] = N'EmployeeNumber');
    IF @var7 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[Employees] DROP CONSTRAINT ' + @var7 + ';');
    ALTER TABLE [analytics].[Employees] ALTER COLUMN [EmployeeNumber] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL;
    CREATE UNIQUE INDEX [IX_Employees_EmployeeNumber] ON [analytics].[Employees] ([EmployeeNumber]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DROP INDEX [IX_Employees_Email] ON [analytics].[Employees];
    DECLARE @var8 nvarchar(max);
    SELECT @var8 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[Employees]') AND [c].[name] = N'Email');
    IF @var8 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[Employees] DROP CONSTRAINT ' + @var8 + ';');
    ALTER TABLE [analytics].[Employees] ALTER COLUMN [Email] nvarchar(320) COLLATE Latin1_General_100_BIN2 NOT NULL;
    CREATE UNIQUE INDEX [IX_Employees_Email] ON [analytics].[Employees] ([Email]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DROP INDEX [IX_EmployeeAliases_Email] ON [analytics].[EmployeeAliases];
    DECLARE @var9 nvarchar(max);
    SELECT @var9 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[EmployeeAliases]') AND [c].[name] = N'Email');
    IF @var9 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[EmployeeAliases] DROP CONSTRAINT ' + @var9 + ';');
    ALTER TABLE [analytics].[EmployeeAliases] ALTER COLUMN [Email] nvarchar(320) COLLATE Latin1_General_100_BIN2 NOT NULL;
    CREATE UNIQUE INDEX [IX_EmployeeAliases_Email] ON [analytics].[EmployeeAliases] ([Email]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DROP INDEX [IX_Departments_Code] ON [analytics].[Departments];
    DECLARE @var10 nvarchar(max);
    SELECT @var10 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[Departments]') AND [c].[name] = N'Code');
    IF @var10 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[Departments] DROP CONSTRAINT ' + @var10 + ';');
    ALTER TABLE [analytics].[Departments] ALTER COLUMN [Code] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL;
    CREATE UNIQUE INDEX [IX_Departments_Code] ON [analytics].[Departments] ([Code]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DROP INDEX [IX_BadgeAwards_PersonId_BadgeCode] ON [analytics].[BadgeAwards];
    DECLARE @var11 nvarchar(max);
    SELECT @var11 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[BadgeAwards]') AND [c].[name] = N'BadgeCode');
    IF @var11 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[BadgeAwards] DROP CONSTRAINT ' + @var11 + ';');
    ALTER TABLE [analytics].[BadgeAwards] ALTER COLUMN [BadgeCode] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL;
    CREATE UNIQUE INDEX [IX_BadgeAwards_PersonId_BadgeCode] ON [analytics].[BadgeAwards] ([PersonId], [BadgeCode]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DECLARE @var12 nvarchar(max);
    SELECT @var12 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[AspNetUserTokens]') AND [c].[name] = N'Name');
    IF @var12 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[AspNetUserTokens] DROP CONSTRAINT ' + @var12 + ';');
    ALTER TABLE [analytics].[AspNetUserTokens] ALTER COLUMN [Name] nvarchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DECLARE @var13 nvarchar(max);
    SELECT @var13 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[AspNetUserTokens]') AND [c].[name] = N'LoginProvider');
    IF @var13 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[AspNetUserTokens] DROP CONSTRAINT ' + @var13 + ';');
    ALTER TABLE [analytics].[AspNetUserTokens] ALTER COLUMN [LoginProvider] nvarchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DECLARE @var14 nvarchar(max);
    SELECT @var14 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[AspNetUserTokens]') AND [c].[name] = N'UserId');
    IF @var14 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[AspNetUserTokens] DROP CONSTRAINT ' + @var14 + ';');
    ALTER TABLE [analytics].[AspNetUserTokens] ALTER COLUMN [UserId] nvarchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DROP INDEX [UserNameIndex] ON [analytics].[AspNetUsers];
    DECLARE @var15 nvarchar(max);
    SELECT @var15 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[AspNetUsers]') AND [c].[name] = N'NormalizedUserName');
    IF @var15 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[AspNetUsers] DROP CONSTRAINT ' + @var15 + ';');
    ALTER TABLE [analytics].[AspNetUsers] ALTER COLUMN [NormalizedUserName] nvarchar(256) COLLATE Latin1_General_100_BIN2 NULL;
    EXEC(N'CREATE UNIQUE INDEX [UserNameIndex] ON [analytics].[AspNetUsers] ([NormalizedUserName]) WHERE [NormalizedUserName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DECLARE @var16 nvarchar(max);
    SELECT @var16 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[AspNetUsers]') AND [c].[name] = N'Id');
    IF @var16 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[AspNetUsers] DROP CONSTRAINT ' + @var16 + ';');
    ALTER TABLE [analytics].[AspNetUsers] ALTER COLUMN [Id] nvarchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DROP INDEX [IX_AspNetUserRoles_RoleId] ON [analytics].[AspNetUserRoles];
    DECLARE @var17 nvarchar(max);
    SELECT @var17 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[AspNetUserRoles]') AND [c].[name] = N'RoleId');
    IF @var17 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[AspNetUserRoles] DROP CONSTRAINT ' + @var17 + ';');
    ALTER TABLE [analytics].[AspNetUserRoles] ALTER COLUMN [RoleId] nvarchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL;
    CREATE INDEX [IX_AspNetUserRoles_RoleId] ON [analytics].[AspNetUserRoles] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DECLARE @var18 nvarchar(max);
    SELECT @var18 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[AspNetUserRoles]') AND [c].[name] = N'UserId');
    IF @var18 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[AspNetUserRoles] DROP CONSTRAINT ' + @var18 + ';');
    ALTER TABLE [analytics].[AspNetUserRoles] ALTER COLUMN [UserId] nvarchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DROP INDEX [IX_AspNetUserLogins_UserId] ON [analytics].[AspNetUserLogins];
    DECLARE @var19 nvarchar(max);
    SELECT @var19 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[AspNetUserLogins]') AND [c].[name] = N'UserId');
    IF @var19 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[AspNetUserLogins] DROP CONSTRAINT ' + @var19 + ';');
    ALTER TABLE [analytics].[AspNetUserLogins] ALTER COLUMN [UserId] nvarchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL;
    CREATE INDEX [IX_AspNetUserLogins_UserId] ON [analytics].[AspNetUserLogins] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DECLARE @var20 nvarchar(max);
    SELECT @var20 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[AspNetUserLogins]') AND [c].[name] = N'ProviderKey');
    IF @var20 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[AspNetUserLogins] DROP CONSTRAINT ' + @var20 + ';');
    ALTER TABLE [analytics].[AspNetUserLogins] ALTER COLUMN [ProviderKey] nvarchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DECLARE @var21 nvarchar(max);
    SELECT @var21 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[AspNetUserLogins]') AND [c].[name] = N'LoginProvider');
    IF @var21 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[AspNetUserLogins] DROP CONSTRAINT ' + @var21 + ';');
    ALTER TABLE [analytics].[AspNetUserLogins] ALTER COLUMN [LoginProvider] nvarchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DROP INDEX [IX_AspNetUserClaims_UserId] ON [analytics].[AspNetUserClaims];
    DECLARE @var22 nvarchar(max);
    SELECT @var22 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[AspNetUserClaims]') AND [c].[name] = N'UserId');
    IF @var22 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[AspNetUserClaims] DROP CONSTRAINT ' + @var22 + ';');
    ALTER TABLE [analytics].[AspNetUserClaims] ALTER COLUMN [UserId] nvarchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL;
    CREATE INDEX [IX_AspNetUserClaims_UserId] ON [analytics].[AspNetUserClaims] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DROP INDEX [RoleNameIndex] ON [analytics].[AspNetRoles];
    DECLARE @var23 nvarchar(max);
    SELECT @var23 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[AspNetRoles]') AND [c].[name] = N'NormalizedName');
    IF @var23 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[AspNetRoles] DROP CONSTRAINT ' + @var23 + ';');
    ALTER TABLE [analytics].[AspNetRoles] ALTER COLUMN [NormalizedName] nvarchar(256) COLLATE Latin1_General_100_BIN2 NULL;
    EXEC(N'CREATE UNIQUE INDEX [RoleNameIndex] ON [analytics].[AspNetRoles] ([NormalizedName]) WHERE [NormalizedName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DECLARE @var24 nvarchar(max);
    SELECT @var24 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[AspNetRoles]') AND [c].[name] = N'Id');
    IF @var24 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[AspNetRoles] DROP CONSTRAINT ' + @var24 + ';');
    ALTER TABLE [analytics].[AspNetRoles] ALTER COLUMN [Id] nvarchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DROP INDEX [IX_AspNetRoleClaims_RoleId] ON [analytics].[AspNetRoleClaims];
    DECLARE @var25 nvarchar(max);
    SELECT @var25 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[AspNetRoleClaims]') AND [c].[name] = N'RoleId');
    IF @var25 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[AspNetRoleClaims] DROP CONSTRAINT ' + @var25 + ';');
    ALTER TABLE [analytics].[AspNetRoleClaims] ALTER COLUMN [RoleId] nvarchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL;
    CREATE INDEX [IX_AspNetRoleClaims_RoleId] ON [analytics].[AspNetRoleClaims] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    DROP INDEX [IX_Activities_SourceSystemId_SourceEventId] ON [analytics].[Activities];
    DECLARE @var26 nvarchar(max);
    SELECT @var26 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[analytics].[Activities]') AND [c].[name] = N'SourceEventId');
    IF @var26 IS NOT NULL EXEC(N'ALTER TABLE [analytics].[Activities] DROP CONSTRAINT ' + @var26 + ';');
    ALTER TABLE [analytics].[Activities] ALTER COLUMN [SourceEventId] nvarchar(400) COLLATE Latin1_General_100_BIN2 NOT NULL;
    CREATE UNIQUE INDEX [IX_Activities_SourceSystemId_SourceEventId] ON [analytics].[Activities] ([SourceSystemId], [SourceEventId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    ALTER TABLE [analytics].[AspNetRoles] ADD CONSTRAINT [PK_AspNetRoles] PRIMARY KEY ([Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    ALTER TABLE [analytics].[AspNetUsers] ADD CONSTRAINT [PK_AspNetUsers] PRIMARY KEY ([Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    ALTER TABLE [analytics].[AspNetUserLogins] ADD CONSTRAINT [PK_AspNetUserLogins] PRIMARY KEY ([LoginProvider], [ProviderKey]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    ALTER TABLE [analytics].[AspNetUserRoles] ADD CONSTRAINT [PK_AspNetUserRoles] PRIMARY KEY ([UserId], [RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    ALTER TABLE [analytics].[AspNetUserTokens] ADD CONSTRAINT [PK_AspNetUserTokens] PRIMARY KEY ([UserId], [LoginProvider], [Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    ALTER TABLE [analytics].[AspNetRoleClaims] ADD CONSTRAINT [FK_AspNetRoleClaims_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [analytics].[AspNetRoles] ([Id]) ON DELETE CASCADE;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    ALTER TABLE [analytics].[AspNetUserClaims] ADD CONSTRAINT [FK_AspNetUserClaims_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [analytics].[AspNetUsers] ([Id]) ON DELETE CASCADE;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    ALTER TABLE [analytics].[AspNetUserLogins] ADD CONSTRAINT [FK_AspNetUserLogins_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [analytics].[AspNetUsers] ([Id]) ON DELETE CASCADE;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    ALTER TABLE [analytics].[AspNetUserRoles] ADD CONSTRAINT [FK_AspNetUserRoles_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [analytics].[AspNetRoles] ([Id]) ON DELETE CASCADE;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    ALTER TABLE [analytics].[AspNetUserRoles] ADD CONSTRAINT [FK_AspNetUserRoles_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [analytics].[AspNetUsers] ([Id]) ON DELETE CASCADE;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    ALTER TABLE [analytics].[AspNetUserTokens] ADD CONSTRAINT [FK_AspNetUserTokens_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [analytics].[AspNetUsers] ([Id]) ON DELETE CASCADE;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205102949_BinaryCollationForKeys'
)
BEGIN
    INSERT INTO [analytics].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205102949_BinaryCollationForKeys', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205104141_AwardEvidenceSnapshot'
)
BEGIN
    ALTER TABLE [analytics].[AwardEvidence] DROP CONSTRAINT [FK_AwardEvidence_Activities_ActivityId];
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205104141_AwardEvidenceSnapshot'
)
BEGIN
    DROP INDEX [IX_AwardEvidence_ActivityId] ON [analytics].[AwardEvidence];
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205104141_AwardEvidenceSnapshot'
)
BEGIN
    ALTER TABLE [analytics].[AwardEvidence] ADD [ItemTitle] nvarchar(500) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205104141_AwardEvidenceSnapshot'
)
BEGIN
    ALTER TABLE [analytics].[AwardEvidence] ADD [ItemUrl] nvarchar(2000) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205104141_AwardEvidenceSnapshot'
)
BEGIN
    ALTER TABLE [analytics].[AwardEvidence] ADD [OccurredAt] datetime2 NOT NULL DEFAULT '0001-01-01T00:00:00.0000000';
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205104141_AwardEvidenceSnapshot'
)
BEGIN
    ALTER TABLE [analytics].[AwardEvidence] ADD [Source] nvarchar(100) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205104141_AwardEvidenceSnapshot'
)
BEGIN
    ALTER TABLE [analytics].[AwardEvidence] ADD [Type] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205104141_AwardEvidenceSnapshot'
)
BEGIN
    EXEC(N'UPDATE e SET e.[Type] = a.[Type], e.[OccurredAt] = a.[OccurredAt], e.[Source] = s.[Name], e.[ItemTitle] = i.[Title], e.[ItemUrl] = i.[Url] FROM [analytics].[AwardEvidence] AS e JOIN [analytics].[Activities] AS a ON a.[Id] = e.[ActivityId] JOIN [analytics].[SourceSystems] AS s ON s.[Id] = a.[SourceSystemId] LEFT JOIN [analytics].[KnowledgeItems] AS i ON i.[Id] = a.[ItemId];');
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205104141_AwardEvidenceSnapshot'
)
BEGIN
    INSERT INTO [analytics].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205104141_AwardEvidenceSnapshot', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205104804_LockLeases'
)
BEGIN
    CREATE TABLE [analytics].[LockLeases] (
        [Name] nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
        [Owner] nvarchar(200) NOT NULL,
        [AcquiredAt] datetimeoffset NOT NULL,
        [ExpiresAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_LockLeases] PRIMARY KEY ([Name])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205104804_LockLeases'
)
BEGIN
    INSERT INTO [analytics].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205104804_LockLeases', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205105653_DirtyDayGeneration'
)
BEGIN
    ALTER TABLE [analytics].[DirtyDays] ADD [Generation] bigint NOT NULL DEFAULT CAST(0 AS bigint);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205105653_DirtyDayGeneration'
)
BEGIN
    INSERT INTO [analytics].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205105653_DirtyDayGeneration', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205135416_PersonMatchSuggestions'
)
BEGIN
    ALTER TABLE [analytics].[SourceAccounts] ADD [DisplayNameSeenAt] datetime2 NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205135416_PersonMatchSuggestions'
)
BEGIN
    CREATE TABLE [analytics].[PersonMatchSuggestions] (
        [Id] int NOT NULL IDENTITY,
        [PersonId] int NOT NULL,
        [OtherPersonId] int NOT NULL,
        [Reason] nvarchar(400) NOT NULL,
        [Score] float NOT NULL,
        [Status] int NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [DecidedBy] nvarchar(256) NULL,
        [DecidedAt] datetimeoffset NULL,
        CONSTRAINT [PK_PersonMatchSuggestions] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_PersonMatchSuggestions_Persons_OtherPersonId] FOREIGN KEY ([OtherPersonId]) REFERENCES [analytics].[Persons] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_PersonMatchSuggestions_Persons_PersonId] FOREIGN KEY ([PersonId]) REFERENCES [analytics].[Persons] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205135416_PersonMatchSuggestions'
)
BEGIN
    CREATE INDEX [IX_PersonMatchSuggestions_OtherPersonId] ON [analytics].[PersonMatchSuggestions] ([OtherPersonId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205135416_PersonMatchSuggestions'
)
BEGIN
    CREATE UNIQUE INDEX [IX_PersonMatchSuggestions_PersonId_OtherPersonId] ON [analytics].[PersonMatchSuggestions] ([PersonId], [OtherPersonId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205135416_PersonMatchSuggestions'
)
BEGIN
    CREATE INDEX [IX_PersonMatchSuggestions_Status] ON [analytics].[PersonMatchSuggestions] ([Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205135416_PersonMatchSuggestions'
)
BEGIN
    INSERT INTO [analytics].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205135416_PersonMatchSuggestions', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205174935_SyncRunSkips'
)
BEGIN
    ALTER TABLE [analytics].[SyncRuns] ADD [Skipped] bigint NOT NULL DEFAULT CAST(0 AS bigint);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205174935_SyncRunSkips'
)
BEGIN
    CREATE TABLE [analytics].[SyncRunSkips] (
        [Id] bigint NOT NULL IDENTITY,
        [SyncRunId] bigint NOT NULL,
        [Reason] nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
        [Count] bigint NOT NULL,
        CONSTRAINT [PK_SyncRunSkips] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_SyncRunSkips_SyncRuns_SyncRunId] FOREIGN KEY ([SyncRunId]) REFERENCES [analytics].[SyncRuns] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205174935_SyncRunSkips'
)
BEGIN
    CREATE UNIQUE INDEX [IX_SyncRunSkips_SyncRunId_Reason] ON [analytics].[SyncRunSkips] ([SyncRunId], [Reason]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205174935_SyncRunSkips'
)
BEGIN
    INSERT INTO [analytics].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205174935_SyncRunSkips', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205185647_LiveSourceRunCounters'
)
BEGIN
    ALTER TABLE [analytics].[SyncRuns] ADD [PagesRead] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205185647_LiveSourceRunCounters'
)
BEGIN
    ALTER TABLE [analytics].[SyncRuns] ADD [RateLimitWaitSeconds] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205185647_LiveSourceRunCounters'
)
BEGIN
    ALTER TABLE [analytics].[SyncRuns] ADD [RateLimitWaits] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205185647_LiveSourceRunCounters'
)
BEGIN
    ALTER TABLE [analytics].[SyncRuns] ADD [Removed] bigint NOT NULL DEFAULT CAST(0 AS bigint);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205185647_LiveSourceRunCounters'
)
BEGIN
    ALTER TABLE [analytics].[SyncRuns] ADD [Retries] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205185647_LiveSourceRunCounters'
)
BEGIN
    INSERT INTO [analytics].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205185647_LiveSourceRunCounters', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205203902_Communities'
)
BEGIN
    CREATE TABLE [analytics].[Communities] (
        [Id] int NOT NULL IDENTITY,
        [Name] nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [CreatedBy] nvarchar(256) NULL,
        CONSTRAINT [PK_Communities] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205203902_Communities'
)
BEGIN
    CREATE TABLE [analytics].[CommunityMembers] (
        [Id] int NOT NULL IDENTITY,
        [CommunityId] int NOT NULL,
        [SourceSystemId] int NOT NULL,
        [Value] nvarchar(200) NOT NULL,
        [MatchKey] nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
        CONSTRAINT [PK_CommunityMembers] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_CommunityMembers_Communities_CommunityId] FOREIGN KEY ([CommunityId]) REFERENCES [analytics].[Communities] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_CommunityMembers_SourceSystems_SourceSystemId] FOREIGN KEY ([SourceSystemId]) REFERENCES [analytics].[SourceSystems] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205203902_Communities'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Communities_Name] ON [analytics].[Communities] ([Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205203902_Communities'
)
BEGIN
    CREATE UNIQUE INDEX [IX_CommunityMembers_CommunityId_SourceSystemId_MatchKey] ON [analytics].[CommunityMembers] ([CommunityId], [SourceSystemId], [MatchKey]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205203902_Communities'
)
BEGIN
    CREATE INDEX [IX_CommunityMembers_SourceSystemId] ON [analytics].[CommunityMembers] ([SourceSystemId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205203902_Communities'
)
BEGIN
    INSERT INTO [analytics].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205203902_Communities', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205204502_TopicRulesAndExpertiseOptOut'
)
BEGIN
    ALTER TABLE [analytics].[Employees] ADD [HiddenFromExpertise] bit NOT NULL DEFAULT CAST(0 AS bit);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205204502_TopicRulesAndExpertiseOptOut'
)
BEGIN
    CREATE TABLE [analytics].[TopicRules] (
        [Id] int NOT NULL IDENTITY,
        [TopicKey] nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
        [MergeIntoKey] nvarchar(100) NULL,
        [Hidden] bit NOT NULL,
        [ChangedBy] nvarchar(256) NOT NULL,
        [ChangedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_TopicRules] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205204502_TopicRulesAndExpertiseOptOut'
)
BEGIN
    CREATE UNIQUE INDEX [IX_TopicRules_TopicKey] ON [analytics].[TopicRules] ([TopicKey]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205204502_TopicRulesAndExpertiseOptOut'
)
BEGIN
    INSERT INTO [analytics].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205204502_TopicRulesAndExpertiseOptOut', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205210401_RecognitionFeedHidden'
)
BEGIN
    ALTER TABLE [analytics].[RecognitionAwards] ADD [HiddenFromFeedAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205210401_RecognitionFeedHidden'
)
BEGIN
    INSERT INTO [analytics].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205210401_RecognitionFeedHidden', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205235150_EmailOutbox'
)
BEGIN
    ALTER TABLE [analytics].[Employees] ADD [EmailOptOut] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205235150_EmailOutbox'
)
BEGIN
    CREATE TABLE [analytics].[EmailOutbox] (
        [Id] bigint NOT NULL IDENTITY,
        [Kind] int NOT NULL,
        [RecipientId] int NOT NULL,
        [SubjectKey] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
        [Subject] nvarchar(300) NOT NULL,
        [TextBody] nvarchar(max) NOT NULL,
        [HtmlBody] nvarchar(max) NOT NULL,
        [Status] int NOT NULL,
        [Attempts] int NOT NULL,
        [LastError] nvarchar(1000) NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [SentAt] datetimeoffset NULL,
        CONSTRAINT [PK_EmailOutbox] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_EmailOutbox_Employees_RecipientId] FOREIGN KEY ([RecipientId]) REFERENCES [analytics].[Employees] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205235150_EmailOutbox'
)
BEGIN
    CREATE UNIQUE INDEX [IX_EmailOutbox_Kind_RecipientId_SubjectKey] ON [analytics].[EmailOutbox] ([Kind], [RecipientId], [SubjectKey]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205235150_EmailOutbox'
)
BEGIN
    CREATE INDEX [IX_EmailOutbox_RecipientId] ON [analytics].[EmailOutbox] ([RecipientId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205235150_EmailOutbox'
)
BEGIN
    CREATE INDEX [IX_EmailOutbox_Status_Id] ON [analytics].[EmailOutbox] ([Status], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205235150_EmailOutbox'
)
BEGIN
    INSERT INTO [analytics].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205235150_EmailOutbox', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206024023_MonthlyPersonMetrics'
)
BEGIN
    CREATE TABLE [analytics].[MonthlyPersonMetrics] (
        [Id] bigint NOT NULL IDENTITY,
        [Month] date NOT NULL,
        [PersonId] int NOT NULL,
        [Type] int NOT NULL,
        [DepartmentId] int NULL,
        [Count] int NOT NULL,
        [Quantity] float NOT NULL,
        [CrossTeam] float NOT NULL,
        CONSTRAINT [PK_MonthlyPersonMetrics] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_MonthlyPersonMetrics_Departments_DepartmentId] FOREIGN KEY ([DepartmentId]) REFERENCES [analytics].[Departments] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_MonthlyPersonMetrics_Persons_PersonId] FOREIGN KEY ([PersonId]) REFERENCES [analytics].[Persons] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206024023_MonthlyPersonMetrics'
)
BEGIN
    CREATE INDEX [IX_MonthlyPersonMetrics_DepartmentId] ON [analytics].[MonthlyPersonMetrics] ([DepartmentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206024023_MonthlyPersonMetrics'
)
BEGIN
    CREATE INDEX [IX_MonthlyPersonMetrics_Month_PersonId_Type] ON [analytics].[MonthlyPersonMetrics] ([Month], [PersonId], [Type]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206024023_MonthlyPersonMetrics'
)
BEGIN
    CREATE INDEX [IX_MonthlyPersonMetrics_PersonId_Month] ON [analytics].[MonthlyPersonMetrics] ([PersonId], [Month]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206024023_MonthlyPersonMetrics'
)
BEGIN
    INSERT INTO [analytics].[MonthlyPersonMetrics] ([Month], [PersonId], [Type], [DepartmentId], [Count], [Quantity], [CrossTeam])
    SELECT DATEFROMPARTS(YEAR([Day]), MONTH([Day]), 1), [PersonId], [Type], [DepartmentId], SUM([Count]), SUM([Quantity]), SUM([CrossTeam])
    FROM [analytics].[DailyPersonMetrics]
    GROUP BY DATEFROMPARTS(YEAR([Day]), MONTH([Day]), 1), [PersonId], [Type], [DepartmentId];
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206024023_MonthlyPersonMetrics'
)
BEGIN
    INSERT INTO [analytics].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261206024023_MonthlyPersonMetrics', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206025943_ExpertiseRollup'
)
BEGIN
    CREATE TABLE [analytics].[MonthlyExpertise] (
        [Id] bigint NOT NULL IDENTITY,
        [Month] date NOT NULL,
        [PersonId] int NOT NULL,
        [Topics] nvarchar(1000) NOT NULL,
        [Type] int NOT NULL,
        [Events] int NOT NULL,
        [QuantityEvents] int NOT NULL,
        [Quantity] float NOT NULL,
        [Weighted] float NOT NULL,
        CONSTRAINT [PK_MonthlyExpertise] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_MonthlyExpertise_Persons_PersonId] FOREIGN KEY ([PersonId]) REFERENCES [analytics].[Persons] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206025943_ExpertiseRollup'
)
BEGIN
    CREATE INDEX [IX_MonthlyExpertise_Month] ON [analytics].[MonthlyExpertise] ([Month]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206025943_ExpertiseRollup'
)
BEGIN
    CREATE INDEX [IX_MonthlyExpertise_PersonId] ON [analytics].[MonthlyExpertise] ([PersonId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206025943_ExpertiseRollup'
)
BEGIN
    INSERT INTO [analytics].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261206025943_ExpertiseRollup', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206053655_AnswerFacts'
)
BEGIN
    CREATE TABLE [analytics].[AnswerFacts] (
        [ActivityId] bigint NOT NULL,
        [QuestionItemId] bigint NOT NULL,
        [ActorAccountId] int NULL,
        [AuthorAccountId] int NULL,
        [AnsweredAt] datetime2 NOT NULL,
        CONSTRAINT [PK_AnswerFacts] PRIMARY KEY ([ActivityId]),
        CONSTRAINT [FK_AnswerFacts_Activities_ActivityId] FOREIGN KEY ([ActivityId]) REFERENCES [analytics].[Activities] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206053655_AnswerFacts'
)
BEGIN
    CREATE TABLE [analytics].[QuestionFacts] (
        [ActivityId] bigint NOT NULL,
        [ItemId] bigint NOT NULL,
        [AskerAccountId] int NULL,
        [AskedAt] datetime2 NOT NULL,
        CONSTRAINT [PK_QuestionFacts] PRIMARY KEY ([ActivityId]),
        CONSTRAINT [FK_QuestionFacts_Activities_ActivityId] FOREIGN KEY ([ActivityId]) REFERENCES [analytics].[Activities] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206053655_AnswerFacts'
)
BEGIN
    CREATE INDEX [IX_AnswerFacts_AnsweredAt] ON [analytics].[AnswerFacts] ([AnsweredAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206053655_AnswerFacts'
)
BEGIN
    CREATE INDEX [IX_AnswerFacts_QuestionItemId_AnsweredAt] ON [analytics].[AnswerFacts] ([QuestionItemId], [AnsweredAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206053655_AnswerFacts'
)
BEGIN
    CREATE INDEX [IX_QuestionFacts_AskedAt_ItemId_AskerAccountId] ON [analytics].[QuestionFacts] ([AskedAt], [ItemId], [AskerAccountId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206053655_AnswerFacts'
)
BEGIN
    CREATE INDEX [IX_QuestionFacts_ItemId] ON [analytics].[QuestionFacts] ([ItemId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206053655_AnswerFacts'
)
BEGIN
    INSERT INTO [analytics].[QuestionFacts] ([ActivityId], [ItemId], [AskerAccountId], [AskedAt])
    SELECT [Id], [ItemId], [ActorAccountId], [OccurredAt] FROM [analytics].[Activities]
    WHERE [Type] = 3 AND [ItemId] IS NOT NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206053655_AnswerFacts'
)
BEGIN
    INSERT INTO [analytics].[AnswerFacts] ([ActivityId], [QuestionItemId], [ActorAccountId], [AuthorAccountId], [AnsweredAt])
    SELECT a.[Id], i.[ParentItemId], a.[ActorAccountId], i.[AuthorAccountId], a.[OccurredAt]
    FROM [analytics].[Activities] a JOIN [analytics].[KnowledgeItems] i ON i.[Id] = a.[ItemId]
    WHERE a.[Type] = 4 AND i.[ParentItemId] IS NOT NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206053655_AnswerFacts'
)
BEGIN
    INSERT INTO [analytics].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261206053655_AnswerFacts', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123827_CoveringMonthlyPersonMetricsIndex'
)
BEGIN
    DROP INDEX [IX_MonthlyPersonMetrics_Month_PersonId_Type] ON [analytics].[MonthlyPersonMetrics];
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123827_CoveringMonthlyPersonMetricsIndex'
)
BEGIN
    CREATE INDEX [IX_MonthlyPersonMetrics_Month_PersonId_Type_DepartmentId_Count_Quantity_CrossTeam] ON [analytics].[MonthlyPersonMetrics] ([Month], [PersonId], [Type], [DepartmentId], [Count], [Quantity], [CrossTeam]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206123827_CoveringMonthlyPersonMetricsIndex'
)
BEGIN
    INSERT INTO [analytics].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261206123827_CoveringMonthlyPersonMetricsIndex', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206162814_ExpertiseRollupInTopicOrder'
)
BEGIN
    INSERT INTO [analytics].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261206162814_ExpertiseRollupInTopicOrder', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206202110_MonthlyPersonTotals'
)
BEGIN
    CREATE TABLE [analytics].[MonthlyPersonTotals] (
        [Id] bigint NOT NULL IDENTITY,
        [Month] date NOT NULL,
        [PersonId] int NOT NULL,
        [DepartmentId] int NULL,
        [ContributionRows] int NOT NULL,
        [Contributions] int NOT NULL,
        [Reuse] float NOT NULL,
        [CrossTeam] float NOT NULL,
        [Completions] int NOT NULL,
        [MentoringHours] float NOT NULL,
        CONSTRAINT [PK_MonthlyPersonTotals] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_MonthlyPersonTotals_Departments_DepartmentId] FOREIGN KEY ([DepartmentId]) REFERENCES [analytics].[Departments] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_MonthlyPersonTotals_Persons_PersonId] FOREIGN KEY ([PersonId]) REFERENCES [analytics].[Persons] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206202110_MonthlyPersonTotals'
)
BEGIN
    CREATE INDEX [IX_MonthlyPersonTotals_DepartmentId] ON [analytics].[MonthlyPersonTotals] ([DepartmentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206202110_MonthlyPersonTotals'
)
BEGIN
    CREATE UNIQUE INDEX [IX_MonthlyPersonTotals_Month_PersonId_DepartmentId] ON [analytics].[MonthlyPersonTotals] ([Month], [PersonId], [DepartmentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206202110_MonthlyPersonTotals'
)
BEGIN
    CREATE INDEX [IX_MonthlyPersonTotals_PersonId] ON [analytics].[MonthlyPersonTotals] ([PersonId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206202110_MonthlyPersonTotals'
)
BEGIN
    INSERT INTO [analytics].[MonthlyPersonTotals] ([Month], [PersonId], [DepartmentId], [ContributionRows], [Contributions], [Reuse], [CrossTeam], [Completions], [MentoringHours])
    SELECT [Month], [PersonId], [DepartmentId], SUM(CASE WHEN [Type] IN (1, 2, 3, 4, 5, 6, 7, 8, 9) THEN 1 ELSE 0 END), SUM(CASE WHEN [Type] IN (1, 2, 3, 4, 5, 6, 7, 8, 9) THEN [Count] ELSE 0 END), SUM(CASE WHEN [Type] IN (40, 41, 42, 43, 44, 45) THEN [Quantity] ELSE 0.0 END), SUM(CASE WHEN [Type] IN (40, 41, 42, 43, 44, 45) THEN [CrossTeam] ELSE 0.0 END), SUM(CASE WHEN [Type] = 20 THEN [Count] ELSE 0 END), SUM(CASE WHEN [Type] = 8 THEN [Quantity] ELSE 0.0 END)
    FROM [analytics].[MonthlyPersonMetrics]
    GROUP BY [Month], [PersonId], [DepartmentId];
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206202110_MonthlyPersonTotals'
)
BEGIN
    INSERT INTO [analytics].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261206202110_MonthlyPersonTotals', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206222105_AnswerFactsCoveringIndex'
)
BEGIN
    DROP INDEX [IX_AnswerFacts_QuestionItemId_AnsweredAt] ON [analytics].[AnswerFacts];
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206222105_AnswerFactsCoveringIndex'
)
BEGIN
    CREATE INDEX [IX_AnswerFacts_QuestionItemId_AnsweredAt_ActorAccountId_AuthorAccountId] ON [analytics].[AnswerFacts] ([QuestionItemId], [AnsweredAt], [ActorAccountId], [AuthorAccountId]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206222105_AnswerFactsCoveringIndex'
)
BEGIN
    INSERT INTO [analytics].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261206222105_AnswerFactsCoveringIndex', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206233937_ExpertiseRollupSegments'
)
BEGIN
    DROP INDEX [IX_MonthlyExpertise_Month] ON [analytics].[MonthlyExpertise];
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206233937_ExpertiseRollupSegments'
)
BEGIN
    ALTER TABLE [analytics].[MonthlyExpertise] ADD [FirstDay] date NOT NULL DEFAULT '0001-01-01';
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206233937_ExpertiseRollupSegments'
)
BEGIN
    ALTER TABLE [analytics].[MonthlyExpertise] ADD [LastDay] date NOT NULL DEFAULT '0001-01-01';
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206233937_ExpertiseRollupSegments'
)
BEGIN
    EXEC(N'UPDATE [analytics].[MonthlyExpertise] SET [FirstDay] = [Month], [LastDay] = DATEADD(day, -1, DATEADD(month, 1, [Month]))');
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206233937_ExpertiseRollupSegments'
)
BEGIN
    CREATE INDEX [IX_MonthlyExpertise_Month_LastDay_FirstDay] ON [analytics].[MonthlyExpertise] ([Month], [LastDay], [FirstDay]);
END;

IF NOT EXISTS (
    SELECT * FROM [analytics].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206233937_ExpertiseRollupSegments'
)
BEGIN
    INSERT INTO [analytics].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261206233937_ExpertiseRollupSegments', N'10.0.15');
END;

COMMIT;
GO
