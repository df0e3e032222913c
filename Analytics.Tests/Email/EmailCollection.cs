namespace Analytics.Tests.Email;

/// <summary>The e-mail tests share one SMTP server and outbox: they run one after the other.</summary>
[CollectionDefinition(nameof(EmailDigestTests))]
public sealed class EmailCollection;
