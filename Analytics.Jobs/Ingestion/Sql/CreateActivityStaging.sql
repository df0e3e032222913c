-- Staging table for one batch of activities, filled by SqlBulkCopy and emptied by MergeActivities.sql.
-- A temporary table lives as long as the connection, so each batch starts by (re)creating it.
SET NOCOUNT ON;

IF OBJECT_ID(N'tempdb..#ActivityStaging') IS NOT NULL
    DROP TABLE #ActivityStaging;

CREATE TABLE #ActivityStaging
(
    SourceSystemId INT NOT NULL,
    SourceEventId NVARCHAR(400) NOT NULL,
    [Type] INT NOT NULL,
    ActorAccountId INT NULL,
    ItemId BIGINT NULL,
    OccurredAt DATETIME2 NOT NULL,
    Quantity FLOAT NOT NULL,
    SyncRunId BIGINT NULL
);
