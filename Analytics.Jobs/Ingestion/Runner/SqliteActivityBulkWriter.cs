using System.Globalization;
using Analytics.Domain.Aggregation;
using Analytics.Domain.Knowledge;
using Analytics.Domain.People;
using Analytics.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Analytics.Jobs.Ingestion.Runner;

/// <summary>
/// One prepared INSERT per batch, executed row by row in the runner's transaction: the fastest path
/// SQLite offers (EF's SaveChanges is about ten times slower here, architecture.md). Multi-row INSERTs
/// with RETURNING were measured slower: Microsoft.Data.Sqlite binds every parameter by name on each run.
/// </summary>
public sealed class SqliteActivityBulkWriter(int cacheSizeMiB) : IActivityBulkWriter
{
    // EF Core's SQLite provider stores DateTime as this text; rows written here must compare equal to EF's.
    public const string DateTimeFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    // The statement is SQLite-only, so it sits next to the code that runs it, not in a .sql resource (those are T-SQL).
    private const string InsertSql = """
        INSERT INTO "Activities" ("SourceSystemId", "SourceEventId", "Type", "ActorAccountId", "ItemId", "OccurredAt", "Quantity", "SyncRunId")
        VALUES ($source, $event, $type, $actor, $item, $at, $quantity, $run)
        ON CONFLICT ("SourceSystemId", "SourceEventId") DO NOTHING
        """;

    /// <summary>
    /// A larger page cache; synchronous=NORMAL, which in WAL mode cannot corrupt the file (a batch lost
    /// to a power cut is re-read on the next run, because its cursor was lost with it); and a WAL
    /// checkpoint every cache-full of pages instead of every 1,000: each batch rewrites the same index
    /// pages, which a checkpoint after every commit would copy into the file again and again.
    /// </summary>
    public static string ConnectionPragmas(int cacheSizeMiB) =>
        string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA cache_size = -{cacheSizeMiB * 1024}; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = {cacheSizeMiB * 256};");

    /// <summary>
    /// <see cref="DateTimeFormat"/> written digit by digit: the custom-format parser cost a noticeable part
    /// of the writer's time per row, on the core that bounds the import.
    /// </summary>
    public static string FormatDateTime(DateTime value)
    {
        var fraction = (int)(value.Ticks % TimeSpan.TicksPerSecond);
        var fractionDigits = 0;
        if (fraction != 0)
        {
            fractionDigits = 7;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                fractionDigits--;
            }
        }

