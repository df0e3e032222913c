using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using Analytics.Domain.Organisation;
using Analytics.Domain.People;
using Analytics.Domain.Sources;
using Analytics.Jobs.Connectors.Git;
using Analytics.Jobs.Connectors.MediaWiki;
using Analytics.Jobs.Connectors.Slack;
using Analytics.Jobs.Connectors.StackExchange;
using Analytics.Jobs.Ingestion.ActivityFiles;

namespace Analytics.Jobs.Demo;

/// <summary>What the demo wrote for one source: its connector kind and the location "Sync now" reads.</summary>
public sealed record DemoExport(string Source, string Kind, string Location);

/// <summary>
/// Small sample exports in the formats the connectors read (ADR 1832): a MediaWiki XML export for "wiki", a Stack
/// Exchange dump for "qa", a git repository for "docs-git" (when the git command line is installed), activity CSV files
/// for "lms" and "mentoring". The demo sources take these kinds and locations, so an admin can press "Sync now" on first
/// start and watch a real run. The exports hold only new items and events, dated in the current month (the seed's
/// window ends with the last full month), under ids the seed never uses (900001 up, "export-" prefixes), and name demo
/// people by the keys their seeded accounts carry, so every record credits an existing account; one git commit uses an
/// employee's old e-mail alias, which identity resolution links to that employee.
/// </summary>
public sealed class DemoExports(DemoDataSet data, int seed, DateTimeOffset now)
{
    public const int FirstId = 900_001;

    /// <summary>The Slack source the exports add: it has no seeded history, only this export.</summary>
    public const string ChatSource = "chat";
    private readonly Random _random = new(seed);

