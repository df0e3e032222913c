-- Staging table for one batch of activities, filled by SqlBulkCopy and emptied by MergeActivities.sql.
-- A temporary table lives as long as the connection, so each batch starts by (re)creating it.
-- A temporary table takes tempdb's collation unless told otherwise, and comparing it with the model's column
-- raises Msg 468 in MERGE: every text column names the model column's collation (docs/adr/1410).
SET NOCOUNT ON;

IF OBJECT_ID(N'tempdb..#ActivityStaging') IS NOT NULL
    DROP TABLE #ActivityStaging;

CREATE TABLE #ActivityStaging
(
    SourceSystemId INT NOT NULL,
    SourceEventId NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Type] INT NOT NULL,
    ActorAccountId INT NULL,
    ItemId BIGINT NULL,
    OccurredAt DATETIME2 NOT NULL,
    Quantity FLOAT NOT NULL,
    SyncRunId BIGINT NULL
);
