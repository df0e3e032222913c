using System.CommandLine;
using System.Globalization;
using Analytics.Jobs.Bench;

namespace Analytics.Jobs.Cli;

/// <summary>
/// `analytics bench web` (issue 6.6): the real web app on the benchmark database, signed in as HR, each page and a
/// static file measured in turn under the same number of concurrent clients; each page's p95 against the static file's.
/// </summary>
public static class BenchWebCommand
{
    public const double TargetP95Milliseconds = 150;

    /// <summary>Issue 20, target 2: the first overview, leaderboard and profile with figures computed afresh.</summary>
    public const double TargetFirstMilliseconds = 500;

    public static Command Create()
    {
        var spec = new BenchDatabaseCommand.SpecOptions();
        var clients = new Option<int>("--clients") { Description = "Concurrent clients per target.", DefaultValueFactory = _ => 16 };
        var duration = new Option<int>("--duration") { Description = "Seconds of measurement per target.", DefaultValueFactory = _ => 20 };
        var webApp = new Option<string?>("--web-app") { Description = "Path of Analytics.Web.dll. Default: the build of the same configuration in this repository." };
        // A loaded machine can take longer than the client's timeout for the heaviest pages (experts on 5M); a run that
        // measures a change to some pages leaves the others out rather than fail on them.
        var only = new Option<string[]>("--only")
        {
            Description = "Measure only these targets (profile, leaderboard, experts, topic, practices, overview); the static file is always measured.",
            AllowMultipleArgumentsPerToken = true,
        };
        var appLog = new Option<string?>("--app-log")
        {
            Description = "Write all of the web app's output to this file (set Logging__LogLevel__<category> in the environment for more of it).",
        };
        var command = new Command("web", "Measure page latency of the real web app on a benchmark database (--db: built once, then reused).") { clients, duration, webApp, only, appLog };
        spec.AddTo(command);
        command.SetAction((parse, ct) => BenchDatabaseCommand.WithDatabaseAsync(parse, spec, async database =>
        {
            var (assembly, contentRoot) = WebAppProcess.Locate(parse.GetValue(webApp));
            // The first request after new data waits for the new figures however long they take (not the older figures after
            // DashboardCache:RefreshWait), so the bench times their computation.
            await using var app = await WebAppProcess.StartAsync(assembly, contentRoot, database.ConnectionString, ct,
                new Dictionary<string, string> { ["DashboardCache__RefreshWait"] = "00:10:00" }, parse.GetValue(appLog));
            using var run = new LatencyRun(app.Address);
            await run.SignInAsync(database.UserName, database.Password, ct);
            // Cheapest first: a request the client gave up on (timeout) still runs on the server and would slow the next target.
            var targets = new[]
            {
                new LatencyTarget("static /css/site.css", "/css/site.css"),
                new LatencyTarget(FormattableString.Invariant($"profile /People/{database.ActivePersonId}"), FormattableString.Invariant($"/People/{database.ActivePersonId}")),
                new LatencyTarget("leaderboard /Leaderboard", "/Leaderboard"),
                // The most common bench topic: the largest expertise list and topic page the database has.
                new LatencyTarget("experts /Experts?topic=topic-1", "/Experts?topic=topic-1"),
                new LatencyTarget("topic /Topic?topic=topic-1", "/Topic?topic=topic-1"),
                new LatencyTarget("practices /Practices", "/Practices"),
                new LatencyTarget("overview /", "/"),
            };
            var chosen = parse.GetValue(only) ?? [];
            var unknown = chosen.Where(c => !targets.Any(t => t.Group.StartsWith(c + " ", StringComparison.Ordinal))).ToList();
            if (unknown.Count > 0)
                throw new ArgumentException($"--only: no target named {string.Join(", ", unknown)}.");
            if (chosen.Length > 0)
                targets = [.. targets.Where((t, i) => i == 0 || chosen.Any(c => t.Group.StartsWith(c + " ", StringComparison.Ordinal)))];
            var firsts = await run.WarmUpAsync(targets, times: 3, ct);
            // What a user meets after each sync: the same process, the data changed, the figures computed again.
            var afterNewData = await run.AfterNewDataAsync(targets[1..], c => BenchDatabase.TouchAsync(database, c), rounds: 3, ct);
            // The last touch left the earlier targets' figures of an older version: computed again here, not inside a loop.
            await run.WarmUpAsync(targets, times: 1, ct);

            var seconds = parse.GetValue(duration);
            var figures = new List<LatencyFigures>();
            foreach (var target in targets)
                figures.AddRange(await run.RunAsync([target], parse.GetValue(clients), TimeSpan.FromSeconds(seconds), ct));

            var inv = CultureInfo.InvariantCulture;
            var baseline = figures[0].P95;
            await Console.Out.WriteLineAsync(string.Create(inv,
                $"bench web: {parse.GetValue(clients)} clients x {seconds} s per target, {Environment.ProcessorCount} cores, load average {LoadAverage.Read()}; database {database.Path}"));
            // The dashboard keeps figures per data version (ReadModelCache): the first request computes them.
            await Console.Out.WriteLineAsync("  first request of each target (figures computed, nothing cached): "
                + string.Join(", ", firsts.Select(f => string.Create(inv, $"{f.Target.Group.Split(' ')[0]} {f.FirstMilliseconds:N0} ms"))));
            await Console.Out.WriteLineAsync(string.Create(inv, $"  first request after new data (warm process, figures computed again; 3 rounds, target <= {TargetFirstMilliseconds} ms): ")
                + string.Join(", ", afterNewData.Select(a => string.Create(inv,
                    $"{a.Target.Group.Split(' ')[0]} {string.Join(" / ", a.Milliseconds.Select(ms => ms.ToString("N0", inv)))} ms {(a.Milliseconds.Max() <= TargetFirstMilliseconds ? "met" : "MISSED")}"))));
            foreach (var line in LatencyRun.Table(figures, f => string.Create(inv, $"{f.P95 / baseline,6:0.0}x  {(f == figures[0] ? "" : f.P95 <= TargetP95Milliseconds ? "met" : "MISSED")}"),
                         $"p95/static  target p95 <= {TargetP95Milliseconds} ms"))
                await Console.Out.WriteLineAsync(line);
            var errors = figures.Sum(f => f.Errors);
            if (errors > 0)
            {
                foreach (var line in app.LastLines().TakeLast(20))
                    await Console.Error.WriteLineAsync("  app: " + line);
            }

            return errors == 0 ? 0 : 1;
        }, ct));
        return command;
    }
}
