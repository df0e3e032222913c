using Analytics.Domain.Email;
using Analytics.Domain.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Email;

/// <summary>
/// Where producers put messages (ADR 1821). A message whose key is already stored is not added again, so a producer
/// that runs twice adds nothing; the unique index decides between two producers racing on the same key.
/// </summary>
public sealed class EmailOutbox(AnalyticsDbContext db, IOptions<EmailOptions> options, IBackgroundJobClient jobs, TimeProvider clock)
{
    /// <summary>Off: producers add nothing, so turning e-mail on later does not send months of old news.</summary>
    public bool Enabled => options.Value.Enabled;

    public OutboxMessage Draft(EmailDigest kind, int recipientId, string subjectKey, DigestContent content) => new()
    {
        Kind = kind,
        RecipientId = recipientId,
        SubjectKey = subjectKey,
        Subject = content.Subject,
        TextBody = content.Text,
        HtmlBody = content.Html,
        Status = OutboxStatus.Pending,
        CreatedAt = clock.GetUtcNow(),
    };

    /// <summary>Tracks the message in the caller's unit of work when its key is new; the caller's SaveChanges stores it with its own change.</summary>
    public async Task AddAsync(OutboxMessage message, CancellationToken ct)
    {
        if (!await db.OutboxMessages.AnyAsync(m => m.Kind == message.Kind && m.RecipientId == message.RecipientId && m.SubjectKey == message.SubjectKey, ct))
            db.OutboxMessages.Add(message);
    }

    /// <summary>Stores the messages whose keys are new, in one transaction; returns how many were added.</summary>
    public async Task<int> EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct)
    {
        if (messages.Count == 0)
            return 0;
        var kinds = messages.Select(m => m.Kind).Distinct().ToList();
        var keys = messages.Select(m => m.SubjectKey).Distinct().ToList();
        var stored = (await db.OutboxMessages.AsNoTracking()
                .Where(m => kinds.Contains(m.Kind) && keys.Contains(m.SubjectKey))
                .Select(m => new { m.Kind, m.RecipientId, m.SubjectKey })
                .ToListAsync(ct))
            .Select(m => (m.Kind, m.RecipientId, m.SubjectKey)).ToHashSet();
        var added = messages.Where(m => stored.Add((m.Kind, m.RecipientId, m.SubjectKey))).ToList();
        db.OutboxMessages.AddRange(added);
        await db.SaveChangesAsync(ct);
        return added.Count;
    }

    /// <summary>
    /// Asks a job server to send now. Only a shortcut: the recurring <see cref="EmailOutboxJob"/> sends whatever is
    /// pending anyway, so a trigger lost with a process (the command line's in-memory job storage) delays nothing long.
    /// </summary>
    public void TriggerSend() => jobs.Enqueue<EmailOutboxJob>(job => job.SendPendingAsync(CancellationToken.None));
}
