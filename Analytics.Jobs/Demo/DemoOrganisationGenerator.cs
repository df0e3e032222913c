using System.Globalization;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Organisation;
using Analytics.Domain.People;
using Analytics.Domain.Sources;

namespace Analytics.Jobs.Demo;

/// <summary>
/// Builds a believable organisation and a year of knowledge sharing, deterministically from a seed:
/// a few experts do much of the sharing (log-normal propensity), most reuse stays in the team with a
/// cross-team share, one department is a silo, some questions stay unanswered, some pages go stale,
/// people join, leave, transfer and opt out.
/// </summary>
public sealed class DemoOrganisationGenerator
{
    private const string Domain = "northwind.example";
    private const double CrossTeamReuseProbability = 0.18;

    private readonly DemoOptions _options;
    private readonly Random _random;
    private readonly DemoDataSet _data = new();
    private readonly DateOnly _start;
    private readonly DateOnly _end;
    private readonly DateTimeOffset _createdAt;
    private readonly Dictionary<string, Department> _departmentsByCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _topicsByCode = new(StringComparer.Ordinal);
    private readonly List<Staff> _staff = [];
    private readonly Dictionary<SourceSystem, int> _eventCounters = [];
    private readonly HashSet<(int Viewer, int Item, DateOnly Day)> _views = [];

    private SourceSystem _wiki = null!, _qa = null!, _git = null!, _lms = null!, _mentoring = null!;

