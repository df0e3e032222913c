using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Analytics.Jobs.Email;

/// <summary>One sending run's connection: an SMTP session, or the pickup folder.</summary>
public interface IEmailSession : IAsyncDisposable
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>Opens a session in the configured mode (<see cref="EmailOptions.Mode"/>).</summary>
public sealed class EmailTransport(IOptions<EmailOptions> options, ILogger<EmailTransport> logger)
{
    /// <summary>The failures of a mail server or folder that concern one message or this run, not a bug: kept on the message in words.</summary>
    public static bool IsDeliveryFailure(Exception error) => error is IOException or SocketException or UnauthorizedAccessException
        or CommandException or ProtocolException or SslHandshakeException or MailKit.Security.AuthenticationException
        or System.Security.Authentication.AuthenticationException or ServiceNotConnectedException
        or ServiceNotAuthenticatedException or TimeoutException;

    public async Task<IEmailSession> OpenAsync(CancellationToken ct)
    {
        var settings = options.Value;
        if (settings.Mode == EmailMode.Pickup)
        {
            Directory.CreateDirectory(settings.PickupDirectory!);
            return new PickupSession(settings.PickupDirectory!);
        }

        var session = new SmtpSession(settings, logger);
        try
        {
            await session.ConnectAsync(ct);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    private sealed class SmtpSession(EmailOptions settings, ILogger logger) : IEmailSession
    {
        private readonly SmtpClient _client = new() { Timeout = (int)settings.Timeout.TotalMilliseconds };

        public async Task ConnectAsync(CancellationToken ct)
        {
            var tls = settings.Tls switch
            {
                EmailTls.None => SecureSocketOptions.None,
                EmailTls.StartTls => SecureSocketOptions.StartTls,
                EmailTls.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.Auto,
            };
            await _client.ConnectAsync(settings.Host!, settings.Port, tls, ct);
            if (!string.IsNullOrEmpty(settings.UserName))
                await _client.AuthenticateAsync(settings.UserName, settings.Password!, ct);
        }

        public async Task SendAsync(MimeMessage message, CancellationToken ct)
        {
            // A refused recipient leaves the session usable; a dropped connection does not: reconnect for the next message.
            if (!_client.IsConnected)
                await ConnectAsync(ct);
            await _client.SendAsync(message, ct);
        }

        public async ValueTask DisposeAsync()
        {
            if (_client.IsConnected)
            {
                try
                {
                    await _client.DisconnectAsync(quit: true);
                }
                catch (Exception error) when (IsDeliveryFailure(error))
                {
                    // Every message of the run is already marked; a QUIT that fails changes none of them.
                    logger.LogWarning(error, "The SMTP server did not answer QUIT; the connection is closed");
                }
            }
            _client.Dispose();
        }
    }

    /// <summary>Writes each message as an .eml file named after its Message-Id, so sending it again replaces the file.</summary>
    private sealed class PickupSession(string folder) : IEmailSession
    {
        public async Task SendAsync(MimeMessage message, CancellationToken ct)
        {
            var name = string.Concat((message.MessageId ?? Guid.NewGuid().ToString("N")).Split(Path.GetInvalidFileNameChars().Append('@').ToArray()));
            var path = Path.Combine(folder, name + ".eml");
            // Written beside and moved: whoever watches the folder never reads half a message.
            var partial = path + ".partial";
            await using (var file = File.Create(partial))
                await message.WriteToAsync(file, ct);
            File.Move(partial, path, overwrite: true);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
