using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Domain.People;
using Analytics.Jobs.Ingestion.Identity;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Ingestion.Runner;

/// <summary>
/// Turns the accounts and items a batch names into database ids, creating the missing ones in the
/// batch's transaction. A new account gets a person at once (every account belongs to a person); if its
/// e-mail is an employee's, it joins that employee's person, so identity resolution needs no later pass.
/// Caches live for one run; a failed batch ends the run, so rolled-back ids are never reused.
/// </summary>
public sealed class SourceReferences(AnalyticsDbContext db, IActivityBulkWriter writer, int sourceSystemId, DateTimeOffset now)
{
    private readonly Dictionary<string, int> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _items = new(StringComparer.Ordinal);
    private readonly List<Person> _newPersons = [];
    private readonly Dictionary<int, (string? Name, DateTime? SeenAt, int PersonId)> _names = [];

    public List<int> CreatedPersonIds { get; } = [];

    /// <summary>Persons whose name changed because an account of theirs was renamed by a later activity.</summary>
    public HashSet<int> RenamedPersonIds { get; } = [];

    public int AccountId(AccountRef account) => _accounts[account.ExternalId];

    public long ItemId(ItemRef item) => item.StoredItemId ?? _items[item.ExternalId];

    public async Task ResolveAsync(IReadOnlyCollection<AccountRef> accounts, IReadOnlyCollection<ItemRef> items, CancellationToken ct)
    {
        // One pass that keeps only what the run's caches do not know yet: after the first batches of a
        // run nearly every reference is known, and this is all the work a batch does for them.
        var missingAccounts = new Dictionary<string, AccountRef>(StringComparer.Ordinal);
        var missingItems = new Dictionary<string, ItemRef>(StringComparer.Ordinal);
        foreach (var account in accounts)
            AddIfUnknown(missingAccounts, account);
        foreach (var item in items)
        {
            if (item.StoredItemId is not null)
                continue;
            if (!_items.ContainsKey(item.ExternalId))
                missingItems.TryAdd(item.ExternalId, item);
            if (item.Author is not null)
                AddIfUnknown(missingAccounts, item.Author);
        }

        if (missingAccounts.Count > 0)
            await ResolveAccountsAsync([.. missingAccounts.Values], ct);
        if (missingItems.Count > 0)
            await ResolveItemsAsync([.. missingItems.Values], ct);
    }