    public DemoOrganisationGenerator(DemoOptions options, DateOnly today)
    {
        _options = options;
        _random = new Random(options.Seed);
        var endMonth = options.EndMonth ?? new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        _start = endMonth.AddMonths(1 - options.Months);
        _end = endMonth.AddMonths(1).AddDays(-1);
        _createdAt = new DateTimeOffset(_end.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    }

    public DateOnly WindowStart => _start;
    public DateOnly WindowEnd => _end;

    public DemoDataSet Generate()
    {
        CreateSources();
        CreateDepartments();
        CreateStaff();
        CreateAccounts();
        CreateLegacyPages();
        for (var month = _start; month <= _end; month = month.AddMonths(1))
            SimulateMonth(month);
        SimulateUnresolvedAccounts();
        GiveTheMostProlificLeaverATopic();
        return _data;
    }

    /// <summary>
    /// Knowledge at risk on first start: everything the leaver who wrote most also carries <see cref="DemoCatalog.LeaverTopic"/>,
    /// a topic nobody else writes about. Done after the simulation, from its results, so no random draw changes.
    /// </summary>
    private void GiveTheMostProlificLeaverATopic()
    {
        var leavers = _staff.Where(s => s.Employee.LeaveDate is { } left && left < _end).ToList();
        var accounts = leavers.SelectMany(s => new[] { (s.Wiki, s), (s.Qa, s), (s.Git, s), (s.Lms, s) }).ToDictionary(x => x.Item1, x => x.s);
        // The items they authored within the simulated months: legacy pages carry no activity, so no expertise.
        var leaver = _data.Activities.Where(a => a.Type == ActivityType.Authored && a.Actor is { } actor && accounts.ContainsKey(actor) && a.Item is { Parent: null })
            .GroupBy(a => accounts[a.Actor!]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Index).FirstOrDefault();
        if (leaver is null)
            return;
        foreach (var item in leaver.Select(a => a.Item!).Distinct())
            item.Topics = item.Topics is null ? DemoCatalog.LeaverTopic : DemoCatalog.LeaverTopic + "|" + item.Topics;
    }

    private sealed class Staff
    {
        public required Employee Employee { get; init; }
        public required Person Person { get; init; }
        public required double Propensity { get; init; }
        public required int Index { get; init; }
        public readonly List<(DateOnly From, DateOnly? To, Department Department)> Spans = [];
        public SourceAccount Wiki = null!, Qa = null!, Git = null!, Lms = null!, Mentoring = null!;

        public Department? DepartmentOn(DateOnly day)
        {
            if (!Employee.IsEmployedOn(day))
                return null;
            foreach (var span in Spans)
                if (day >= span.From && (span.To is null || day < span.To))
                    return span.Department;
            return null;
        }
    }

    private void CreateSources()
    {
        SourceSystem Source(string name, string location) =>
            _data.Add(new SourceSystem { Name = name, Kind = "demo", Location = location, CreatedAt = _createdAt, CursorUpdatedAt = _createdAt });
        _wiki = Source("wiki", "Team wiki (demo)");
        _qa = Source("qa", "Internal Q&A (demo)");
        _git = Source("docs-git", "Documentation repository (demo)");
        _lms = Source("lms", "Learning platform (demo)");
        _mentoring = Source("mentoring", "Mentoring programme log (demo)");
    }

    private void CreateDepartments()
    {
        foreach (var (code, name, parentCode, _, topics) in DemoCatalog.Departments)
        {
            var parent = parentCode is null ? null : _departmentsByCode[parentCode];
            var department = _data.Add(new Department
            {
                Code = code,
                Name = name,
                Parent = parent,
                Depth = parent is null ? 0 : parent.Depth + 1,
            });
            _departmentsByCode[code] = department;
            _topicsByCode[code] = topics;
        }
    }

    private void CreateStaff()
    {
        var departments = DemoCatalog.Departments;
        var heads = new Dictionary<string, Staff>(StringComparer.Ordinal);

        // One head per department, reporting to the head of the parent department.
        foreach (var (code, _, parentCode, _, _) in departments)
        {
            heads[code] = Hire(_departmentsByCode[code], isHead: true);
        }

        var staffed = departments.Where(d => d.Weight > 0).ToArray();
        var totalWeight = staffed.Sum(d => d.Weight);
        var remaining = _options.Employees - departments.Length;
        var allocated = 0;
        for (var i = 0; i < staffed.Length; i++)
        {
            var count = i == staffed.Length - 1 ? remaining - allocated : remaining * staffed[i].Weight / totalWeight;
            allocated += count;
            for (var n = 0; n < count; n++)
                Hire(_departmentsByCode[staffed[i].Code], isHead: false);
        }

        var leaves = staffed.Select(d => d.Code).ToArray();
        foreach (var member in _staff.Where(s => !heads.ContainsValue(s)))
        {
            var roll = _random.NextDouble();
            if (roll < 0.04)
            {
                var earliest = Max(_start.AddMonths(1), member.Employee.HireDate.AddDays(30));
                if (earliest < _end.AddDays(-1))
                    member.Employee.LeaveDate = RandomDay(earliest, _end.AddDays(-1));
            }
            else if (roll < 0.08)
            {
                var firstSpan = member.Spans[0];
                var from = firstSpan.From > _start ? firstSpan.From : _start;
                var moveOn = RandomDay(from.AddDays(30), _end.AddDays(-30));
                if (moveOn <= firstSpan.From.AddDays(1))
                    continue;
                var target = _departmentsByCode[Pick(leaves.Where(c => c != firstSpan.Department.Code).ToArray())];
                member.Spans[0] = firstSpan with { To = moveOn };
                member.Spans.Add((moveOn, null, target));
            }

            member.Employee.LeaderboardOptOut = _random.NextDouble() < 0.05;
        }

        foreach (var member in _staff)
        {
            for (var i = 0; i < member.Spans.Count; i++)
            {
                var (from, to, department) = member.Spans[i];
                var head = heads[department.Code];
                var manager = head == member ? (department.Parent is null ? null : heads[department.Parent.Code]) : head;
                var validTo = member.Employee.LeaveDate is { } left && (to is null || to > left.AddDays(1)) ? left.AddDays(1) : to;
                _data.Add(new OrgAssignment
                {
                    Employee = member.Employee,
                    Department = department,
                    Manager = manager?.Employee,
                    ValidFrom = from,
                    ValidTo = validTo,
                });
            }
        }
    }

    private Staff Hire(Department department, bool isHead)
    {
        string first, last, email;
        var attempt = 0;
        do
        {
            first = Pick(DemoCatalog.FirstNames);
            last = Pick(DemoCatalog.LastNames);
            email = attempt++ < 20
                ? $"{first}.{last}@{Domain}".ToLowerInvariant()
                : $"{first}.{last}{attempt}@{Domain}".ToLowerInvariant();
        }
        while (_data.Employees.Any(e => e.Email == email));

        // Heads and most staff joined before the window; some join during it.
        var hire = !isHead && _random.NextDouble() < 0.07
            ? RandomDay(_start, _end.AddDays(-20))
            : _start.AddDays(-_random.Next(60, 365 * 10));
        var number = (10000 + _data.Employees.Count + 1).ToString(CultureInfo.InvariantCulture);
        var employee = _data.Add(new Employee
        {
            EmployeeNumber = $"E{number}",
            DisplayName = $"{first} {last}",
            Email = email,
            Location = Pick(["London", "Berlin", "Lisbon", "Warsaw", "New York", "Toronto", "Remote"]),
            HireDate = hire,
        });
        if (_random.NextDouble() < 0.3)
            _data.Add(new EmployeeAlias { Employee = employee, Email = email.Replace(Domain, "northwind-legacy.example", StringComparison.Ordinal) });

        var person = _data.Add(new Person { DisplayName = employee.DisplayName, Employee = employee, CreatedAt = _createdAt });
        // Log-normal propensity: the top tenth of people share about half of all knowledge.
        var propensity = Math.Exp(1.35 * NextGaussian()) * (isHead ? 0.6 : 1.0);
        var staff = new Staff { Employee = employee, Person = person, Propensity = propensity, Index = _staff.Count };
        staff.Spans.Add((hire, null, department));
        _staff.Add(staff);
        return staff;
    }

    private void CreateAccounts()
    {
        var qaUserId = 100;
        foreach (var member in _staff)
        {
            var e = member.Employee;
            var username = e.Email[..e.Email.IndexOf('@', StringComparison.Ordinal)];
            member.Wiki = Account(_wiki, username, e.DisplayName, e.Email, username, member.Person);
            member.Qa = Account(_qa, (qaUserId++).ToString(CultureInfo.InvariantCulture), e.DisplayName, null, username, member.Person);
            member.Git = Account(_git, e.Email, e.DisplayName, e.Email, null, member.Person);
            member.Lms = Account(_lms, e.EmployeeNumber, e.DisplayName, e.Email, null, member.Person);
            member.Mentoring = Account(_mentoring, e.Email, e.DisplayName, e.Email, null, member.Person);
        }

        // A documentation bot and outside contributors that HR has not linked to anyone.
        var bot = _data.Add(new Person { DisplayName = "docs-bot", IsBot = true, CreatedAt = _createdAt });
        var botAccount = Account(_git, "docs-bot@ci.example", "docs-bot", "docs-bot@ci.example", null, bot);
        botAccount.IsBot = true;
        _unlinked =
        [
            Account(_wiki, "ext.consultant1", "Jordan Lee (contractor)", "jordan.lee@consulting.example", "ext.consultant1",
                _data.Add(new Person { DisplayName = "Jordan Lee (contractor)", CreatedAt = _createdAt })),
            Account(_wiki, "ext.consultant2", "Sam Rivera (contractor)", "sam.rivera@agency.example", "ext.consultant2",
                _data.Add(new Person { DisplayName = "Sam Rivera (contractor)", CreatedAt = _createdAt })),
        ];
        _botAccount = botAccount;

        // Two employees also write under accounts no e-mail links to them, as happens before single sign-on or with a
        // personal address: an old wiki account without e-mail, Git commits from a home address. The seeder then
        // suggests them to HR as the import does (same display name, same e-mail local part), so /Identities has
        // decisions waiting on first start (issue 18, demo content everywhere). Their own random source keeps every
        // other figure of the demo as it was.
        if (_staff.Count > 8)
        {
            var (wikiUser, gitUser) = (_staff[_staff.Count / 3].Employee, _staff[(2 * _staff.Count) / 3].Employee);
            var wikiName = wikiUser.Email[..wikiUser.Email.IndexOf('@', StringComparison.Ordinal)];
            var home = gitUser.Email[..gitUser.Email.IndexOf('@', StringComparison.Ordinal)] + "@home-mail.example";
            _unresolved =
            [
                Account(_wiki, "old-" + wikiName, wikiUser.DisplayName, null, "old-" + wikiName, _data.Add(new Person { DisplayName = wikiUser.DisplayName, CreatedAt = _createdAt })),
                Account(_git, home, gitUser.DisplayName, home, null, _data.Add(new Person { DisplayName = gitUser.DisplayName, CreatedAt = _createdAt })),
            ];
        }
    }

    private SourceAccount[] _unlinked = [];
    private SourceAccount[] _unresolved = [];

    /// <summary>
    /// A page or a script a month under each unresolved account, after every month is simulated and with a random
    /// source of their own: the items' numbers (which derive their topics) and every draw of the rest stay as they were.
    /// </summary>
    private void SimulateUnresolvedAccounts()
    {
        var random = new Random(_options.Seed + 7919);
        for (var month = _start; month <= _end; month = month.AddMonths(1))
        {
            foreach (var account in _unresolved)
            {
                var day = month.AddDays(random.Next(DateTime.DaysInMonth(month.Year, month.Month)));
                var at = day.ToDateTime(new TimeOnly(8, 0), DateTimeKind.Utc).AddSeconds(random.Next(0, 10 * 3600));
                var item = account.SourceSystem == _git
                    ? NewItem(_git, "file", $"tools/scripts/{month:yyyy-MM}-setup.sh", account, at, department: null)
                    : NewItem(_wiki, "page", $"Notes {month:yyyy-MM} ({account.Username})", account, at, department: null);
                AddActivity(account.SourceSystem!, ActivityType.Authored, account, item, at);
            }
        }
    }
    private SourceAccount _botAccount = null!;

    private SourceAccount Account(SourceSystem source, string externalId, string name, string? email, string? username, Person person) =>
        _data.Add(new SourceAccount
        {
            SourceSystem = source,
            ExternalId = externalId,
            DisplayName = name,
            Email = email,
            Username = username,
            Person = person,
        });

    /// <summary>Pages written before the window: reused now, edited long ago (stale content).</summary>
    private void CreateLegacyPages()
    {
        var veterans = _staff.Where(s => s.Employee.HireDate < _start.AddYears(-2)).ToArray();
        var count = Math.Max(10, _staff.Count / 4);
        for (var i = 0; i < count && veterans.Length > 0; i++)
        {
            var author = PickWeighted(veterans);
            var department = author.DepartmentOn(_start) ?? author.Spans[0].Department;
            var created = _start.AddDays(-_random.Next(400, 1500));
            var lastEdit = _random.NextDouble() < 0.6 ? created.AddDays(_random.Next(0, 200)) : created;
            var item = NewItem(_wiki, "page", Title(department), author.Wiki, At(created), department);
            item.LastEditedAt = At(lastEdit);
            item.Popularity = 0.5 + _random.NextDouble() * 1.5;
            _legacy.Add((item, department));
        }
    }

    private readonly List<(DemoItem Item, Department Department)> _legacy = [];

    private void SimulateMonth(DateOnly month)
    {
        var monthEnd = month.AddMonths(1).AddDays(-1);
        var active = _staff.Where(s => s.Employee.IsEmployedOn(month) || s.Employee.IsEmployedOn(monthEnd)).ToArray();

        foreach (var member in active)
        {
            // Contributions: pages, edits and doc commits, driven by the person's propensity.
            var pages = Poisson(0.9 * member.Propensity);
            for (var i = 0; i < pages; i++)
                WritePage(member, month, monthEnd);
            var edits = Poisson(0.9 * member.Propensity);
            for (var i = 0; i < edits; i++)
                EditPage(member, month, monthEnd);
            var commits = Poisson(0.35 * member.Propensity);
            for (var i = 0; i < commits; i++)
                CommitDoc(member, month, monthEnd);

            // Asking is spread evenly: everyone has questions.
            var questions = Poisson(0.3);
            for (var i = 0; i < questions; i++)
                AskQuestion(member, month, monthEnd, active);

            // Learning.
            var courses = Poisson(0.35);
            for (var i = 0; i < courses; i++)
                Learn(member, month, monthEnd);
        }

        // Sessions and debriefs: presented by experts, attended by colleagues.
        var sessions = Math.Max(1, active.Length / 40);
        for (var i = 0; i < sessions; i++)
            Present(PickWeighted(active), month, monthEnd, active);

        // Mentoring: a few experienced people mentor every month.
        foreach (var mentor in active.Where(s => s.Employee.HireDate < _start.AddYears(-3) && s.Propensity > 1.5))
        {
            if (_random.NextDouble() < 0.7)
                Mentor(mentor, month, monthEnd);
        }

        // Outside contributors and the bot write too; their work is excluded from group figures.
        foreach (var account in _unlinked)
        {
            if (_random.NextDouble() < 0.5)
            {
                var day = RandomDay(month, monthEnd);
                var department = _departmentsByCode["ENG-PLT-INF"];
                var item = NewItem(_wiki, "page", Title(department), account, At(day), department);
                AddActivity(_wiki, ActivityType.Authored, account, item, At(day));
            }
        }

        for (var i = 0; i < 4; i++)
        {
            var day = RandomDay(month, monthEnd);
            var item = NewItem(_git, "file", $"docs/generated/api-{month:yyyy-MM}-{i}.md", _botAccount, At(day), _departmentsByCode["ENG-PLT-DX"]);
            AddActivity(_git, ActivityType.Authored, _botAccount, item, At(day));
        }

        // Stale pages keep being read.
        foreach (var (item, department) in _legacy)
            Reuse(item, department, RandomDay(month, monthEnd), monthEnd, item.Popularity * 0.8, allowLinks: false);
    }

    private void WritePage(Staff author, DateOnly month, DateOnly monthEnd)
    {
        var day = EmployedDay(author, month, monthEnd);
        if (day is null) return;
        var department = author.DepartmentOn(day.Value)!;
        var item = NewItem(_wiki, "page", Title(department), author.Wiki, At(day.Value), department);
        item.Popularity = 0.4 + 0.6 * Math.Min(3, Math.Sqrt(author.Propensity));
        AddActivity(_wiki, ActivityType.Authored, author.Wiki, item, At(day.Value));
        Reuse(item, department, day.Value, _end, item.Popularity, allowLinks: true);
    }

    private void EditPage(Staff editor, DateOnly month, DateOnly monthEnd)
    {
        var day = EmployedDay(editor, month, monthEnd);
        if (day is null) return;
        var department = editor.DepartmentOn(day.Value)!;
        var candidates = _pagesByDepartment.TryGetValue(department, out var pages) ? pages : null;
        if (candidates is null || candidates.Count == 0) return;
        var item = candidates[_random.Next(Math.Max(0, candidates.Count - 60), candidates.Count)];
        var at = At(day.Value);
        if (item.CreatedAt >= at) return;
        item.LastEditedAt = at;
        AddActivity(_wiki, ActivityType.Edited, editor.Wiki, item, at);
    }

    private void CommitDoc(Staff author, DateOnly month, DateOnly monthEnd)
    {
        var day = EmployedDay(author, month, monthEnd);
        if (day is null) return;
        var department = author.DepartmentOn(day.Value)!;
        var topic = Pick(_topicsByCode[department.Code]);
        var path = $"docs/{department.Code.ToLowerInvariant()}/{topic}.md";
        var at = At(day.Value);
        if (_files.TryGetValue(path, out var file))
        {
            if (file.CreatedAt >= at) return;
            file.LastEditedAt = at;
            AddActivity(_git, ActivityType.Edited, author.Git, file, at);
            return;
        }

        file = NewItem(_git, "file", path, author.Git, at, department);
        _files[path] = file;
        AddActivity(_git, ActivityType.Authored, author.Git, file, at);
        Reuse(file, department, day.Value, _end, 0.6, allowLinks: true);
    }

    private readonly Dictionary<string, DemoItem> _files = new(StringComparer.Ordinal);

    private void AskQuestion(Staff asker, DateOnly month, DateOnly monthEnd, Staff[] active)
    {
        var day = EmployedDay(asker, month, monthEnd);
        if (day is null) return;
        var department = asker.DepartmentOn(day.Value)!;
        var askedAt = At(day.Value);
        var topic = Pick(_topicsByCode[department.Code]);
        var question = NewItem(_qa, "question", string.Format(CultureInfo.InvariantCulture, Pick(DemoCatalog.QuestionPatterns), topic), asker.Qa, askedAt, department);
        AddActivity(_qa, ActivityType.Asked, asker.Qa, question, askedAt);

        // A few questions are closed as duplicates of an older one, credited to its author.
        if (_questions.Count > 20 && _random.NextDouble() < 0.04)
        {
            var original = _questions[_random.Next(_questions.Count)];
            if (original.Author != asker.Qa)
                AddActivity(_qa, ActivityType.Duplicate, asker.Qa, original, askedAt.AddHours(2));
        }

        _questions.Add(question);
        var silo = department.Code == DemoCatalog.SiloDepartment;
        var unansweredChance = silo ? 0.35 : 0.18;
        if (_random.NextDouble() < unansweredChance) return;

        var answers = 1 + (_random.NextDouble() < 0.35 ? 1 : 0) + (_random.NextDouble() < 0.1 ? 1 : 0);
        var answerAt = askedAt;
        DemoItem? first = null;
        for (var i = 0; i < answers; i++)
        {
            answerAt = answerAt.AddHours(1 + (-Math.Log(1 - _random.NextDouble()) * 20));
            if (DateOnly.FromDateTime(answerAt) > _end) break;
            var answerer = PickAnswerer(asker, department, DateOnly.FromDateTime(answerAt), active, silo);
            if (answerer is null) continue;
            var answerDepartment = answerer.DepartmentOn(DateOnly.FromDateTime(answerAt))!;
            var answer = NewItem(_qa, "answer", $"Re: {question.Title}", answerer.Qa, answerAt, answerDepartment, question);
            AddActivity(_qa, ActivityType.Answered, answerer.Qa, answer, answerAt);
            first ??= answer;
            var upvotes = Poisson(0.8 * Math.Min(3, Math.Sqrt(answerer.Propensity)));
            for (var v = 0; v < upvotes; v++)
            {
                var voter = PickReuser(answerDepartment, DateOnly.FromDateTime(answerAt), active);
                if (voter is not null && voter.Qa != answer.Author)
                    AddActivity(_qa, ActivityType.Upvoted, voter.Qa, answer, answerAt.AddHours(_random.Next(1, 72)));
            }
        }

        if (first is not null && _random.NextDouble() < 0.55)
            AddActivity(_qa, ActivityType.Accepted, asker.Qa, first, first.CreatedAt.AddHours(_random.Next(1, 48)));

        if (first is not null && _random.NextDouble() < 0.4)
        {
            var commenter = PickReuser(department, day.Value, active);
            if (commenter is not null)
                AddActivity(_qa, ActivityType.Commented, commenter.Qa, question, first.CreatedAt.AddHours(1));
        }
    }

    private readonly List<DemoItem> _questions = [];

    private Staff? PickAnswerer(Staff asker, Department department, DateOnly day, Staff[] active, bool silo)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var candidate = PickWeighted(active);
            if (candidate == asker) continue;
            var candidateDepartment = candidate.DepartmentOn(day);
            if (candidateDepartment is null) continue;
            var same = candidateDepartment == department;
            if (silo && !same) continue;
            if (!silo && candidateDepartment.Code == DemoCatalog.SiloDepartment) continue;
            if (same || _random.NextDouble() < CrossTeamReuseProbability * 1.5)
                return candidate;
        }

