using Analytics.Domain.Aggregation;
using Analytics.Domain.Auditing;
using Analytics.Domain.Persistence;
using Analytics.Domain.People;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Ingestion.Identity;

/// <summary>A pending or decided suggestion, as the command line and pages list it.</summary>
public sealed record SuggestionView(
    int Id, int PersonId, string PersonName, int EmployeeId, string EmployeeNumber, string EmployeeName, string Reason, double Score, SuggestionStatus Status);

/// <summary>A pending or decided suggestion that two persons are one human.</summary>
public sealed record MatchView(int Id, int PersonId, string PersonName, int OtherPersonId, string OtherPersonName, string Reason, double Score, SuggestionStatus Status);

/// <summary>
/// Accounts → persons → employees. E-mail and alias matches link by themselves (on account creation and
/// after an HR import); name and username matches only become suggestions HR decides on. Every change of
/// who-is-who marks the days of the affected activities dirty, in the same transaction, so that metrics
/// already computed are recomputed.
/// </summary>
public sealed class IdentityResolver(AnalyticsDbContext db, TimeProvider clock)
{
    private const double SameName = 0.9;
    private const double SameNameOtherOrder = 0.8;
    private const double UsernameMatchesEmail = 0.7;
    private const double SimilarName = 0.5;
    private const double SamePersonName = 0.85;
    private const double SameLocalPart = 0.75;

    // Local parts shared by unrelated people: never evidence of one human.
    private static readonly HashSet<string> GenericLocalParts = new(StringComparer.Ordinal)
    {
        "admin", "info", "noreply", "no-reply", "root", "support", "team", "dev", "test", "user", "git", "mail", "contact", "hello",
    };

