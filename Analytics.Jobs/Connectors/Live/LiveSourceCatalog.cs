using Analytics.Domain.Persistence;
using Analytics.Domain.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Connectors.Live;

/// <summary>
/// Live sources are declared in configuration (their credentials live there); this makes each one a stored source, so that
/// `analytics sync --source NAME`, the schedule and the Sources page find it like any other. Configuration is the truth:
/// the stored location (the base address, never a credential) and schedule follow it.
/// </summary>
public sealed class LiveSourceCatalog(IConfiguration configuration, IOptionsMonitor<LiveSourceOptions> options, TimeProvider clock)
{
    public IReadOnlyList<string> Names =>
        [.. configuration.GetSection(LiveSourceOptions.Section).GetChildren().Select(s => s.Key).Order(StringComparer.Ordinal)];

    public LiveSourceOptions Get(string name) =>
        Names.Contains(name, StringComparer.Ordinal)
            ? options.Get(name)
            : throw new InvalidOperationException($"Source '{name}' is not configured: add LiveSources:{name} (Kind, BaseUrl, credentials) to the configuration.");

    public async Task RegisterAsync(AnalyticsDbContext db, CancellationToken ct)
    {
        foreach (var name in Names)
        {
            var wanted = options.Get(name);
            var location = wanted.BaseUrl!.ToString();
            var schedule = string.IsNullOrWhiteSpace(wanted.Schedule) ? null : wanted.Schedule.Trim();
            var source = await db.SourceSystems.SingleOrDefaultAsync(s => s.Name == name, ct);
            if (source is null)
            {
                db.SourceSystems.Add(new SourceSystem { Name = name, Kind = wanted.Kind, Location = location, Schedule = schedule, CreatedAt = clock.GetUtcNow() });
            }
            else if (source.Kind != wanted.Kind)
            {
                throw new InvalidOperationException($"LiveSources:{name} is of kind '{wanted.Kind}', but source '{name}' exists with kind '{source.Kind}'; give the live source another name.");
            }
            else
            {
                source.Location = location;
                source.Schedule = schedule;
            }
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }
}
