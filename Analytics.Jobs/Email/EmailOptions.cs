using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace Analytics.Jobs.Email;

public enum EmailMode
{
    /// <summary>Through an SMTP server (MailKit).</summary>
    Smtp,

    /// <summary>Each message written as an .eml file into <see cref="EmailOptions.PickupDirectory"/>, to try the digests without a server.</summary>
    Pickup,
}

/// <summary>How the SMTP connection is secured; the names of MailKit's <c>SecureSocketOptions</c> that make sense here.</summary>
public enum EmailTls
{
    /// <summary>Plain text: only for a relay on the same host or a test server.</summary>
    None,

    /// <summary>STARTTLS is required (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,

    /// <summary>MailKit decides from the port; STARTTLS when the server offers it.</summary>
    Auto,
}

/// <summary>
/// The e-mail digests (section <c>Email</c>). Off by default. The password is read from configuration or the
/// environment (<c>Email__Password</c>) only; it is never logged or shown, and no validation message repeats it.
/// </summary>
public sealed class EmailOptions : IValidatableObject
{
    public const string Section = "Email";

    public bool Enabled { get; init; }
    public EmailMode Mode { get; init; } = EmailMode.Smtp;
    public string? Host { get; init; }
    [Range(1, 65535)] public int Port { get; init; } = 587;
    public EmailTls Tls { get; init; } = EmailTls.StartTls;
    public string? UserName { get; init; }
    public string? Password { get; init; }

    /// <summary>The sender, e.g. <c>Knowledge dashboard &lt;dashboard@example.org&gt;</c>.</summary>
    public string? From { get; init; }

    public string? PickupDirectory { get; init; }

    /// <summary>The dashboard's address as readers reach it (e.g. https://dashboard.example.org/); every link in a message starts with it.</summary>
    public string? PublicBaseUrl { get; init; }

    /// <summary>Sending attempts per message before it is marked failed (its last error kept).</summary>
    [Range(1, 100)] public int MaxAttempts { get; init; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")] public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    // Methods, not properties: validation reads every property, also of options that are off and have no address.
    public Uri BaseUri() => new(PublicBaseUrl!.EndsWith('/') ? PublicBaseUrl : PublicBaseUrl + "/", UriKind.Absolute);

    public MailboxAddress FromAddress() => MailboxAddress.Parse(From!);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
            yield break;
        if (string.IsNullOrWhiteSpace(From) || !MailboxAddress.TryParse(From, out var from) || !from.Address.Contains('@', StringComparison.Ordinal))
            yield return new ValidationResult("Email:From must be a sender address such as \"Dashboard <dashboard@example.org>\" when Email:Enabled is true.", [nameof(From)]);
        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
            yield return new ValidationResult("Email:PublicBaseUrl must be the dashboard's absolute http(s) address (the links in each message start with it).", [nameof(PublicBaseUrl)]);
        switch (Mode)
        {
            case EmailMode.Smtp when string.IsNullOrWhiteSpace(Host):
                yield return new ValidationResult("Email:Host is required when Email:Mode is Smtp.", [nameof(Host)]);
                break;
            case EmailMode.Pickup when string.IsNullOrWhiteSpace(PickupDirectory):
                yield return new ValidationResult("Email:PickupDirectory is required when Email:Mode is Pickup.", [nameof(PickupDirectory)]);
                break;
        }
        if (string.IsNullOrEmpty(UserName) != string.IsNullOrEmpty(Password))
            yield return new ValidationResult("Email:UserName and Email:Password go together: set both (SMTP authentication) or neither.", [nameof(UserName), nameof(Password)]);
    }
}
