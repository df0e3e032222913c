using System.Globalization;
using Analytics.Domain.Email;
using Analytics.Domain.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Analytics.Jobs.Email;

/// <summary>What one sending run did; skipped messages counted by reason.</summary>
public sealed record OutboxRun(int Sent, int Unsubscribed, int NoAddress, int Left, int Failed)
{
    public static OutboxRun Nothing { get; } = new(0, 0, 0, 0, 0);
}

/// <summary>Some messages of a run could not be sent; each keeps its error and stays pending until its attempts run out.</summary>
public sealed class EmailDeliveryException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// Sends the pending messages of the outbox (ADR 1821). Each message is marked sent in its own statement right after the
/// server accepted it, so a later run never sends a marked message again; a message the server refuses keeps its error
/// and the run goes on with the next. Hangfire does not retry the run: the recurring schedule is the retry, and each
/// message counts its own attempts up to Email:MaxAttempts.
/// </summary>
[AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
[DisableConcurrentExecution(timeoutInSeconds: 600)]
public sealed class EmailOutboxJob(AnalyticsDbContext db, EmailTransport transport, DigestMessages messages, IOptions<EmailOptions> options,
    TimeProvider clock, ILogger<EmailOutboxJob> logger)
{
    public const string Id = "email-outbox";
    public const string Cron = "*/15 * * * *";

    public const string UnsubscribedReason = "Not sent: the recipient turned this e-mail off.";
    public const string NoAddressReason = "Not sent: the recipient has no e-mail address in the HR directory.";
    public const string LeftReason = "Not sent: the recipient has left the organisation.";

    public async Task<OutboxRun> SendPendingAsync(CancellationToken ct)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            logger.LogInformation("E-mail is off (Email:Enabled): nothing sent");
            return OutboxRun.Nothing;
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var pending = await db.OutboxMessages.AsNoTracking().Where(m => m.Status == OutboxStatus.Pending).OrderBy(m => m.Id)
            .Select(m => new Pending(m.Id, m.Kind, m.Subject, m.TextBody, m.HtmlBody, m.Recipient!.DisplayName, m.Recipient.Email,
                m.Recipient.EmailOptOut, m.Recipient.LeaveDate))
            .ToListAsync(ct);

        int unsubscribed = 0, noAddress = 0, left = 0, sent = 0;
        var toSend = new List<(Pending Row, MimeMessage Message)>();
        foreach (var row in pending)
        {
            // Read at sending time: turning a digest off stops what is already waiting too.
            var reason = (row.OptOut & row.Kind) != 0 ? UnsubscribedReason
                : string.IsNullOrWhiteSpace(row.Email) || !MailboxAddress.TryParse(row.Email, out _) ? NoAddressReason
                : row.LeaveDate is { } leaveDate && leaveDate < today ? LeftReason
                : null;
            if (reason is null)
            {
                toSend.Add((row, Build(row, settings)));
                continue;
            }
            await db.OutboxMessages.Where(m => m.Id == row.Id && m.Status == OutboxStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Skipped).SetProperty(m => m.LastError, reason), ct);
            switch (reason)
            {
                case UnsubscribedReason: unsubscribed++; break;
                case NoAddressReason: noAddress++; break;
                default: left++; break;
            }
        }

        var failures = new List<(long Id, Exception Error)>();
        if (toSend.Count > 0)
        {
            IEmailSession? session = null;
            try
            {
                session = await transport.OpenAsync(ct);
            }
            catch (Exception error) when (EmailTransport.IsDeliveryFailure(error))
            {
                // The server cannot be reached or refuses us: every message waits for the next run, each with the reason.
                failures.AddRange(toSend.Select(t => (t.Row.Id, error)));
            }

            if (session is not null)
            {
                await using (session)
                {
                    foreach (var (row, message) in toSend)
                    {
                        try
                        {
                            await session.SendAsync(message, ct);
                        }
                        catch (Exception error) when (EmailTransport.IsDeliveryFailure(error))
                        {
                            failures.Add((row.Id, error));
                            continue;
                        }
                        // The window of ADR 1821: a crash between the server's acceptance and this statement sends the
                        // message again on the next run (same Message-Id); once this statement commits, never again.
                        var now = clock.GetUtcNow();
                        await db.OutboxMessages.Where(m => m.Id == row.Id && m.Status == OutboxStatus.Pending)
                            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Sent).SetProperty(m => m.SentAt, now)
                                .SetProperty(m => m.Attempts, m => m.Attempts + 1).SetProperty(m => m.LastError, (string?)null), ct);
                        sent++;
                    }
                }
            }
        }

        var max = settings.MaxAttempts;
        foreach (var (id, error) in failures)
        {
            var words = Words(error);
            await db.OutboxMessages.Where(m => m.Id == id && m.Status == OutboxStatus.Pending)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                    .SetProperty(m => m.LastError, words)
                    .SetProperty(m => m.Status, m => m.Attempts + 1 >= max ? OutboxStatus.Failed : OutboxStatus.Pending), ct);
        }

        var run = new OutboxRun(sent, unsubscribed, noAddress, left, failures.Count);
        logger.LogInformation("E-mail outbox: {Sent} sent, {Unsubscribed} skipped (turned off), {NoAddress} skipped (no address), {Left} skipped (left), {Failed} failed",
            run.Sent, run.Unsubscribed, run.NoAddress, run.Left, run.Failed);
        if (failures.Count > 0)
            throw new EmailDeliveryException(string.Create(CultureInfo.InvariantCulture,
                $"{failures.Count} of {toSend.Count} messages could not be sent; each keeps its error in the outbox. First: {Words(failures[0].Error)}"), failures[0].Error);
        return run;
    }

    /// <summary>The error as a reader of the outbox needs it: what failed and the server's or system's words.</summary>
    public static string Words(Exception error)
    {
        var words = error switch
        {
            MailKit.Net.Smtp.SmtpCommandException smtp => string.Create(CultureInfo.InvariantCulture,
                $"The SMTP server refused the message ({(int)smtp.StatusCode} {smtp.StatusCode}): {smtp.Message}"),
            System.Net.Sockets.SocketException socket => $"The SMTP server could not be reached ({socket.SocketErrorCode}): {socket.Message}",
            MailKit.Security.AuthenticationException => $"The SMTP server refused the user name or password: {error.Message}",
            MailKit.Security.SslHandshakeException or System.Security.Authentication.AuthenticationException => $"The TLS handshake with the SMTP server failed: {error.Message}",
            _ => $"{error.GetType().Name}: {error.Message}",
        };
        return words.Length <= 1000 ? words : words[..1000];
    }

    private MimeMessage Build(Pending row, EmailOptions settings)
    {
        var message = new MimeMessage();
        message.From.Add(settings.FromAddress());
        message.To.Add(new MailboxAddress(row.Name, row.Email));
        message.Subject = row.Subject;
        // Stable per outbox row: a message sent again after a crash (ADR 1821) carries the same id, which mail clients use to drop the copy.
        message.MessageId = string.Create(CultureInfo.InvariantCulture, $"outbox-{row.Id}@{settings.BaseUri().Host}");
        message.Date = clock.GetUtcNow();
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add(HeaderId.ListUnsubscribe, $"<{messages.Link(DigestMessages.SettingsPath).AbsoluteUri}>");
        message.Body = new BodyBuilder { TextBody = row.Text, HtmlBody = row.Html }.ToMessageBody();
        return message;
    }

    private sealed record Pending(long Id, EmailDigest Kind, string Subject, string Text, string Html, string Name, string Email,
        EmailDigest OptOut, DateOnly? LeaveDate);
}
