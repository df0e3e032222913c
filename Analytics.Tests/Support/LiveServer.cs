using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Support;

/// <summary>The real app on real Kestrel at 127.0.0.1 and a free port, for a real browser.</summary>
public sealed class LiveServer : IAsyncDisposable
{
    private readonly AnalyticsWebFactory _factory;

    private LiveServer(AnalyticsWebFactory factory, Uri address)
    {
        _factory = factory;
        Address = address;
    }

    public Uri Address { get; }
    public AnalyticsWebFactory Factory => _factory;

    public static LiveServer Start(Action<Microsoft.AspNetCore.Hosting.IWebHostBuilder>? configure = null)
    {
        var factory = new AnalyticsWebFactory(configure: configure);
        factory.UseKestrel(0);
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var address = addresses.Select(a => new Uri(a)).First(a => a.Scheme == Uri.UriSchemeHttp);
        return new LiveServer(factory, address);
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