    /// <summary>
    /// Display names follow the most recent activity (ADR 2203): an account takes the name its latest activity carries
    /// when that activity is later than the one that gave it its current name (Git is read oldest first, so "_anna"
    /// becomes "Anna Damtsa" once a later commit says so, and a re-read of old commits does not undo it); an unlinked
    /// person takes the name of its account with the latest name. Call after <see cref="ResolveAsync"/>.
    /// </summary>
    public async Task FollowLatestNamesAsync(IReadOnlyDictionary<string, (string Name, DateTime At)> latest, CancellationToken ct)
    {
        // Every account of the batch went through ResolveAsync, which cached its stored name (or the one it was created with).
        var seen = latest.Select(kv => (Id: _accounts[kv.Key], kv.Value.Name, kv.Value.At)).ToList();
        var renamedPersons = new HashSet<int>();
        foreach (var (id, rawName, at) in seen)
        {
            var (current, seenAt, personId) = _names[id];
            if (seenAt is { } s && s >= at)
                continue;
            var name = Truncate(rawName, 200)!;
            _names[id] = (name, at, personId);
            // Only a new name or a first date is written: a later activity with the same name changes nothing stored.
            if (string.Equals(current, name, StringComparison.Ordinal) && seenAt is not null)
                continue;
            await db.SourceAccounts.Where(a => a.Id == id)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.DisplayName, name).SetProperty(a => a.DisplayNameSeenAt, at), ct);
            if (!string.Equals(current, name, StringComparison.Ordinal))
                renamedPersons.Add(personId);
        }

        foreach (var personId in renamedPersons)
        {
            if (await IdentityNames.FollowLatestAccountAsync(db, personId, ct))
                RenamedPersonIds.Add(personId);
        }
    }

    private void AddIfUnknown(Dictionary<string, AccountRef> missing, AccountRef account)
    {
        if (!_accounts.ContainsKey(account.ExternalId))
            missing.TryAdd(account.ExternalId, account);
    }

    /// <summary><paramref name="missing"/>: distinct by external id, none of them in the cache.</summary>
    private async Task ResolveAccountsAsync(List<AccountRef> missing, CancellationToken ct)
    {
        foreach (var chunk in missing.Select(a => a.ExternalId).Chunk(500))
        {
            var found = await db.SourceAccounts.Where(a => a.SourceSystemId == sourceSystemId && chunk.Contains(a.ExternalId))
                .Select(a => new { a.ExternalId, a.Id, a.DisplayName, a.DisplayNameSeenAt, a.PersonId }).ToListAsync(ct);
            foreach (var hit in found)
            {
                _accounts[hit.ExternalId] = hit.Id;
                _names[hit.Id] = (hit.DisplayName, hit.DisplayNameSeenAt, hit.PersonId);
            }
        }

        var toCreate = missing.Where(a => !_accounts.ContainsKey(a.ExternalId)).ToList();
        if (toCreate.Count == 0)
            return;

        var emails = toCreate.Select(a => EmailAddress.Normalise(a.Email)).OfType<string>().ToList();
        var employeeByEmail = await EmployeeDirectory.FindByEmailAsync(db, emails, ct);
        var employeeIds = employeeByEmail.Values.Distinct().ToList();
        // Held to the batch's commit: another import creating the person of one of these employees waits, then is read here.
        await EmployeeLocks.LockAsync(db, employeeIds, ct);
        var personByEmployee = await db.Persons.Where(p => p.EmployeeId != null && employeeIds.Contains(p.EmployeeId.Value))
            .ToDictionaryAsync(p => p.EmployeeId!.Value, ct);

        var created = new List<SourceAccount>(toCreate.Count);
        foreach (var account in toCreate)
        {
            var email = EmailAddress.Normalise(account.Email);
            var isBot = BotDetection.LooksLikeBot(account);
            Person? person = null;
            if (!isBot && email is not null && employeeByEmail.TryGetValue(email, out var employeeId))
            {
                if (!personByEmployee.TryGetValue(employeeId, out person))
                {
                    person = NewPerson(account, isBot: false);
                    person.EmployeeId = employeeId;
                    personByEmployee[employeeId] = person;
                }
            }

            person ??= NewPerson(account, isBot);
            var entity = new SourceAccount
            {
                SourceSystemId = sourceSystemId,
                ExternalId = account.ExternalId,
                DisplayName = Truncate(account.DisplayName, 200),
                Email = email,
                Username = Truncate(account.Username, 200),
                IsBot = isBot,
                Person = person,
            };
            created.Add(entity);
        }

        await writer.InsertAccountsAsync(db, created, ct);
        foreach (var entity in created)
        {
            _accounts[entity.ExternalId] = entity.Id;
            _names[entity.Id] = (entity.DisplayName, null, entity.Person?.Id ?? entity.PersonId);
        }
        CreatedPersonIds.AddRange(_newPersons.Select(p => p.Id));
        _newPersons.Clear();
    }

    private Person NewPerson(AccountRef account, bool isBot)
    {
        var person = new Person
        {
            DisplayName = Truncate(account.DisplayName ?? account.Username ?? EmailAddress.Normalise(account.Email) ?? account.ExternalId, 200)!,
            IsBot = isBot,
            CreatedAt = now,
        };
        _newPersons.Add(person);
        return person;
    }

    /// <summary><paramref name="missing"/>: distinct by external id, none of them in the cache.</summary>
    private async Task ResolveItemsAsync(List<ItemRef> missing, CancellationToken ct)
    {
        var parentKeys = missing.Select(i => i.ParentExternalId).OfType<string>().Where(k => !_items.ContainsKey(k));
        foreach (var chunk in missing.Select(i => i.ExternalId).Concat(parentKeys).Distinct(StringComparer.Ordinal).Chunk(500))
        {
            var found = await db.KnowledgeItems.Where(i => i.SourceSystemId == sourceSystemId && chunk.Contains(i.ExternalId))
                .Select(i => new { i.ExternalId, i.Id }).ToListAsync(ct);
            foreach (var hit in found)
                _items[hit.ExternalId] = hit.Id;
        }

        var created = new Dictionary<string, KnowledgeItem>(StringComparer.Ordinal);
        foreach (var item in missing.Where(i => !_items.ContainsKey(i.ExternalId)))
        {
            created[item.ExternalId] = new KnowledgeItem
            {
                SourceSystemId = sourceSystemId,
                ExternalId = item.ExternalId,
                Kind = item.Kind,
                Title = Truncate(item.Title, 500),
                Url = Truncate(item.Url, 2000),
                AuthorAccountId = item.Author is null ? null : _accounts[item.Author.ExternalId],
                CreatedAt = item.CreatedAt,
                Topics = Truncate(item.Topics, 1000),
            };
        }

        if (created.Count == 0)
            return;

        // A parent may be created in this same batch: link those by navigation, the others by id.
        foreach (var item in missing.Where(i => i.ParentExternalId is not null && created.ContainsKey(i.ExternalId)))
        {
            if (created.TryGetValue(item.ParentExternalId!, out var parent))
                created[item.ExternalId].Parent = parent;
            else if (_items.TryGetValue(item.ParentExternalId!, out var parentId))
                created[item.ExternalId].ParentItemId = parentId;
        }

        // Parents first: an item's parent id must exist when the item is inserted.
        var ordered = new List<KnowledgeItem>(created.Count);
        var placed = new HashSet<KnowledgeItem>(ReferenceEqualityComparer.Instance);
        while (ordered.Count < created.Count)
        {
            var before = ordered.Count;
            foreach (var entity in created.Values.Where(e => !placed.Contains(e) && (e.Parent is null || placed.Contains(e.Parent))))
            {
                ordered.Add(entity);
                placed.Add(entity);
            }

            if (ordered.Count == before)
                throw new InvalidDataException("Knowledge items name each other as parents in a cycle.");
        }

        await writer.InsertItemsAsync(db, ordered, ct);
        foreach (var (key, entity) in created)
            _items[key] = entity.Id;
    }

    private static string? Truncate(string? value, int length) =>
        value is null || value.Length <= length ? value : value[..length];
}
