using Analytics.Jobs.Communities;
using Analytics.Tests.Metrics.Support;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Communities;

public sealed class CommunityStoreTests
{
    [Fact]
    public async Task Every_change_is_stored_with_its_audit_entry()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var store = new CommunityStore(w.Db, w.Clock);
        var community = await store.CreateAsync("  Platform guild ", "hr@example.com", CancellationToken.None, w.Source.Id, "Kubernetes");
        await store.AddMemberAsync(community.Id, w.Source.Id, "terraform", "hr@example.com", CancellationToken.None);
        await store.RenameAsync(community.Id, "Platform", "hr@example.com", CancellationToken.None);
        var terraform = await w.Db.CommunityMembers.SingleAsync(m => m.MatchKey == "terraform");
        await store.RemoveMemberAsync(community.Id, terraform.Id, "hr@example.com", CancellationToken.None);

        w.Db.ChangeTracker.Clear();
        var stored = await w.Db.Communities.Include(c => c.Members).SingleAsync();
        Assert.Equal("Platform", stored.Name);
        var member = Assert.Single(stored.Members);
        Assert.Equal(("Kubernetes", "kubernetes"), (member.Value, member.MatchKey));

        await store.DeleteAsync(community.Id, "hr@example.com", CancellationToken.None);
        w.Db.ChangeTracker.Clear();
        Assert.False(await w.Db.Communities.AnyAsync());
        Assert.False(await w.Db.CommunityMembers.AnyAsync());

        var audit = await w.Db.AuditEntries.OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["community.created", "community.member-added", "community.renamed", "community.member-removed", "community.deleted"],
            audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(("hr@example.com", $"Community:{community.Id}"), (a.Actor, a.Subject)));
        Assert.Contains("\"Platform guild\" to \"Platform\"", audit[2].Details, StringComparison.Ordinal);
        Assert.Contains("\"terraform\" of wiki", audit[3].Details, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "Kubernetes", "needs a name")]
    [InlineData("Guild", "", "Give the channel")]
    [InlineData("Guild", "a|b", "One channel, space or tag at a time")]
    [InlineData("Guild\u0007", "a", "control characters")]
    public async Task Bad_input_is_refused_and_nothing_is_stored(string name, string value, string reason)
    {
        await using var w = await MetricsWorld.CreateAsync();
        var store = new CommunityStore(w.Db, w.Clock);
        var error = await Assert.ThrowsAsync<CommunityRefusedException>(() => store.CreateAsync(name, "hr", CancellationToken.None, w.Source.Id, value));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        w.Db.ChangeTracker.Clear();
        Assert.False(await w.Db.Communities.AnyAsync());
        Assert.False(await w.Db.AuditEntries.AnyAsync());
    }

    [Fact]
    public async Task Names_and_members_differing_only_by_case_are_duplicates()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var store = new CommunityStore(w.Db, w.Clock);
        var guild = await store.CreateAsync("Guild", "hr", CancellationToken.None, w.Source.Id, "Kubernetes");
        await Assert.ThrowsAsync<CommunityRefusedException>(() => store.CreateAsync("GUILD", "hr", CancellationToken.None));
        await Assert.ThrowsAsync<CommunityRefusedException>(() => store.AddMemberAsync(guild.Id, w.Source.Id, "kubernetes ", "hr", CancellationToken.None));
        await Assert.ThrowsAsync<CommunityRefusedException>(() => store.AddMemberAsync(guild.Id, 9999, "ci", "hr", CancellationToken.None));
        await Assert.ThrowsAsync<CommunityRefusedException>(() => store.RemoveMemberAsync(guild.Id, 9999, "hr", CancellationToken.None));
        w.Db.ChangeTracker.Clear();
        Assert.Equal(1, await w.Db.CommunityMembers.CountAsync());
        Assert.Equal(1, await w.Db.AuditEntries.CountAsync());
    }
}
