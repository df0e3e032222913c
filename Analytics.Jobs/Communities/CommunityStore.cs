using System.Globalization;
using Analytics.Domain.Auditing;
using Analytics.Domain.Communities;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Communities;

/// <summary>A change HR asked for that cannot be made: the message says why, in words for the form.</summary>
public sealed class CommunityRefusedException(string message) : Exception(message);

/// <summary>
/// Creates, renames and deletes communities and adds or removes their members. Every change is checked first
/// (<see cref="CommunityRules"/>) and written with its audit entry in one SaveChanges, so an audit entry never
/// describes a change that was not stored and no change goes unaudited.
/// </summary>
public sealed class CommunityStore(AnalyticsDbContext db, TimeProvider clock)
{
    public async Task<Community> CreateAsync(string? name, string actor, CancellationToken ct, int? sourceSystemId = null, string? value = null)
    {
        var clean = await FreeNameAsync(name, null, ct);
        if (sourceSystemId is null && !string.IsNullOrWhiteSpace(value))
            throw new CommunityRefusedException("Pick the source of the channel, space or tag.");
        var community = new Community { Name = clean, CreatedAt = clock.GetUtcNow(), CreatedBy = actor };
        if (sourceSystemId is { } source)
            community.Members.Add(await NewMemberAsync(source, value, ct));
        db.Communities.Add(community);
        var details = community.Members.Count == 0 ? null : Describe(community.Members[0], await SourceNameAsync(sourceSystemId!.Value, ct));
        await SaveWithAuditAsync(actor, "community.created", () => Subject(community.Id), $"\"{clean}\"" + (details is null ? "" : " with " + details), ct);
        return community;
    }

    public async Task RenameAsync(int communityId, string? name, string actor, CancellationToken ct)
    {
        var community = await FindAsync(communityId, ct);
        var clean = await FreeNameAsync(name, communityId, ct);
        if (clean == community.Name)
            return;
        var before = community.Name;
        community.Name = clean;
        await SaveWithAuditAsync(actor, "community.renamed", () => Subject(communityId), $"\"{before}\" to \"{clean}\"", ct);
    }

    public async Task AddMemberAsync(int communityId, int sourceSystemId, string? value, string actor, CancellationToken ct)
    {
        var community = await FindAsync(communityId, ct);
        var member = await NewMemberAsync(sourceSystemId, value, ct);
        if (await db.CommunityMembers.AnyAsync(m => m.CommunityId == communityId && m.SourceSystemId == sourceSystemId && m.MatchKey == member.MatchKey, ct))
            throw new CommunityRefusedException($"\"{member.Value}\" of that source is already in {community.Name}.");
        member.CommunityId = communityId;
        db.CommunityMembers.Add(member);
        await SaveWithAuditAsync(actor, "community.member-added", () => Subject(communityId),
            $"{Describe(member, await SourceNameAsync(sourceSystemId, ct))} to \"{community.Name}\"", ct);
    }

    public async Task RemoveMemberAsync(int communityId, int memberId, string actor, CancellationToken ct)
    {
        var community = await FindAsync(communityId, ct);
        var member = await db.CommunityMembers.Include(m => m.SourceSystem).SingleOrDefaultAsync(m => m.Id == memberId && m.CommunityId == communityId, ct)
            ?? throw new CommunityRefusedException($"{community.Name} has no member {memberId.ToString(CultureInfo.InvariantCulture)}.");
        db.CommunityMembers.Remove(member);
        await SaveWithAuditAsync(actor, "community.member-removed", () => Subject(communityId),
            $"{Describe(member, member.SourceSystem!.Name)} from \"{community.Name}\"", ct);
    }

    public async Task DeleteAsync(int communityId, string actor, CancellationToken ct)
    {
        var community = await db.Communities.Include(c => c.Members).ThenInclude(m => m.SourceSystem).SingleOrDefaultAsync(c => c.Id == communityId, ct)
            ?? throw new CommunityRefusedException(NoSuch(communityId));
        var members = string.Join(", ", community.Members.Select(m => Describe(m, m.SourceSystem!.Name)));
        db.Communities.Remove(community);
        await SaveWithAuditAsync(actor, "community.deleted", () => Subject(communityId),
            $"\"{community.Name}\"" + (members.Length == 0 ? "" : " with " + members), ct);
    }

    private async Task<Community> FindAsync(int communityId, CancellationToken ct) =>
        await db.Communities.SingleOrDefaultAsync(c => c.Id == communityId, ct) ?? throw new CommunityRefusedException(NoSuch(communityId));

    private static string NoSuch(int id) => $"There is no community {id.ToString(CultureInfo.InvariantCulture)}.";

    private async Task<string> FreeNameAsync(string? name, int? self, CancellationToken ct)
    {
        if (CommunityRules.NameError(name) is { } error)
            throw new CommunityRefusedException(error);
        var clean = name!.Trim();
        // Names compare ignoring case here: SQL Server's unique index is binary (ADR 1410) and would let "Guild" and "guild" both in.
        var names = await db.Communities.Where(c => c.Id != self).Select(c => c.Name).ToListAsync(ct);
        if (names.Any(n => string.Equals(n, clean, StringComparison.OrdinalIgnoreCase)))
            throw new CommunityRefusedException($"There is already a community named \"{clean}\".");
        return clean;
    }

    private async Task<CommunityMember> NewMemberAsync(int sourceSystemId, string? value, CancellationToken ct)
    {
        if (CommunityRules.ValueError(value) is { } error)
            throw new CommunityRefusedException(error);
        if (!await db.SourceSystems.AnyAsync(s => s.Id == sourceSystemId, ct))
            throw new CommunityRefusedException($"There is no source {sourceSystemId.ToString(CultureInfo.InvariantCulture)}.");
        var clean = value!.Trim();
        return new CommunityMember { SourceSystemId = sourceSystemId, Value = clean, MatchKey = CommunityMember.KeyOf(clean) };
    }

    private async Task<string> SourceNameAsync(int sourceSystemId, CancellationToken ct) =>
        await db.SourceSystems.Where(s => s.Id == sourceSystemId).Select(s => s.Name).SingleAsync(ct);

    private static string Describe(CommunityMember member, string source) => $"\"{member.Value}\" of {source}";

    private static string Subject(int id) => "Community:" + id.ToString(CultureInfo.InvariantCulture);

    // The subject of a new community is known only after its insert, so the entry is added after a first save, in the
    // same transaction.
    private async Task SaveWithAuditAsync(string actor, string action, Func<string> subject, string details, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DuplicateKey.Is(e))
        {
            // Another HR user stored the same name or member between our check and our insert.
            throw new CommunityRefusedException("That name or member was just added by someone else; reload the page.");
        }

        db.AuditEntries.Add(new AuditEntry { At = clock.GetUtcNow(), Actor = actor, Action = action, Subject = subject(), Details = Truncate(details) });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private static string Truncate(string text) => text.Length <= 4000 ? text : text[..3997] + "...";
}
