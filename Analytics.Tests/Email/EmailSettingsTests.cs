using System.ComponentModel.DataAnnotations;
using Analytics.Domain.Email;
using Analytics.Jobs.Email;
using Analytics.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Analytics.Tests.Email;

/// <summary>Options, the pickup folder, the off switch and the person's e-mail settings page.</summary>
[Collection(nameof(EmailDigestTests))]
public sealed class EmailSettingsTests(EmailFixture fixture) : IClassFixture<EmailFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static List<string> Errors(EmailOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage!).ToList();
    }

    [Fact]
    public void Enabled_options_without_sender_link_host_or_with_half_the_credentials_are_refused_with_clear_messages()
    {
        Assert.Empty(Errors(new EmailOptions()));
        var errors = Errors(new EmailOptions { Enabled = true, UserName = "mailer", Password = "s3cret-value" });
        Assert.Contains(errors, e => e.StartsWith("Email:From must be a sender address", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Email:PublicBaseUrl must be", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Email:Host is required", StringComparison.Ordinal));
        Assert.Contains(Errors(new EmailOptions { Enabled = true, From = "a@example.org", PublicBaseUrl = "https://x.example.org", Host = "smtp", UserName = "mailer" }),
            e => e.StartsWith("Email:UserName and Email:Password go together", StringComparison.Ordinal));
        Assert.Contains(Errors(new EmailOptions { Enabled = true, Mode = EmailMode.Pickup, From = "a@example.org", PublicBaseUrl = "https://x.example.org" }),
            e => e.StartsWith("Email:PickupDirectory is required", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("s3cret-value", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_app_refuses_to_start_with_e_mail_on_and_no_server()
    {
        await using var web = new AnalyticsWebFactory(configure: b =>
        {
            b.UseSetting("Email:Enabled", "true");
            b.UseSetting("Email:From", "dashboard@example.org");
            b.UseSetting("Email:PublicBaseUrl", "https://dashboard.example.org");
        });
        var error = Assert.Throws<OptionsValidationException>(() => web.CreateClient().Dispose());
        Assert.Contains("Email:Host is required when Email:Mode is Smtp.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pickup_mode_writes_one_eml_file_per_message_and_rewrites_it_when_sent_again()
    {
        var folder = Path.Combine(Path.GetTempPath(), "analytics-tests", $"pickup-{Guid.NewGuid():N}");
        try
        {
            var options = Options.Create(new EmailOptions { Enabled = true, Mode = EmailMode.Pickup, PickupDirectory = folder, From = "a@example.org", PublicBaseUrl = "https://x.example.org" });
            var message = new MimeMessage { Subject = "Hello", MessageId = "outbox-7@x.example.org", Body = new TextPart("plain") { Text = "Body" } };
            message.From.Add(MailboxAddress.Parse("a@example.org"));
            message.To.Add(MailboxAddress.Parse("b@example.org"));
            await using (var session = await new EmailTransport(options, NullLogger<EmailTransport>.Instance).OpenAsync(CancellationToken.None))
            {
                await session.SendAsync(message, CancellationToken.None);
                await session.SendAsync(message, CancellationToken.None);
            }
            var file = Assert.Single(Directory.GetFiles(folder));
            Assert.EndsWith(".eml", file, StringComparison.Ordinal);
            var read = await MimeMessage.LoadAsync(file);
            Assert.Equal("Hello", read.Subject);
            Assert.Equal("b@example.org", Assert.Single(read.To.Mailboxes).Address);
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task With_e_mail_off_nothing_is_stored_or_sent()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var web = new AnalyticsWebFactory(configure: b =>
        {
            // Everything but the switch: only Email:Enabled keeps the server quiet.
            b.UseSetting("Email:Host", "127.0.0.1");
            b.UseSetting("Email:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("Email:Tls", "None");
            b.UseSetting("Email:From", "dashboard@example.org");
            b.UseSetting("Email:PublicBaseUrl", "https://dashboard.example.org");
        });
        await Task.Run(() => web.CreateClient().Dispose());
        await using var scope = web.Services.CreateAsyncScope();
        var digests = scope.ServiceProvider.GetRequiredService<EmailDigests>();
        Assert.Equal(0, await digests.MonthlyBudgetAsync(CancellationToken.None));
        Assert.Equal(0, await digests.ReportStoredAsync(Analytics.Domain.Metrics.ReportingPeriod.Month(2026, 10), CancellationToken.None));
        var db = scope.ServiceProvider.GetRequiredService<Analytics.Domain.Persistence.AnalyticsDbContext>();
        Assert.Equal(0, await db.OutboxMessages.CountAsync());
        Assert.Same(OutboxRun.Nothing, await scope.ServiceProvider.GetRequiredService<EmailOutboxJob>().SendPendingAsync(CancellationToken.None));
        Assert.Empty(smtp.Received);
    }

    [Fact]
    public async Task A_person_turns_a_digest_off_on_their_settings_page_and_the_change_is_audited()
    {
        using var client = fixture.Web.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignIn.AsAsync(client, "manager");
        var page = await client.GetStringAsync("/People/Email");
        Assert.Contains("value=\"MonthlyBudget\" checked", page, StringComparison.Ordinal);
        var token = await SignIn.AntiforgeryTokenAsync(client, "/People/Email");
        var post = await client.PostAsync("/People/Email", new FormUrlEncodedContent(new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", token),
            new("receive", "AwardApproved"),
            new("receive", "ReportStored"),
        }));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, post.StatusCode);

        var manager = await fixture.EmployeeOfAsync("manager");
        Assert.Equal(EmailDigest.MonthlyBudget, await fixture.WithDbAsync(db => db.Employees.Where(e => e.Id == manager).Select(e => e.EmailOptOut).SingleAsync()));
        var audit = await fixture.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == "email.preferences" && a.Subject == $"Employee:{manager}").ToListAsync());
        Assert.Equal("manager", Assert.Single(audit).Actor);
        Assert.Contains("value=\"MonthlyBudget\" />", await client.GetStringAsync("/People/Email"), StringComparison.Ordinal);

        var refused = await client.PostAsync("/People/Email", new FormUrlEncodedContent(new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", token),
            new("receive", "NoSuchDigest"),
        }));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
    }
}