        var length = fractionDigits == 0 ? 19 : 20 + fractionDigits;
        return string.Create(length, (value, fraction, fractionDigits), static (chars, state) =>
        {
            var (at, digits, count) = state;
            Digits(chars[..4], at.Year);
            chars[4] = '-';
            Digits(chars.Slice(5, 2), at.Month);
            chars[7] = '-';
            Digits(chars.Slice(8, 2), at.Day);
            chars[10] = ' ';
            Digits(chars.Slice(11, 2), at.Hour);
            chars[13] = ':';
            Digits(chars.Slice(14, 2), at.Minute);
            chars[16] = ':';
            Digits(chars.Slice(17, 2), at.Second);
            if (count > 0)
            {
                chars[19] = '.';
                Digits(chars.Slice(20, count), digits);
            }
        });
    }

    private static void Digits(Span<char> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    public async Task PrepareConnectionAsync(AnalyticsDbContext db, CancellationToken ct)
    {
        await using var pragma = db.Database.GetDbConnection().CreateCommand();
        pragma.CommandText = ConnectionPragmas(cacheSizeMiB);
        await pragma.ExecuteNonQueryAsync(ct);
    }

    private const string InsertItemSql = """
        INSERT INTO "KnowledgeItems" ("SourceSystemId", "ExternalId", "Title", "Url", "Kind", "AuthorAccountId", "CreatedAt", "LastEditedAt", "Topics", "ParentItemId")
        VALUES ($source, $external, $title, $url, $kind, $author, $created, $edited, $topics, $parent)
        RETURNING "Id"
        """;

    // SQLite stores DateTimeOffset through this converter (SqliteAnalyticsDbContext); raw inserts must match.
    private static readonly DateTimeOffsetToBinaryConverter OffsetConverter = new();

    public Task InsertItemsAsync(AnalyticsDbContext db, IReadOnlyList<KnowledgeItem> items, CancellationToken ct)
    {
        using var command = CommandInTransaction(db, InsertItemSql);
        var source = command.Parameters.Add("$source", SqliteType.Integer);
        var external = command.Parameters.Add("$external", SqliteType.Text);
        var title = command.Parameters.Add("$title", SqliteType.Text);
        var url = command.Parameters.Add("$url", SqliteType.Text);
        var kind = command.Parameters.Add("$kind", SqliteType.Text);
        var author = command.Parameters.Add("$author", SqliteType.Integer);
        var created = command.Parameters.Add("$created", SqliteType.Integer);
        var edited = command.Parameters.Add("$edited", SqliteType.Integer);
        var topics = command.Parameters.Add("$topics", SqliteType.Text);
        var parent = command.Parameters.Add("$parent", SqliteType.Integer);
        command.Prepare();

        foreach (var item in items)
        {
            ct.ThrowIfCancellationRequested();
            source.Value = item.SourceSystemId;
            external.Value = item.ExternalId;
            title.Value = (object?)item.Title ?? DBNull.Value;
            url.Value = (object?)item.Url ?? DBNull.Value;
            kind.Value = item.Kind;
            author.Value = item.AuthorAccountId is { } a ? a : DBNull.Value;
            created.Value = item.CreatedAt is { } c ? OffsetConverter.ConvertToProvider(c)! : DBNull.Value;
            edited.Value = item.LastEditedAt is { } e ? OffsetConverter.ConvertToProvider(e)! : DBNull.Value;
            topics.Value = (object?)item.Topics ?? DBNull.Value;
            parent.Value = (item.Parent?.Id ?? item.ParentItemId) is { } p ? p : DBNull.Value;
            item.Id = (long)command.ExecuteScalar()!;
            if (item.Parent is not null)
                item.ParentItemId = item.Parent.Id;
        }

        return Task.CompletedTask;
    }

    private const string InsertPersonSql = """
        INSERT INTO "Persons" ("DisplayName", "EmployeeId", "IsBot", "CreatedAt")
        VALUES ($name, $employee, $bot, $created)
        RETURNING "Id"
        """;

    private const string InsertAccountSql = """
        INSERT INTO "SourceAccounts" ("SourceSystemId", "ExternalId", "DisplayName", "Email", "Username", "IsBot", "PersonId")
        VALUES ($source, $external, $name, $email, $username, $bot, $person)
        RETURNING "Id"
        """;

    public Task InsertAccountsAsync(AnalyticsDbContext db, IReadOnlyList<SourceAccount> accounts, CancellationToken ct)
    {
        using var person = CommandInTransaction(db, InsertPersonSql);
        var personName = person.Parameters.Add("$name", SqliteType.Text);
        var employee = person.Parameters.Add("$employee", SqliteType.Integer);
        var personBot = person.Parameters.Add("$bot", SqliteType.Integer);
        var created = person.Parameters.Add("$created", SqliteType.Integer);
        person.Prepare();

        using var account = CommandInTransaction(db, InsertAccountSql);
        var source = account.Parameters.Add("$source", SqliteType.Integer);
        var external = account.Parameters.Add("$external", SqliteType.Text);
        var accountName = account.Parameters.Add("$name", SqliteType.Text);
        var email = account.Parameters.Add("$email", SqliteType.Text);
        var username = account.Parameters.Add("$username", SqliteType.Text);
        var accountBot = account.Parameters.Add("$bot", SqliteType.Integer);
        var personId = account.Parameters.Add("$person", SqliteType.Integer);
        account.Prepare();

        foreach (var entity in accounts)
        {
            ct.ThrowIfCancellationRequested();
            if (entity.Person is { Id: 0 } owner)
            {
                personName.Value = owner.DisplayName;
                employee.Value = owner.EmployeeId is { } e ? e : DBNull.Value;
                personBot.Value = owner.IsBot;
                created.Value = OffsetConverter.ConvertToProvider(owner.CreatedAt)!;
                owner.Id = (int)(long)person.ExecuteScalar()!;
            }

            if (entity.Person is not null)
                entity.PersonId = entity.Person.Id;
            source.Value = entity.SourceSystemId;
            external.Value = entity.ExternalId;
            accountName.Value = (object?)entity.DisplayName ?? DBNull.Value;
            email.Value = (object?)entity.Email ?? DBNull.Value;
            username.Value = (object?)entity.Username ?? DBNull.Value;
            accountBot.Value = entity.IsBot;
            personId.Value = entity.PersonId;
            entity.Id = (int)(long)account.ExecuteScalar()!;
        }

        return Task.CompletedTask;
    }

    /// <summary>A command on the run's connection, in the batch transaction the runner has open.</summary>
    private static SqliteCommand CommandInTransaction(AnalyticsDbContext db, string sql)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() as SqliteTransaction
            ?? throw new InvalidOperationException("The SQLite bulk writer runs inside the runner's transaction.");
        var command = ((SqliteConnection)db.Database.GetDbConnection()).CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    public Task<BulkWriteResult> WriteAsync(AnalyticsDbContext db, IReadOnlyList<ActivityRow> rows, CancellationToken ct)
    {
        using var command = CommandInTransaction(db, InsertSql);
        var source = command.Parameters.Add("$source", SqliteType.Integer);
        var eventId = command.Parameters.Add("$event", SqliteType.Text);
        var type = command.Parameters.Add("$type", SqliteType.Integer);
        var actor = command.Parameters.Add("$actor", SqliteType.Integer);
        var item = command.Parameters.Add("$item", SqliteType.Integer);
        var at = command.Parameters.Add("$at", SqliteType.Text);
        var quantity = command.Parameters.Add("$quantity", SqliteType.Real);
        var run = command.Parameters.Add("$run", SqliteType.Integer);
        command.Prepare();

        var inserted = 0;
        var days = new HashSet<DateOnly>();
        for (var n = 0; n < rows.Count; n++)
        {
            if ((n & 1023) == 0)
                ct.ThrowIfCancellationRequested();
            var row = rows[n];
            source.Value = row.SourceSystemId;
            eventId.Value = row.SourceEventId;
            type.Value = (int)row.Type;
            actor.Value = row.ActorAccountId is { } a ? a : DBNull.Value;
            item.Value = row.ItemId is { } i ? i : DBNull.Value;
            at.Value = FormatDateTime(row.OccurredAtUtc);
            quantity.Value = row.Quantity;
            run.Value = row.SyncRunId;

            // Microsoft.Data.Sqlite's async methods run synchronously anyway; the sync call skips a Task per row.
            if (command.ExecuteNonQuery() == 1)
            {
                inserted++;
                days.Add(DirtyDays.DayOf(row.OccurredAtUtc));
            }
        }

        return Task.FromResult(new BulkWriteResult(inserted, days));
    }
}
