using System.Globalization;
using Analytics.Domain.Knowledge;
using Microsoft.Data.Sqlite;

namespace Analytics.Jobs.Bench;

/// <summary>
/// A synthetic organisation (fixed seed): departments, employees with one account each, items, and a stream of activity
/// from <paramref name="start"/>, written with prepared SQLite inserts. Shared by every `analytics bench` verb that needs a large history.
/// </summary>
public sealed class BenchHistory(int seed, int people, DateTime start)
{
    private const int Departments = 40;

    /// <summary>Distinct topics the items are tagged with; a few are common, most are rare, as tags are in real sources.</summary>
    public const int TopicCount = 400;

    private readonly Random _random = new(seed);

    // Topics draw from their own stream so the items' authors and the activity stream stay those of the seed.
    private readonly Random _topics = new(seed ^ 0x70C1C5);
    private long _event;

    public int ItemCount => people * 40;

    /// <summary>
    /// Every <see cref="ThreadSize"/>th item from the first is a question and the next two are answers to it, so `asked`
    /// and `answered` activity lands on them as it does in a Q&amp;A export (the answer facts link an answer to its question
    /// through the item's parent). The other items are pages.
    /// </summary>
    public const int ThreadSize = 8;

    private static string KindOf(long item) => ((item - 1) % ThreadSize) switch { 0 => "question", 1 or 2 => "answer", _ => "page" };

    private static long? ParentOf(long item) => KindOf(item) == "answer" ? item - ((item - 1) % ThreadSize) : null;

    private int Threads => ItemCount / ThreadSize;

    // A day's questions: a run of threads of its own (a year of days before the threads come round again).
    private int QuestionsPerDay => Math.Max(1, Threads / 365);

    /// <summary>
    /// The item of an activity: the drawn one, except that a question is asked on its own day (a question asked again that
    /// day counts once) and answered or accepted on that day or up to <see cref="AnswerLagDays"/> days after, about half
    /// within the answer window. The draw itself is unchanged, so every other activity of a seed is as before items had kinds.
    /// </summary>
    private long ItemFor(ActivityType type, long drawn, int day)
    {
        if (type is not (ActivityType.Asked or ActivityType.Answered or ActivityType.Accepted))
            return drawn;
        var slot = drawn % QuestionsPerDay;
        var rest = drawn / QuestionsPerDay;
        var askedOn = type == ActivityType.Asked ? day : Math.Max(0, day - (int)(rest % (AnswerLagDays + 1)));
        var question = (((long)askedOn * QuestionsPerDay) + slot) % Threads * ThreadSize + 1;
        return type == ActivityType.Asked ? question : question + 1 + (rest / (AnswerLagDays + 1) % 2);
    }

    public const int AnswerLagDays = 13;

    public async Task WriteOrganisationAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await ExecAsync(connection, transaction, "INSERT INTO SourceSystems (Id, Name, Kind, Enabled, CreatedAt) VALUES (1, 'bench', 'demo', 1, 0)", ct);
        await ExecAsync(connection, transaction, "INSERT INTO Departments (Id, Code, Name, ParentId, Path, Depth) VALUES (1, 'ROOT', 'Company', NULL, '/1/', 0)", ct);
        for (var d = 2; d <= Departments + 1; d++)
            await ExecAsync(connection, transaction, FormattableString.Invariant($"INSERT INTO Departments (Id, Code, Name, ParentId, Path, Depth) VALUES ({d}, 'D{d}', 'Department {d}', 1, '/1/{d}/', 1)"), ct);

        await using var employee = Prepare(connection, transaction,
            "INSERT INTO Employees (Id, EmployeeNumber, DisplayName, Email, HireDate, LeaderboardOptOut) VALUES ($0, $1, $2, $3, '2020-01-01', 0)", 4);
        await using var assignment = Prepare(connection, transaction,
            "INSERT INTO OrgAssignments (EmployeeId, DepartmentId, ValidFrom) VALUES ($0, $1, '2020-01-01')", 2);
        await using var person = Prepare(connection, transaction,
            "INSERT INTO Persons (Id, DisplayName, EmployeeId, IsBot, CreatedAt) VALUES ($0, $1, $0, 0, 0)", 2);
        await using var account = Prepare(connection, transaction,
            "INSERT INTO SourceAccounts (Id, SourceSystemId, ExternalId, IsBot, PersonId) VALUES ($0, 1, $1, 0, $0)", 2);
        for (var i = 1; i <= people; i++)
        {
            await RunAsync(employee, ct, i, $"E{i}", $"Person {i}", $"p{i}@bench.example");
            await RunAsync(assignment, ct, i, 2 + (i % Departments));
            await RunAsync(person, ct, i, $"Person {i}");
            await RunAsync(account, ct, i, $"u{i}");
        }

