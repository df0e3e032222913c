-- Inserts the staged batch, ignoring events already stored (idempotent on SourceSystemId + SourceEventId),
-- and returns the day of every inserted row so the runner can count them and mark the days dirty.
-- HOLDLOCK keeps two concurrent merges of one source from both deciding that a row is missing.
SET NOCOUNT ON;

WITH Batch AS
(
    SELECT SourceSystemId, SourceEventId, [Type], ActorAccountId, ItemId, OccurredAt, Quantity, SyncRunId,
           ROW_NUMBER() OVER (PARTITION BY SourceSystemId, SourceEventId ORDER BY (SELECT NULL)) AS Occurrence
    FROM #ActivityStaging
)
MERGE analytics.Activities WITH (HOLDLOCK) AS target
USING (SELECT * FROM Batch WHERE Occurrence = 1) AS source
    ON target.SourceSystemId = source.SourceSystemId
   AND target.SourceEventId = source.SourceEventId
WHEN NOT MATCHED BY TARGET THEN
    INSERT (SourceSystemId, SourceEventId, [Type], ActorAccountId, ItemId, OccurredAt, Quantity, SyncRunId)
    VALUES (source.SourceSystemId, source.SourceEventId, source.[Type], source.ActorAccountId, source.ItemId,
            source.OccurredAt, source.Quantity, source.SyncRunId)
OUTPUT CAST(inserted.OccurredAt AS DATE) AS [Day];

DROP TABLE #ActivityStaging;