    /// <summary>Links every unlinked, non-bot person whose accounts carry an employee's e-mail or alias.</summary>
    public async Task<int> LinkByEmailAsync(CancellationToken ct)
    {
        var candidates = await db.SourceAccounts
            .Where(a => a.Email != null && a.Person!.EmployeeId == null && !a.Person.IsBot)
            .Select(a => new { a.PersonId, Email = a.Email! })
            .ToListAsync(ct);
        if (candidates.Count == 0)
            return 0;

        var employeeByEmail = await EmployeeDirectory.FindByEmailAsync(db, candidates.Select(c => c.Email), ct);
        var links = candidates.Where(c => employeeByEmail.ContainsKey(c.Email))
            .GroupBy(c => c.PersonId)
            .Select(g => (PersonId: g.Key, EmployeeId: employeeByEmail[g.First().Email]))
            .ToList();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var (personId, employeeId) in links)
            await LinkAsync(personId, employeeId, ct);
        await AuditAsync("system", "identity.linked-by-email", null, $"{links.Count} persons linked by e-mail", ct);
        await transaction.CommitAsync(ct);
        return links.Count;
    }

    /// <summary>Suggests employees for the given persons (name, word order, username, similar name).</summary>
    public async Task<int> SuggestForAsync(IReadOnlyCollection<int> personIds, CancellationToken ct)
    {
        if (personIds.Count == 0)
            return 0;

        var employees = await db.Employees.AsNoTracking().Select(e => new { e.Id, e.DisplayName, e.Email }).ToListAsync(ct);
        if (employees.Count == 0)
            return 0;

        var byName = employees.ToLookup(e => NameMatching.Normalise(e.DisplayName), e => e.Id, StringComparer.Ordinal);
        var bySortedName = employees.ToLookup(e => NameMatching.SortedWords(NameMatching.Normalise(e.DisplayName)), e => e.Id, StringComparer.Ordinal);
        var byLocalPart = employees.ToLookup(e => e.Email.Split('@')[0], e => e.Id, StringComparer.Ordinal);
        var byWord = employees
            .SelectMany(e => NameMatching.Normalise(e.DisplayName).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => (Word: w, e.Id, Name: NameMatching.Normalise(e.DisplayName))))
            .ToLookup(x => x.Word, x => (x.Id, x.Name), StringComparer.Ordinal);

        var created = 0;
        foreach (var chunk in personIds.Distinct().Chunk(500))
        {
            var persons = await db.Persons.AsNoTracking()
                .Where(p => chunk.Contains(p.Id) && p.EmployeeId == null && !p.IsBot)
                .Select(p => new { p.Id, p.DisplayName, Accounts = p.Accounts.Select(a => new { a.DisplayName, a.Username, a.ExternalId }).ToList() })
                .ToListAsync(ct);
            var known = (await db.IdentitySuggestions.Where(s => chunk.Contains(s.PersonId)).Select(s => new { s.PersonId, s.EmployeeId }).ToListAsync(ct))
                .Select(s => (s.PersonId, s.EmployeeId)).ToHashSet();

            foreach (var person in persons)
            {
                var found = new Dictionary<int, (double Score, string Reason)>();
                void Offer(int employeeId, double score, string reason)
                {
                    if (!found.TryGetValue(employeeId, out var existing) || existing.Score < score)
                        found[employeeId] = (score, reason);
                }

                var names = person.Accounts.Select(a => a.DisplayName).Append(person.DisplayName)
                    .Select(NameMatching.Normalise).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
                foreach (var name in names)
                {
                    foreach (var id in byName[name])
                        Offer(id, SameName, $"same display name \"{name}\"");
                    foreach (var id in bySortedName[NameMatching.SortedWords(name)])
                        Offer(id, SameNameOtherOrder, $"same name in another word order \"{name}\"");
                    if (name.Length < 6)
                        continue;
                    foreach (var (id, employeeName) in name.Split(' ').SelectMany(w => byWord[w]).Distinct())
                    {
                        if (employeeName != name && NameMatching.Distance(name, employeeName) <= 2)
                            Offer(id, SimilarName, $"similar display name \"{name}\" ~ \"{employeeName}\"");
                    }
                }

                var usernames = person.Accounts.SelectMany(a => new[] { a.Username, a.ExternalId })
                    .Where(u => !string.IsNullOrWhiteSpace(u) && !EmailAddress.LooksLikeEmail(u))
                    .Select(u => u!.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal);
                foreach (var username in usernames)
                {
                    foreach (var id in byLocalPart[username])
                        Offer(id, UsernameMatchesEmail, $"username \"{username}\" matches an e-mail address");
                }

                foreach (var (employeeId, (score, reason)) in found)
                {
                    if (!known.Add((person.Id, employeeId)))
                        continue;
                    db.IdentitySuggestions.Add(new IdentitySuggestion
                    {
                        PersonId = person.Id,
                        EmployeeId = employeeId,
                        Reason = reason.Length <= 400 ? reason : reason[..400],
                        Score = score,
                        Status = SuggestionStatus.Pending,
                        CreatedAt = clock.GetUtcNow(),
                    });
                    created++;
                }
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        return created;
    }

    /// <summary>Suggestions for every unlinked person (after an HR import brought new employees).</summary>
    public async Task<int> SuggestAllAsync(CancellationToken ct)
    {
        var ids = await db.Persons.Where(p => p.EmployeeId == null && !p.IsBot).Select(p => p.Id).ToListAsync(ct);
        return await SuggestForAsync(ids, ct);
    }

    public async Task<IReadOnlyList<SuggestionView>> ListAsync(SuggestionStatus? status, CancellationToken ct) =>
        await db.IdentitySuggestions.AsNoTracking()
            .Where(s => status == null || s.Status == status)
            .OrderByDescending(s => s.Score).ThenBy(s => s.Id)
            .Select(s => new SuggestionView(s.Id, s.PersonId, s.Person!.DisplayName, s.EmployeeId, s.Employee!.EmployeeNumber,
                s.Employee.DisplayName, s.Reason, s.Score, s.Status))
            .ToListAsync(ct);

    /// <summary>
    /// Suggests merging persons that look like one human (ADR 2203): accounts of different sources or e-mails with the
    /// same normalised display name, or e-mail addresses with the same local part at different domains. Persons linked
    /// to two different employees are two humans; bots are never suggested; a pair is suggested once (a rejected pair
    /// stays rejected). Reads every account once: O(accounts).
    /// </summary>
    public async Task<int> SuggestMatchesAsync(CancellationToken ct)
    {
        var accounts = await db.SourceAccounts.AsNoTracking().Where(a => !a.IsBot && !a.Person!.IsBot)
            .Select(a => new { a.Id, a.PersonId, a.Person!.EmployeeId, a.DisplayName, a.Email, a.ExternalId, Source = a.SourceSystem!.Name })
            .ToListAsync(ct);
        var known = (await db.PersonMatchSuggestions.AsNoTracking().Select(m => new { m.PersonId, m.OtherPersonId }).ToListAsync(ct))
            .Select(m => (m.PersonId, m.OtherPersonId)).ToHashSet();
        var employeeOf = accounts.GroupBy(a => a.PersonId).ToDictionary(g => g.Key, g => g.First().EmployeeId);
        var found = new Dictionary<(int, int), (double Score, string Reason)>();
        void Offer<T>(IEnumerable<IGrouping<string, T>> groups, Func<T, int> person, Func<T, string> describe, Func<T, T, bool> evidence, double score, string what)
        {
            foreach (var group in groups)
            {
                var byPerson = group.GroupBy(person).Select(g => g.First()).OrderBy(person).ToList();
                if (byPerson.Count < 2 || byPerson.Count > 5)
                    continue; // more than five persons with one name is a common name, not evidence
                for (var i = 0; i < byPerson.Count; i++)
                {
                    for (var j = i + 1; j < byPerson.Count; j++)
                    {
                        var (a, b) = (person(byPerson[i]), person(byPerson[j]));
                        if (employeeOf[a] is { } ea && employeeOf[b] is { } eb && ea != eb)
                            continue;
                        if (!evidence(byPerson[i], byPerson[j]) || known.Contains((a, b)) || (found.TryGetValue((a, b), out var f) && f.Score >= score))
                            continue;
                        found[(a, b)] = (score, $"{what} \"{group.Key}\": {describe(byPerson[i])} and {describe(byPerson[j])}");
                    }
                }
            }
        }

        string Describe(string source, string id, string? name) => $"{source} account {id}" + (name is null ? "" : $" ({name})");
        Offer(accounts.Where(a => NameMatching.Normalise(a.DisplayName).Length >= 3).GroupBy(a => NameMatching.Normalise(a.DisplayName), StringComparer.Ordinal),
            a => a.PersonId, a => Describe(a.Source, a.ExternalId, a.DisplayName),
            // Two user ids of one system with one display name are two users (Stack Exchange names are not unique): a
            // name is evidence across sources, or between two e-mail addresses (one Git author on two addresses).
            (x, y) => x.Source != y.Source || (x.Email is not null && y.Email is not null), SamePersonName, "same display name");
        Offer(accounts.Where(a => a.Email is not null && LocalPart(a.Email).Length >= 3 && !GenericLocalParts.Contains(LocalPart(a.Email)))
                .GroupBy(a => LocalPart(a.Email!), StringComparer.Ordinal),
            a => a.PersonId, a => Describe(a.Source, a.Email!, a.DisplayName), (_, _) => true, SameLocalPart, "same e-mail local part");

        foreach (var ((personId, otherId), (score, reason)) in found)
        {
            db.PersonMatchSuggestions.Add(new PersonMatchSuggestion
            {
                PersonId = personId,
                OtherPersonId = otherId,
                Reason = reason.Length <= 400 ? reason : reason[..400],
                Score = score,
                Status = SuggestionStatus.Pending,
                CreatedAt = clock.GetUtcNow(),
            });
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return found.Count;
    }

    private static string LocalPart(string email) => email.Split('@')[0].Split('+')[0];

    public async Task<IReadOnlyList<MatchView>> ListMatchesAsync(SuggestionStatus? status, CancellationToken ct) =>
        await db.PersonMatchSuggestions.AsNoTracking()
            .Where(s => status == null || s.Status == status)
            .OrderByDescending(s => s.Score).ThenBy(s => s.Id)
            .Select(s => new MatchView(s.Id, s.PersonId, s.Person!.DisplayName, s.OtherPersonId, s.OtherPerson!.DisplayName, s.Reason, s.Score, s.Status))
            .ToListAsync(ct);

    /// <summary>
    /// Merges the two persons of a match suggestion: the one linked to an employee remains (else the older one); the
    /// name follows the most recent activity. Pending suggestions naming the emptied person are superseded.
    /// </summary>
    public async Task<int> AcceptMatchAsync(int suggestionId, string decidedBy, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var suggestion = await PendingMatchAsync(suggestionId, ct);
        suggestion.Status = SuggestionStatus.Accepted;
        suggestion.DecidedBy = decidedBy;
        suggestion.DecidedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);

        var otherLinked = await db.Persons.AnyAsync(p => p.Id == suggestion.OtherPersonId && p.EmployeeId != null, ct);
        var (target, emptied) = otherLinked ? (suggestion.OtherPersonId, suggestion.PersonId) : (suggestion.PersonId, suggestion.OtherPersonId);
        await MergeCoreAsync(target, emptied, ct);
        await db.PersonMatchSuggestions
            .Where(s => s.Id != suggestionId && s.Status == SuggestionStatus.Pending && (s.PersonId == emptied || s.OtherPersonId == emptied))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SuggestionStatus.Rejected)
                .SetProperty(x => x.DecidedBy, $"superseded by match {suggestionId}")
                .SetProperty(x => x.DecidedAt, clock.GetUtcNow()), ct);
        await AuditAsync(decidedBy, "identity.match-accepted", $"PersonMatchSuggestion:{suggestionId}", $"Person {emptied} merged into {target}", ct);
        await transaction.CommitAsync(ct);
        return target;
    }

    public async Task RejectMatchAsync(int suggestionId, string decidedBy, CancellationToken ct)
    {
        var suggestion = await PendingMatchAsync(suggestionId, ct);
        suggestion.Status = SuggestionStatus.Rejected;
        suggestion.DecidedBy = decidedBy;
        suggestion.DecidedAt = clock.GetUtcNow();
        db.AuditEntries.Add(NewAudit(decidedBy, "identity.match-rejected", $"PersonMatchSuggestion:{suggestionId}", null));
        await db.SaveChangesAsync(ct);
    }

    private async Task<PersonMatchSuggestion> PendingMatchAsync(int suggestionId, CancellationToken ct)
    {
        var suggestion = await db.PersonMatchSuggestions.SingleOrDefaultAsync(s => s.Id == suggestionId, ct)
            ?? throw new InvalidOperationException($"There is no person match suggestion {suggestionId}.");
        return suggestion.Status == SuggestionStatus.Pending
            ? suggestion
            : throw new InvalidOperationException($"Match suggestion {suggestionId} was already {suggestion.Status.ToString().ToLowerInvariant()}.");
    }

    /// <summary>Links the suggested person to the employee (merging into the employee's person if there is one).</summary>
    public async Task AcceptAsync(int suggestionId, string decidedBy, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var suggestion = await PendingAsync(suggestionId, ct);
        suggestion.Status = SuggestionStatus.Accepted;
        suggestion.DecidedBy = decidedBy;
        suggestion.DecidedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);

        await LinkAsync(suggestion.PersonId, suggestion.EmployeeId, ct);

        // A person is one employee: the other open suggestions for it are answered by this decision.
        await db.IdentitySuggestions
            .Where(s => s.PersonId == suggestion.PersonId && s.Status == SuggestionStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SuggestionStatus.Rejected)
                .SetProperty(x => x.DecidedBy, $"superseded by suggestion {suggestionId}")
                .SetProperty(x => x.DecidedAt, clock.GetUtcNow()), ct);
        await AuditAsync(decidedBy, "identity.suggestion-accepted", $"IdentitySuggestion:{suggestionId}",
            $"Person {suggestion.PersonId} is employee {suggestion.EmployeeId}", ct);
        await transaction.CommitAsync(ct);
    }

    public async Task RejectAsync(int suggestionId, string decidedBy, CancellationToken ct)
    {
        var suggestion = await PendingAsync(suggestionId, ct);
        suggestion.Status = SuggestionStatus.Rejected;
        suggestion.DecidedBy = decidedBy;
        suggestion.DecidedAt = clock.GetUtcNow();
        db.AuditEntries.Add(NewAudit(decidedBy, "identity.suggestion-rejected", $"IdentitySuggestion:{suggestionId}", null));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Moves every account of <paramref name="otherPersonId"/> to <paramref name="targetPersonId"/>.</summary>
    public async Task MergeAsync(int targetPersonId, int otherPersonId, string actor, CancellationToken ct)
    {
        if (targetPersonId == otherPersonId)
            throw new InvalidOperationException("A person cannot be merged into itself.");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await MergeCoreAsync(targetPersonId, otherPersonId, ct);
        await AuditAsync(actor, "identity.merged", $"Person:{targetPersonId}", $"Person {otherPersonId} merged into {targetPersonId}", ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Gives one account a person of its own again (undoing a wrong merge or link). Returns the new person's id.</summary>
    public async Task<int> SplitAsync(int accountId, string actor, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var account = await db.SourceAccounts.SingleOrDefaultAsync(a => a.Id == accountId, ct)
            ?? throw new InvalidOperationException($"There is no source account {accountId}.");
        var person = new Person
        {
            DisplayName = account.DisplayName ?? account.Username ?? account.Email ?? account.ExternalId,
            IsBot = account.IsBot,
            CreatedAt = clock.GetUtcNow(),
        };
        var oldPersonId = account.PersonId;
        account.Person = person;
        await db.SaveChangesAsync(ct);
        await MarkDaysAsync([accountId], ct);
        await AuditAsync(actor, "identity.split", $"SourceAccount:{accountId}", $"Moved from person {oldPersonId} to new person {person.Id}", ct);
        await transaction.CommitAsync(ct);
        return person.Id;
    }

    private async Task<IdentitySuggestion> PendingAsync(int suggestionId, CancellationToken ct)
    {
        var suggestion = await db.IdentitySuggestions.SingleOrDefaultAsync(s => s.Id == suggestionId, ct)
            ?? throw new InvalidOperationException($"There is no identity suggestion {suggestionId}.");
        return suggestion.Status == SuggestionStatus.Pending
            ? suggestion
            : throw new InvalidOperationException($"Suggestion {suggestionId} was already {suggestion.Status.ToString().ToLowerInvariant()}.");
    }

    private async Task LinkAsync(int personId, int employeeId, CancellationToken ct)
    {
        // An import creating this employee's person at the same moment waits for this decision, or this one for it.
        await EmployeeLocks.LockAsync(db, [employeeId], ct);
        var holder = await db.Persons.Where(p => p.EmployeeId == employeeId).Select(p => (int?)p.Id).SingleOrDefaultAsync(ct);
        if (holder is { } existing && existing != personId)
        {
            // The employee already has a person: this one is the same human, so its accounts move there.
            await MergeCoreAsync(existing, personId, ct);
            return;
        }

        var person = await db.Persons.SingleAsync(p => p.Id == personId, ct);
        person.EmployeeId = employeeId;
        await db.SaveChangesAsync(ct);
        await MarkDaysAsync(await db.SourceAccounts.Where(a => a.PersonId == personId).Select(a => a.Id).ToListAsync(ct), ct);
    }

    private async Task MergeCoreAsync(int targetPersonId, int otherPersonId, CancellationToken ct)
    {
        var target = await db.Persons.SingleOrDefaultAsync(p => p.Id == targetPersonId, ct)
            ?? throw new InvalidOperationException($"There is no person {targetPersonId}.");
        var other = await db.Persons.Include(p => p.Accounts).SingleOrDefaultAsync(p => p.Id == otherPersonId, ct)
            ?? throw new InvalidOperationException($"There is no person {otherPersonId}.");
        if (target.EmployeeId is not null && other.EmployeeId is not null && target.EmployeeId != other.EmployeeId)
            throw new InvalidOperationException($"Persons {targetPersonId} and {otherPersonId} are linked to different employees; split or unlink first.");

        if (target.EmployeeId is null && other.EmployeeId is { } employeeId)
        {
            // One person per employee is a unique index: free it before the target takes it.
            other.EmployeeId = null;
            await db.SaveChangesAsync(ct);
            target.EmployeeId = employeeId;
        }

        target.IsBot |= other.IsBot;
        var moved = other.Accounts.Select(a => a.Id).ToList();
        foreach (var account in other.Accounts)
            account.PersonId = targetPersonId;

        // The emptied person stays: frozen monthly snapshots may name it, and it owns no account any more.
        await db.SaveChangesAsync(ct);
        await MarkDaysAsync(moved, ct);
        await IdentityNames.FollowLatestAccountAsync(db, targetPersonId, ct);
    }

    /// <summary>Days of activities done by, or reusing items of, the given accounts.</summary>
    private async Task MarkDaysAsync(IReadOnlyCollection<int> accountIds, CancellationToken ct)
    {
        var days = new HashSet<DateOnly>();
        foreach (var chunk in accountIds.Chunk(500))
        {
            var dates = await db.Activities
                .Where(a => (a.ActorAccountId != null && chunk.Contains(a.ActorAccountId.Value))
                            || (a.Item != null && a.Item.AuthorAccountId != null && chunk.Contains(a.Item.AuthorAccountId.Value)))
                .Select(a => a.OccurredAt.Date)
                .Distinct()
                .ToListAsync(ct);
            days.UnionWith(dates.Select(DateOnly.FromDateTime));
        }

        await DirtyDays.MarkAsync(db, days, clock.GetUtcNow(), ct);
    }

    private async Task AuditAsync(string actor, string action, string? subject, string? details, CancellationToken ct)
    {
        db.AuditEntries.Add(NewAudit(actor, action, subject, details));
        await db.SaveChangesAsync(ct);
    }

    private AuditEntry NewAudit(string actor, string action, string? subject, string? details) =>
        new() { At = clock.GetUtcNow(), Actor = actor, Action = action, Subject = subject, Details = details };
}
