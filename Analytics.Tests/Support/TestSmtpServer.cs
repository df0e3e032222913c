using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Analytics.Tests.Support;

/// <summary>A real SMTP server (SmtpServer) on 127.0.0.1 and a free port, keeping what it accepts; it can be told to refuse every message.</summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;
    private readonly Store _store = new();

    private TestSmtpServer(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new ServiceProvider();
        services.Add(_store);
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    public IReadOnlyList<MimeMessage> Received => _store.Messages.ToList();

    /// <summary>While true, every message gets "554 Transaction failed" after its data.</summary>
    public bool Refuse
    {
        get => _store.Refuse;
        set => _store.Refuse = value;
    }

    public void Clear() => _store.Messages.Clear();

    public static async Task<TestSmtpServer> StartAsync()
    {
        var server = new TestSmtpServer(FreePort());
        // Ready when it accepts a connection; a bounded wait for the listener, not a timing assertion.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, server.Port);
                return server;
            }
            catch (SocketException) when (attempt < 100)
            {
                await Task.Delay(50);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // The server's task ends by cancellation when it is stopped: the expected end.
        }
        _stop.Dispose();
    }

    private sealed class Store : MessageStore
    {
        public ConcurrentQueue<MimeMessage> Messages { get; } = new();
        public volatile bool Refuse;

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            if (Refuse)
                return SmtpResponse.TransactionFailed;
            await using var stream = new MemoryStream(buffer.ToArray());
            Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
