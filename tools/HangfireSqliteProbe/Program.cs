using System.Globalization;
using HangfireSqliteProbe;

// probe run FOLDER JOBS WORKERS [SERVERS]: one measured run (enqueues, starts the servers as child processes, counts).
// probe server FOLDER WORKERS: one Hangfire server over FOLDER/hangfire.db until the queue is drained (a child of run).
return args switch
{
    ["run", var folder, var jobs, var workers, .. var rest] =>
        await Probe.RunAsync(Path.GetFullPath(folder), Number(jobs), Number(workers), rest.Length > 0 ? Number(rest[0]) : 2),
    ["server", var folder, var workers] => await Probe.ServeAsync(Path.GetFullPath(folder), Number(workers)),
    _ => Usage(),
};

static int Number(string text) => int.Parse(text, CultureInfo.InvariantCulture);

static int Usage()
{
    Console.Error.WriteLine("usage: probe run FOLDER JOBS WORKERS [SERVERS] | probe server FOLDER WORKERS");
    return 2;
}