        return null;
    }

    private void Learn(Staff learner, DateOnly month, DateOnly monthEnd)
    {
        var day = EmployedDay(learner, month, monthEnd);
        if (day is null) return;
        var course = Pick(DemoCatalog.Courses);
        if (!_courses.TryGetValue(course, out var item))
        {
            item = NewItem(_lms, "course", course, null, At(_start.AddDays(-30)), null);
            _courses[course] = item;
        }

        AddActivity(_lms, ActivityType.Completed, learner.Lms, item, At(day.Value));
    }

    private readonly Dictionary<string, DemoItem> _courses = new(StringComparer.Ordinal);

    private void Present(Staff presenter, DateOnly month, DateOnly monthEnd, Staff[] active)
    {
        var day = EmployedDay(presenter, month, monthEnd);
        if (day is null) return;
        var department = presenter.DepartmentOn(day.Value)!;
        var at = At(day.Value);
        var session = NewItem(_lms, "session", $"Brown bag: {Title(department)}", presenter.Lms, at, department);
        AddActivity(_lms, ActivityType.Presented, presenter.Lms, session, at);
        var audience = 5 + _random.Next(20);
        var seen = new HashSet<Staff>();
        for (var i = 0; i < audience; i++)
        {
            var attendee = PickReuser(department, day.Value, active);
            if (attendee is null || attendee == presenter || !seen.Add(attendee)) continue;
            AddActivity(_lms, ActivityType.Attended, attendee.Lms, session, at.AddMinutes(1));
        }
    }

    private void Mentor(Staff mentor, DateOnly month, DateOnly monthEnd)
    {
        var day = EmployedDay(mentor, month, monthEnd);
        if (day is null) return;
        var at = At(day.Value);
        var session = NewItem(_mentoring, "mentoring-session", $"Mentoring session {month:yyyy-MM}", mentor.Mentoring, at, mentor.DepartmentOn(day.Value));
        AddActivity(_mentoring, ActivityType.Mentored, mentor.Mentoring, session, at, quantity: _random.NextDouble() < 0.5 ? 1 : 1.5);
    }

    /// <summary>Views, links and upvotes of a new item over the following weeks, by colleagues and some other teams.</summary>
    private void Reuse(DemoItem item, Department authorDepartment, DateOnly from, DateOnly until, double popularity, bool allowLinks)
    {
        var views = Poisson(2.2 * popularity);
        for (var i = 0; i < views; i++)
        {
            var day = from.AddDays((int)Math.Min(90, -Math.Log(1 - _random.NextDouble()) * 14));
            if (day > until || day > _end) continue;
            var viewer = PickReuser(authorDepartment, day, _staff);
            if (viewer is null) continue;
            var account = AccountIn(viewer, item.Source);
            // Once per viewer, item and day; the author reading their own page is recorded (and never counted).
            if (!_views.Add((viewer.Index, item.Index, day))) continue;
            var at = At(day);
            if (at <= item.CreatedAt) continue;
            AddActivity(item.Source, ActivityType.Viewed, account, item, at);
        }

        if (allowLinks && _random.NextDouble() < 0.12 * popularity)
        {
            var day = from.AddDays(_random.Next(1, 60));
            if (day > _end) return;
            var linker = PickReuser(authorDepartment, day, _staff);
            if (linker is null) return;
            var account = AccountIn(linker, item.Source);
            if (account == item.Author) return;
            AddActivity(item.Source, ActivityType.Linked, account, item, At(day));
        }
    }

    private Staff? PickReuser(Department authorDepartment, DateOnly day, IReadOnlyList<Staff> pool)
    {
        var silo = authorDepartment.Code == DemoCatalog.SiloDepartment;
        var crossTeam = !silo && _random.NextDouble() < CrossTeamReuseProbability;
        for (var attempt = 0; attempt < 12; attempt++)
        {
            var candidate = pool[_random.Next(pool.Count)];
            var department = candidate.DepartmentOn(day);
            if (department is null) continue;
            var same = department == authorDepartment;
            if (crossTeam == same) continue;
            if (crossTeam && department.Code == DemoCatalog.SiloDepartment) continue;
            return candidate;
        }

        return null;
    }

    private static SourceAccount AccountIn(Staff staff, SourceSystem source) =>
        source.Name switch
        {
            "wiki" => staff.Wiki,
            "qa" => staff.Qa,
            "docs-git" => staff.Git,
            "lms" => staff.Lms,
            _ => staff.Mentoring,
        };

    private readonly Dictionary<Department, List<DemoItem>> _pagesByDepartment = [];

    private DemoItem NewItem(SourceSystem source, string kind, string title, SourceAccount? author, DateTime createdAt, Department? department, DemoItem? parent = null)
    {
        var number = NextNumber(source);
        var item = new DemoItem
        {
            Index = _data.Items.Count,
            Source = source,
            ExternalId = $"{kind}-{number}",
            Title = title,
            Url = $"https://{source.Name}.{Domain}/{kind}/{number}",
            Kind = kind,
            Author = author,
            CreatedAt = createdAt,
            LastEditedAt = createdAt,
            // An answer takes its question's topics, as in Stack Exchange.
            Topics = parent is not null || department is null ? null : TopicsOf(title, department, number),
            Parent = parent,
        };
        _data.Items.Add(item);
        if (kind == "page" && department is not null)
        {
            if (!_pagesByDepartment.TryGetValue(department, out var list))
                _pagesByDepartment[department] = list = [];
            list.Add(item);
        }

        return item;
    }

    /// <summary>
    /// The team topic the title is about (the one its pattern was filled with), in one of the spellings sources use,
    /// and for some items a tag of the long tail. Derived from the item's number, so no random draw changes.
    /// </summary>
    private string TopicsOf(string title, Department department, int number)
    {
        var topics = _topicsByCode[department.Code];
        var topic = topics.Where(t => title.Contains(t, StringComparison.Ordinal)).OrderByDescending(t => t.Length).FirstOrDefault() ?? topics[0];
        var spelled = (number % 7) switch
        {
            1 => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(topic),
            2 => topic.Replace('-', '_') + "s",
            _ => topic,
        };
        if (TopicNames.Normalise(spelled) != TopicNames.Normalise(topic))
            spelled = topic;
        var u = (uint)(number * 2654435761u) % 10_007 / 10_007d;
        if (u >= 0.45)
            return spelled;
        // Cubing a uniform draw crowds the first tags: a head of popular tags and a long tail of rare ones.
        var tail = DemoCatalog.LongTailTopics[(int)(DemoCatalog.LongTailTopics.Length * Math.Pow(u / 0.45, 3))];
        return spelled + "|" + tail;
    }

    private void AddActivity(SourceSystem source, ActivityType type, SourceAccount? actor, DemoItem? item, DateTime occurredAt, double quantity = 1)
    {
        if (DateOnly.FromDateTime(occurredAt) > _end || DateOnly.FromDateTime(occurredAt) < _start)
            return;
        _data.Activities.Add(new DemoActivity(source, $"{type.Code()}-{NextNumber(source)}", type, actor, item, occurredAt, quantity));
    }

    private int NextNumber(SourceSystem source)
    {
        _eventCounters.TryGetValue(source, out var n);
        _eventCounters[source] = ++n;
        return n;
    }

    private DateOnly? EmployedDay(Staff staff, DateOnly month, DateOnly monthEnd)
    {
        for (var attempt = 0; attempt < 6; attempt++)
        {
            var day = RandomDay(month, monthEnd);
            if (staff.DepartmentOn(day) is not null)
                return day;
        }

        return null;
    }

    private string Title(Department department) =>
        string.Format(CultureInfo.InvariantCulture, Pick(DemoCatalog.TitlePatterns), Pick(_topicsByCode[department.Code]));

    /// <summary>A working-hours instant on the day, in UTC.</summary>
    private DateTime At(DateOnly day) =>
        day.ToDateTime(new TimeOnly(8, 0), DateTimeKind.Utc).AddSeconds(_random.Next(0, 10 * 3600));

    private DateOnly RandomDay(DateOnly from, DateOnly to) =>
        to <= from ? from : from.AddDays(_random.Next(0, to.DayNumber - from.DayNumber + 1));

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private T Pick<T>(T[] values) => values[_random.Next(values.Length)];

    private Staff PickWeighted(IReadOnlyList<Staff> pool)
    {
        var total = 0.0;
        foreach (var s in pool) total += s.Propensity;
        var target = _random.NextDouble() * total;
        foreach (var s in pool)
        {
            target -= s.Propensity;
            if (target <= 0) return s;
        }

        return pool[^1];
    }

    private int Poisson(double lambda)
    {
        if (lambda <= 0) return 0;
        if (lambda > 30) return Math.Max(0, (int)Math.Round(lambda + Math.Sqrt(lambda) * NextGaussian()));
        var limit = Math.Exp(-lambda);
        var k = 0;
        var p = _random.NextDouble();
        while (p > limit)
        {
            k++;
            p *= _random.NextDouble();
        }

        return k;
    }

    private double NextGaussian()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
