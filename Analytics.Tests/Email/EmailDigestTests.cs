using Analytics.Domain.Email;
using Analytics.Jobs.Email;
using Analytics.Jobs.Recognition;
using Analytics.Tests.Recognition;
using Analytics.Tests.Support;
using Analytics.Web.Access;
using Analytics.Web.Recognition;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Analytics.Tests.Email;

/// <summary>Issue 18 part 4: the three digests through the real outbox job and a real SMTP server (ADR 1821).</summary>
[Collection(nameof(EmailDigestTests))]
public sealed class EmailDigestTests(EmailFixture fixture) : IClassFixture<EmailFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private MimeMessage[] To(string address) =>
        fixture.Smtp.Received.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToArray();

    [Fact]
    public async Task The_monthly_digest_gives_each_manager_their_budget_and_only_their_lines_suggestions_once()
    {
        var manager = await fixture.EmployeeOfAsync("manager");
        var added = await fixture.InScopeAsync(s => s.GetRequiredService<EmailDigests>().MonthlyBudgetAsync(CancellationToken.None));
        Assert.True(added > 1, "every manager and budget holder gets a digest");
        await fixture.SettledAsync();

        var message = Assert.Single(To(await fixture.AddressOfAsync(manager)));
        var (left, line, names, expected) = await fixture.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<Analytics.Domain.Persistence.AnalyticsDbContext>();
            var budgets = s.GetRequiredService<RecognitionBudgets>();
            var budget = await budgets.FindAsync(manager, budgets.Current, CancellationToken.None);
            var options = s.GetRequiredService<Microsoft.Extensions.Options.IOptions<Analytics.Jobs.Recognition.RecognitionOptions>>().Value;
            var remaining = budget is null ? options.DefaultQuarterBudget : budget.Points - budget.Spent;
            var members = await s.GetRequiredService<ReportingLine>().MembersAsync(manager, DateOnly.FromDateTime(DateTime.UtcNow), CancellationToken.None);
            var optedIn = (await db.Employees.Where(e => members.Contains(e.Id) && !e.LeaderboardOptOut).Select(e => e.Id).ToListAsync()).ToHashSet();
            var all = await db.Employees.ToDictionaryAsync(e => e.Id, e => e.DisplayName);
            var suggestions = s.GetRequiredService<LineSuggestions>();
            var view = await suggestions.ForLineAsync(optedIn, LineSuggestions.MonthBefore(DateTimeOffset.UtcNow), CancellationToken.None);
            return (remaining, members, all, view.Items.Select(i => i.Name).ToList());
        });

        Assert.Contains($" {left} of ", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("points left", message.Subject, StringComparison.Ordinal);
        Assert.NotEmpty(expected);
        // The suggested people are exactly the award page's computation for this line, and nobody outside the line is named.
        var listed = message.TextBody!.Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal))
            .Select(l => l[2..l.IndexOf(':', StringComparison.Ordinal)]).ToList();
        Assert.Equal(expected, listed);
        Assert.All(listed, name => Assert.Contains(names.Where(n => line.Contains(n.Key)), n => n.Value == name));
        Assert.Contains(EmailFixture.BaseUrl + "People/Email", message.TextBody, StringComparison.Ordinal);
        Assert.Contains(EmailFixture.BaseUrl + "People/Email", message.HtmlBody, StringComparison.Ordinal);
        Assert.Equal($"<{EmailFixture.BaseUrl}People/Email>", message.Headers[HeaderId.ListUnsubscribe]);
        Assert.Empty(message.Attachments);

        // Producing again (a retried or second job) adds nothing; another run of the sender sends nothing again.
        var total = fixture.Smtp.Received.Count;
        Assert.Equal(0, await fixture.InScopeAsync(s => s.GetRequiredService<EmailDigests>().MonthlyBudgetAsync(CancellationToken.None)));
        Assert.Equal("Succeeded", await fixture.RunSendJobAsync());
        Assert.Equal(total, fixture.Smtp.Received.Count);
        Assert.Equal(added, await fixture.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Sent || m.Status == OutboxStatus.Skipped)));
    }

    [Fact]
    public async Task An_approved_award_is_mailed_to_the_awardee_only_with_giver_category_and_message()
    {
        var managerId = await fixture.EmployeeOfAsync("manager");
        var line = await fixture.InScopeAsync(s => s.GetRequiredService<ReportingLine>().MembersAsync(managerId, DateOnly.FromDateTime(DateTime.UtcNow), CancellationToken.None));
        var recipient = line.Order().First();
        await fixture.InScopeAsync(async s =>
        {
            var budgets = s.GetRequiredService<RecognitionBudgets>();
            var budget = await budgets.GetOrCreateAsync(managerId, budgets.Current, "test", CancellationToken.None);
            return await budgets.SetAsync(managerId, budgets.Current, budget.Spent + 400, "test", CancellationToken.None);
        });
        using var manager = fixture.Web.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignIn.AsAsync(manager, "manager");
        var text = $"Your runbook saved the release {Guid.NewGuid():N}";
        var token = await SignIn.AntiforgeryTokenAsync(manager, "/Recognition");
        var post = await manager.PostAsync("/Recognition", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.RecipientId"] = recipient.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Category"] = "4",
            ["Form.Message"] = text,
            ["Form.Points"] = "150", // above the approval threshold: nothing is mailed until HR approves
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, post.StatusCode);
        var awardId = await fixture.WithDbAsync(db => db.RecognitionAwards.Where(a => a.Message == text).Select(a => a.Id).SingleAsync());
        Assert.Equal(0, await fixture.WithDbAsync(db => db.OutboxMessages.CountAsync()));

        using var hr = fixture.Web.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignIn.AsAsync(hr, "hr");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await RecognitionFixture.DecideAsync(hr, "Approve", awardId)).StatusCode);
        await fixture.SettledAsync();

        var message = Assert.Single(fixture.Smtp.Received);
        Assert.Equal(await fixture.AddressOfAsync(recipient), Assert.Single(message.To.Mailboxes).Address);
        var giver = await fixture.WithDbAsync(db => db.Employees.Where(e => e.Id == managerId).Select(e => e.DisplayName).SingleAsync());
        Assert.Contains($"{giver} recognised you for Mentoring", message.TextBody, StringComparison.Ordinal);
        Assert.Contains(text, message.TextBody, StringComparison.Ordinal);
        Assert.Contains(text, message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(EmailFixture.BaseUrl + "Recognition/Mine", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("150", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_notice_goes_to_leadership_and_hr_with_a_link_and_never_the_workbook()
    {
        var leadership = await fixture.EmployeeOfAsync("leadership");
        var hr = await fixture.EmployeeOfAsync("hr");
        var period = Analytics.Domain.Metrics.ReportingPeriod.Month(2026, 10);
        await fixture.InScopeAsync(s => s.GetRequiredService<EmailDigests>().ReportStoredAsync(period, CancellationToken.None));
        await fixture.SettledAsync();

        var recipients = fixture.Smtp.Received.Select(m => Assert.Single(m.To.Mailboxes).Address).Order().ToList();
        Assert.Equal(new[] { await fixture.AddressOfAsync(leadership), await fixture.AddressOfAsync(hr) }.Order(), recipients);
        Assert.All(fixture.Smtp.Received, m =>
        {
            Assert.Empty(m.Attachments);
            Assert.Contains("2026-10", m.Subject, StringComparison.Ordinal);
            Assert.Contains(EmailFixture.BaseUrl + "Reports", m.TextBody, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task An_unsubscribed_manager_is_skipped_and_counted_and_the_others_still_get_theirs()
    {
        var manager = await fixture.EmployeeOfAsync("manager");
        await fixture.InScopeAsync(s => s.GetRequiredService<EmailPreferences>().SetOptOutAsync(manager, EmailDigest.MonthlyBudget, "test", CancellationToken.None));
        var added = await fixture.InScopeAsync(s => s.GetRequiredService<EmailDigests>().MonthlyBudgetAsync(CancellationToken.None));
        await fixture.SettledAsync();

        Assert.Empty(To(await fixture.AddressOfAsync(manager)));
        Assert.Equal(added - 1, fixture.Smtp.Received.Count);
        var row = await fixture.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.RecipientId == manager));
        Assert.Equal(OutboxStatus.Skipped, row.Status);
        Assert.Equal(EmailOutboxJob.UnsubscribedReason, row.LastError);
    }

    [Fact]
    public async Task A_refusing_server_leaves_every_message_pending_with_the_error_in_words_and_a_later_run_sends_them()
    {
        fixture.Smtp.Refuse = true;
        var added = await fixture.InScopeAsync(s => s.GetRequiredService<EmailDigests>().ReportStoredAsync(Analytics.Domain.Metrics.ReportingPeriod.Month(2026, 9), CancellationToken.None));
        await fixture.SettledAsync();

        var rows = await fixture.WithDbAsync(db => db.OutboxMessages.ToListAsync());
        Assert.Equal(added, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(OutboxStatus.Pending, r.Status);
            Assert.Equal(1, r.Attempts);
            Assert.StartsWith("The SMTP server refused the message (554", r.LastError, StringComparison.Ordinal);
        });
        Assert.Empty(fixture.Smtp.Received);

        fixture.Smtp.Refuse = false;
        Assert.Equal("Succeeded", await fixture.RunSendJobAsync());
        Assert.Equal(added, fixture.Smtp.Received.Count);
        Assert.All(await fixture.WithDbAsync(db => db.OutboxMessages.ToListAsync()), r => Assert.Equal(OutboxStatus.Sent, r.Status));
    }

    [Fact]
    public async Task Attempts_are_capped_and_the_failed_message_keeps_its_error()
    {
        fixture.Smtp.Refuse = true;
        await fixture.InScopeAsync(s => s.GetRequiredService<EmailDigests>().ReportStoredAsync(Analytics.Domain.Metrics.ReportingPeriod.Month(2026, 8), CancellationToken.None));
        await fixture.SettledAsync();
        Assert.Equal("Failed", await fixture.RunSendJobAsync());
        Assert.Equal("Failed", await fixture.RunSendJobAsync()); // Email:MaxAttempts is 3 in this fixture

        var rows = await fixture.WithDbAsync(db => db.OutboxMessages.ToListAsync());
        Assert.All(rows, r =>
        {
            Assert.Equal(OutboxStatus.Failed, r.Status);
            Assert.Equal(3, r.Attempts);
            Assert.NotNull(r.LastError);
        });
        fixture.Smtp.Refuse = false;
        Assert.Equal("Succeeded", await fixture.RunSendJobAsync());
        Assert.Empty(fixture.Smtp.Received);
    }

    [Fact]
    public async Task A_crash_after_the_server_accepted_sends_that_one_message_again_with_the_same_id_and_no_other()
    {
        // The process "dies" between the server's acceptance and the mark: the mark of one message fails in the database.
        await fixture.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "CREATE TRIGGER crash_on_mark BEFORE UPDATE OF Status ON EmailOutbox WHEN NEW.Status = 1 AND NEW.Id = (SELECT MIN(Id) FROM EmailOutbox) "
            + "BEGIN SELECT RAISE(ABORT, 'simulated crash'); END"));
        try
        {
            var added = await fixture.InScopeAsync(s => s.GetRequiredService<EmailDigests>().ReportStoredAsync(Analytics.Domain.Metrics.ReportingPeriod.Month(2026, 7), CancellationToken.None));
            Assert.Equal(2, added);
            await fixture.IdleAfterAsync(() => fixture.Smtp.Received.Count >= 1);
        }
        finally
        {
            await fixture.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TRIGGER crash_on_mark"));
        }
        var doomed = await fixture.WithDbAsync(db => db.OutboxMessages.MinAsync(m => m.Id));
        var firstRun = fixture.Smtp.Received.Select(m => m.MessageId).ToList();
        Assert.Equal([$"outbox-{doomed}@dashboard.example.org"], firstRun);
        Assert.Equal(OutboxStatus.Pending, await fixture.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == doomed).Select(m => m.Status).SingleAsync()));

        Assert.Equal("Succeeded", await fixture.RunSendJobAsync());
        var all = fixture.Smtp.Received.Select(m => m.MessageId).ToList();
        var repeated = Assert.Single(all.GroupBy(id => id), g => g.Count() > 1);
        Assert.Equal(firstRun[0], repeated.Key);
        Assert.Equal(2, repeated.Count());
        Assert.Equal(3, all.Count);
        Assert.All(await fixture.WithDbAsync(db => db.OutboxMessages.ToListAsync()), r => Assert.Equal(OutboxStatus.Sent, r.Status));

        // Marked messages are never sent again.
        Assert.Equal("Succeeded", await fixture.RunSendJobAsync());
        Assert.Equal(3, fixture.Smtp.Received.Count);
    }
}