        await using var item = Prepare(connection, transaction,
            "INSERT INTO KnowledgeItems (Id, SourceSystemId, ExternalId, Kind, AuthorAccountId, CreatedAt, Topics, ParentItemId) VALUES ($0, 1, $1, $4, $2, 0, $3, $5)", 6);
        for (var i = 1; i <= ItemCount; i++)
            await RunAsync(item, ct, i, $"i{i}", 1 + _random.Next(people), NextTopics(), KindOf(i), (object?)ParentOf(i) ?? DBNull.Value);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Activities spread evenly over <paramref name="days"/> days from <paramref name="firstDay"/>.</summary>
    public async Task WriteActivitiesAsync(string connectionString, int count, int firstDay, int days, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        // Four indexes take random inserts; with SQLite's default 2 MB cache writing 5M rows is disk-bound.
        await ExecAsync(connection, null, "PRAGMA cache_size = -1000000;", ct);
        var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var insert = Prepare(connection, transaction,
            "INSERT INTO Activities (SourceSystemId, SourceEventId, Type, ActorAccountId, ItemId, OccurredAt, Quantity) VALUES (1, $0, $1, $2, $3, $4, $5)", 6);
        try
        {
            for (var n = 0; n < count; n++)
            {
                var day = firstDay + (int)((long)n * days / count);
                var at = start.AddDays(day).AddSeconds(_random.Next(86_400));
                var type = NextType();
                var quantity = type == ActivityType.Mentored ? 1.5 : 1;
                await RunAsync(insert, ct, $"e{++_event}", (int)type, 1 + _random.Next(people), ItemFor(type, 1 + _random.Next(ItemCount), day),
                    at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), quantity);
                if (n % 500_000 == 499_999)
                {
                    await transaction.CommitAsync(ct);
                    await transaction.DisposeAsync();
                    transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
                    insert.Transaction = transaction;
                }
            }

            await transaction.CommitAsync(ct);
        }
        finally
        {
            await insert.DisposeAsync();
            await transaction.DisposeAsync();
        }
    }

    /// <summary>One to three tags per item, skewed (topic n is drawn about 1/n as often as topic 1), as a source's own tags.</summary>
    private string NextTopics()
    {
        var count = 1 + _topics.Next(3);
        var tags = new SortedSet<int>();
        while (tags.Count < count)
        {
            // Log-uniform: floor((TopicCount + 1)^u) for u in [0, 1) is n with probability log((n + 1) / n), about 1/n.
            var n = (int)Math.Pow(TopicCount + 1, _topics.NextDouble());
            tags.Add(Math.Clamp(n, 1, TopicCount));
        }

        return string.Join('|', tags.Select(n => FormattableString.Invariant($"topic-{n}")));
    }

    // Roughly the demo's mix: views dominate, then chat, edits and votes; learning and mentoring are rare.
    private ActivityType NextType() => _random.Next(100) switch
    {
        < 40 => ActivityType.Viewed,
        < 50 => ActivityType.Posted,
        < 58 => ActivityType.Edited,
        < 66 => ActivityType.Upvoted,
        < 71 => ActivityType.Reacted,
        < 75 => ActivityType.Commented,
        < 79 => ActivityType.Linked,
        < 83 => ActivityType.Authored,
        < 86 => ActivityType.Asked,
        < 90 => ActivityType.Answered,
        < 92 => ActivityType.Accepted,
        < 95 => ActivityType.Completed,
        < 97 => ActivityType.Attended,
        < 98 => ActivityType.Presented,
        < 99 => ActivityType.Mentored,
        _ => ActivityType.Duplicate,
    };

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < parameters; i++)
            command.Parameters.Add(new SqliteParameter($"${i}", null));
        return command;
    }

    private static async Task RunAsync(SqliteCommand command, CancellationToken ct, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i];
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task ExecAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