    /// <summary>True when the git command line runs here; without it "docs-git" keeps the demo kind (no connector).</summary>
    public static bool GitAvailable()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("git", "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            if (process is null)
                return false;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // "No such file": git is not installed, which the demo reports as a source left without a connector.
            return false;
        }
    }

    /// <summary>Writes the exports under <paramref name="folder"/> and gives the demo sources their kinds and locations.</summary>
    public IReadOnlyList<DemoExport> Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var written = new List<DemoExport>
        {
            Apply("wiki", MediaWikiConnector.KindName, WriteWiki(Path.Combine(folder, "wiki"))),
            Apply("qa", StackExchangeConnector.KindName, WriteQa(Path.Combine(folder, "qa"))),
            Apply("lms", ActivityCsvConnector.KindName, WriteLms(Path.Combine(folder, "lms"))),
            Apply("mentoring", ActivityCsvConnector.KindName, WriteMentoring(Path.Combine(folder, "mentoring"))),
        };
        if (GitAvailable())
            written.Add(Apply("docs-git", GitConnector.KindName, WriteGit(Path.Combine(folder, "docs-git"))));
        // Chat has no seeded history: the source exists only with its export (issue 18 part 5).
        var chat = new SourceSystem { Name = ChatSource, Kind = "demo", Location = "Team chat (demo)", CreatedAt = data.Sources[0].CreatedAt, CursorUpdatedAt = data.Sources[0].CreatedAt };
        data.Sources.Add(chat);
        written.Add(Apply(ChatSource, SlackConnector.KindName, WriteChat(Path.Combine(folder, "chat"))));
        return written;
    }

    private DemoExport Apply(string sourceName, string kind, string location)
    {
        var source = data.Sources.Single(s => s.Name == sourceName);
        source.Kind = kind;
        source.Location = location;
        return new DemoExport(sourceName, kind, location);
    }

    /// <summary>Employed people's accounts in a source, in a fixed order: the authors of the exports.</summary>
    private List<SourceAccount> Accounts(string sourceName) =>
        [.. data.Accounts.Where(a => a.SourceSystem?.Name == sourceName && a.Person?.Employee is { LeaveDate: null } && !a.IsBot)
            .OrderBy(a => a.ExternalId, StringComparer.Ordinal)];

    private T Pick<T>(IReadOnlyList<T> values) => values[_random.Next(values.Count)];

    /// <summary>
    /// The k-th moment of the export: hours before now, never before the current month's first instant, so every
    /// record lands in the open month and no closed month or stored report changes when it is synced.
    /// </summary>
    private DateTimeOffset At(int k)
    {
        var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var at = now.AddHours(-(2 + 5 * k)).AddMinutes(-_random.Next(0, 50));
        return at < monthStart ? monthStart : at;
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
    private static string DumpDate(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fff", CultureInfo.InvariantCulture);

    private string TeamTopic(SourceAccount account)
    {
        var code = data.Assignments.Where(a => a.Employee == account.Person?.Employee).OrderBy(a => a.ValidFrom).LastOrDefault()?.Department?.Code;
        var topics = DemoCatalog.Departments.FirstOrDefault(d => d.Code == code).Topics ?? ["how-to"];
        return Pick(topics);
    }

    private string WriteWiki(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "wiki-export.xml");
        var people = Accounts("wiki");
        using var writer = XmlWriter.Create(path, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) });
        const string ns = "http://www.mediawiki.org/xml/export-0.11/";
        writer.WriteStartElement("mediawiki", ns);
        writer.WriteAttributeString("version", "0.11");
        writer.WriteAttributeString("xml", "lang", null, "en");
        writer.WriteStartElement("siteinfo", ns);
        writer.WriteElementString("sitename", ns, "Team wiki (demo)");
        writer.WriteElementString("base", ns, "https://wiki.northwind.example/wiki/Main_Page");
        writer.WriteElementString("generator", ns, "MediaWiki 1.41.0");
        writer.WriteStartElement("namespaces", ns);
        writer.WriteStartElement("namespace", ns);
        writer.WriteAttributeString("key", "0");
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndElement();
        var revision = FirstId;
        for (var page = 0; page < 6; page++)
        {
            var author = Pick(people);
            var title = string.Format(CultureInfo.InvariantCulture, Pick(DemoCatalog.TitlePatterns), TeamTopic(author));
            writer.WriteStartElement("page", ns);
            writer.WriteElementString("title", ns, $"{title} ({FirstId + page})");
            writer.WriteElementString("ns", ns, "0");
            writer.WriteElementString("id", ns, (FirstId + page).ToString(CultureInfo.InvariantCulture));
            int? parent = null;
            var editors = new[] { author, Pick(people), Pick(people) }.Take(1 + page % 3);
            var k = 3 * (6 - page);
            foreach (var editor in editors)
            {
                writer.WriteStartElement("revision", ns);
                writer.WriteElementString("id", ns, revision.ToString(CultureInfo.InvariantCulture));
                if (parent is { } p)
                    writer.WriteElementString("parentid", ns, p.ToString(CultureInfo.InvariantCulture));
                writer.WriteElementString("timestamp", ns, Utc(At(k--)));
                writer.WriteStartElement("contributor", ns);
                // User id 0 (as for imported revisions): the connector keys the account by name, as the seed's wiki accounts are.
                writer.WriteElementString("username", ns, editor.ExternalId);
                writer.WriteElementString("id", ns, "0");
                writer.WriteEndElement();
                writer.WriteElementString("model", ns, "wikitext");
                writer.WriteElementString("format", ns, "text/x-wiki");
                writer.WriteStartElement("text", ns);
                writer.WriteAttributeString("xml", "space", null, "preserve");
                writer.WriteString($"Notes on {title}, revision by {editor.DisplayName}.");
                writer.WriteEndElement();
                writer.WriteEndElement();
                parent = revision++;
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        return path;
    }

    private string WriteQa(string folder)
    {
        Directory.CreateDirectory(folder);
        var people = Accounts("qa");
        var users = new HashSet<SourceAccount>();
        var posts = new StringBuilder();
        var votes = new StringBuilder();
        var id = FirstId;
        var vote = FirstId;
        for (var question = 0; question < 5; question++)
        {
            var asker = Pick(people);
            var answerer = Pick(people.Where(a => a != asker).ToList());
            users.Add(asker);
            users.Add(answerer);
            var topic = TeamTopic(answerer);
            var questionId = id++;
            var answerId = id++;
            var asked = At(2 * (5 - question) + 1);
            var answered = At(2 * (5 - question));
            posts.Append(CultureInfo.InvariantCulture,
                $"""  <row Id="{questionId}" PostTypeId="1" AcceptedAnswerId="{answerId}" CreationDate="{DumpDate(asked)}" Score="2" ViewCount="{12 + question}" OwnerUserId="{asker.ExternalId}" LastActivityDate="{DumpDate(answered)}" Title="{Xml(string.Format(CultureInfo.InvariantCulture, Pick(DemoCatalog.QuestionPatterns), topic))}" Tags="{Xml($"<{topic}>")}" AnswerCount="1" CommentCount="0" />""")
                .Append('\n');
            posts.Append(CultureInfo.InvariantCulture,
                $"""  <row Id="{answerId}" PostTypeId="2" ParentId="{questionId}" CreationDate="{DumpDate(answered)}" Score="3" OwnerUserId="{answerer.ExternalId}" LastActivityDate="{DumpDate(answered)}" CommentCount="0" />""")
                .Append('\n');
            // An upvote on the answer: reuse received by its author (votes carry no voter in public dumps).
            votes.Append(CultureInfo.InvariantCulture,
                $"""  <row Id="{vote++}" PostId="{answerId}" VoteTypeId="2" CreationDate="{DumpDate(answered)}" />""").Append('\n');
        }

        File.WriteAllText(Path.Combine(folder, "Users.xml"),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<users>\n" + string.Concat(users.OrderBy(u => u.ExternalId, StringComparer.Ordinal).Select(u =>
                $"  <row Id=\"{u.ExternalId}\" Reputation=\"101\" CreationDate=\"{DumpDate(now.AddYears(-1))}\" DisplayName=\"{Xml(u.DisplayName ?? u.ExternalId)}\" />\n")) + "</users>\n",
            new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(folder, "Posts.xml"), $"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<posts>\n{posts}</posts>\n", new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(folder, "Votes.xml"), $"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<votes>\n{votes}</votes>\n", new UTF8Encoding(false));
        return folder;
    }

    private string WriteLms(string folder)
    {
        Directory.CreateDirectory(folder);
        var people = Accounts("lms");
        var csv = new StringBuilder(ActivityCsvHeader);
        for (var n = 0; n < 8; n++)
        {
            var learner = Pick(people);
            var course = Pick(DemoCatalog.Courses);
            csv.Append(CultureInfo.InvariantCulture,
                $"export-completion-{n + 1},{Utc(At(n))},{learner.ExternalId},{Csv(learner.DisplayName)},completed,export-course-{Array.IndexOf(DemoCatalog.Courses, course) + 1},{Csv(course)},,course,,,\n");
        }

        var path = Path.Combine(folder, "completions.csv");
        File.WriteAllText(path, csv.ToString(), new UTF8Encoding(false));
        return path;
    }

    private string WriteMentoring(string folder)
    {
        Directory.CreateDirectory(folder);
        var people = Accounts("mentoring");
        var csv = new StringBuilder(ActivityCsvHeader);
        for (var n = 0; n < 4; n++)
        {
            var mentor = Pick(people);
            csv.Append(CultureInfo.InvariantCulture,
                $"export-session-{n + 1},{Utc(At(n))},{mentor.ExternalId},{Csv(mentor.DisplayName)},mentored,export-session-{n + 1},Mentoring session,,mentoring-session,{mentor.ExternalId},,{(n % 2 == 0 ? "1" : "1.5")}\n");
        }

        var path = Path.Combine(folder, "sessions.csv");
        File.WriteAllText(path, csv.ToString(), new UTF8Encoding(false));
        return path;
    }

    /// <summary>
    /// A Slack workspace export (folder form: users.json, channels.json, one file per channel and day). Its users are
    /// employed demo people under Slack ids of their own, with their work e-mail, so the sync creates chat accounts that
    /// identity resolution links to those employees by e-mail; questions answered in threads, reactions by colleagues,
    /// and a message linking a seeded wiki page (reuse of a stored item).
    /// </summary>
    private string WriteChat(string folder)
    {
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var people = data.Employees.Where(e => e.LeaveDate is null).OrderBy(e => e.EmployeeNumber, StringComparer.Ordinal).ToList();
        var members = Enumerable.Range(0, 12).Select(_ => Pick(people)).Distinct().ToList();
        string UserId(Employee e) => string.Create(CultureInfo.InvariantCulture, $"U{FirstId + members.IndexOf(e)}");
        var options = new JsonSerializerOptions { WriteIndented = true };
        File.WriteAllText(Path.Combine(folder, "users.json"), JsonSerializer.Serialize(members.Select(e => new Dictionary<string, object>
        {
            ["id"] = UserId(e),
            ["name"] = e.Email[..e.Email.IndexOf('@', StringComparison.Ordinal)],
            ["real_name"] = e.DisplayName,
            ["profile"] = new Dictionary<string, string> { ["real_name"] = e.DisplayName, ["email"] = e.Email },
        }), options), new UTF8Encoding(false));
        string[] channels = ["platform-help", "ask-engineering"];
        File.WriteAllText(Path.Combine(folder, "channels.json"), JsonSerializer.Serialize(channels.Select((name, i) => new Dictionary<string, string>
        {
            ["id"] = string.Create(CultureInfo.InvariantCulture, $"C{FirstId + i}"),
            ["name"] = name,
        }), options), new UTF8Encoding(false));

        var wikiPage = data.Items.Where(i => i.Source.Name == "wiki" && i.Parent is null).OrderBy(i => i.Index).FirstOrDefault();
        var messages = new List<(string Channel, DateTimeOffset At, Dictionary<string, object> Message)>();
        for (var thread = 0; thread < 6; thread++)
        {
            var channel = channels[thread % channels.Length];
            var asker = Pick(members);
            var answerer = Pick(members.Where(m => m != asker).ToList());
            // Seconds apart per thread and an answer ten minutes after its question at least: At clamps early moments
            // to the month's first instant, and a reply needs a timestamp of its own.
            var asked = At(4 * (6 - thread) + 1).AddSeconds(thread);
            var answered = At(4 * (6 - thread)) is var a && a > asked.AddMinutes(10) ? a : asked.AddMinutes(10);
            var ts = Ts(asked, 2 * thread);
            var topic = Pick(DemoCatalog.Departments.SelectMany(d => d.Topics).ToList());
            messages.Add((channel, asked, new Dictionary<string, object>
            {
                ["type"] = "message", ["user"] = UserId(asker), ["ts"] = ts, ["thread_ts"] = ts,
                ["text"] = string.Format(CultureInfo.InvariantCulture, Pick(DemoCatalog.QuestionPatterns), topic),
            }));
            var answer = new Dictionary<string, object>
            {
                ["type"] = "message", ["user"] = UserId(answerer), ["ts"] = Ts(answered, 2 * thread + 1), ["thread_ts"] = ts, ["parent_user_id"] = UserId(asker),
                ["text"] = thread == 0 && wikiPage is not null ? $"It is written down here: <{wikiPage.Url}|{wikiPage.Title}>" : $"Here is how we do {topic} in our team.",
                ["reactions"] = new[] { new Dictionary<string, object> { ["name"] = "+1", ["users"] = new[] { UserId(asker) }, ["count"] = 1 } },
            };
            messages.Add((channel, answered, answer));
        }

        foreach (var day in messages.GroupBy(m => (m.Channel, Day: m.At.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))))
        {
            Directory.CreateDirectory(Path.Combine(folder, day.Key.Channel));
            File.WriteAllText(Path.Combine(folder, day.Key.Channel, $"{day.Key.Day}.json"),
                JsonSerializer.Serialize(day.OrderBy(m => m.At).Select(m => m.Message), options), new UTF8Encoding(false));
        }

        return folder;
    }

    /// <summary>A Slack message timestamp (seconds.micro); the message's ordinal in the micro part keeps every one unique.</summary>
    private static string Ts(DateTimeOffset at, int ordinal) =>
        string.Create(CultureInfo.InvariantCulture, $"{at.ToUnixTimeSeconds()}.{ordinal:D6}");

    private const string ActivityCsvHeader = "event_id,occurred_at,actor,actor_name,type,item_id,item_title,item_url,item_kind,item_author,item_author_name,quantity\n";

    /// <summary>A documentation repository of a few commits; one is made under an employee's old alias address.</summary>
    private string WriteGit(string folder)
    {
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        Git(folder, null, "init", "-q", "-b", "main");
        var people = Accounts("docs-git");
        var alias = data.Aliases.Where(a => a.Employee is { LeaveDate: null }).OrderBy(a => a.Email, StringComparer.Ordinal).FirstOrDefault();
        for (var n = 0; n < 6; n++)
        {
            var author = Pick(people);
            var (name, email) = n == 5 && alias is not null ? (alias.Employee!.DisplayName, alias.Email) : (author.DisplayName ?? author.ExternalId, author.ExternalId);
            var topic = TeamTopic(author);
            var file = Path.Combine("docs", $"{topic}-{n % 4 + 1}.md");
            Directory.CreateDirectory(Path.Combine(folder, "docs"));
            File.AppendAllText(Path.Combine(folder, file), $"# {topic}\n\nNotes by {name}, change {n + 1}.\n", new UTF8Encoding(false));
            Git(folder, null, "add", "--", file);
            Git(folder, (name, email, At(6 - n)), "commit", "-q", "--no-gpg-sign", "-m", $"Document {topic} ({n + 1})");
        }

        return folder;
    }

    private static void Git(string repository, (string Name, string Email, DateTimeOffset At)? author, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = repository, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        // A repository of its own: no global configuration, hooks or signing of the machine's user take part.
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        if (author is { } a)
        {
            var date = a.At.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);
            start.Environment["GIT_AUTHOR_NAME"] = start.Environment["GIT_COMMITTER_NAME"] = a.Name;
            start.Environment["GIT_AUTHOR_EMAIL"] = start.Environment["GIT_COMMITTER_EMAIL"] = a.Email;
            start.Environment["GIT_AUTHOR_DATE"] = start.Environment["GIT_COMMITTER_DATE"] = date;
        }

        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("git did not start.");
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed in {repository} (exit {process.ExitCode}): {error.Result.Trim()}");
    }

    private static string Xml(string text) => System.Security.SecurityElement.Escape(text);

    private static string Csv(string? text) =>
        text is null ? "" : text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal) ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
}
