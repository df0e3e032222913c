using System.Text;
using Analytics.Jobs.Cli;

namespace Analytics.Tests.Support;

/// <summary>
/// The `analytics` command line run inside the test process, for tests that only need a verb's exit code, output and
/// effect on the database. A child process (<see cref="Reliability.CliProcess"/>) paid about 2.3 CPU seconds to start
/// (runtime, JIT, EF Core's model) for milliseconds of work; it stays for what is about the process: a kill, a lock
/// held across processes, a signal, a memory peak (ADR 2034).
/// </summary>
/// <remarks>
/// Console output is process-wide and tests run in parallel: the console is replaced once by writers that send what a
/// run writes (on its own flow: awaits, tasks and threads it starts) to that run, and everything else to the original
/// console. Runs therefore need no collection of their own and may run beside each other and beside other tests.
/// </remarks>
public static class InProcessCli
{
    private static readonly AsyncLocal<ConsoleTranscript?> Current = new();
    private static readonly Lazy<bool> Routed = new(RouteConsole, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Runs `analytics ARGS` and returns its exit code and what it wrote.</summary>
    /// <param name="environment">
    /// Configuration as a child process would receive it in its environment (e.g. Ingestion__BatchSize); it reaches this
    /// run only, never the test process's environment, which every test shares.
    /// </param>
    /// <param name="args">The verb and its options, as typed after `analytics`.</param>
    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        _ = Routed.Value;
        var settings = (environment ?? new Dictionary<string, string>()).ToDictionary(
            e => e.Key.Replace("__", ":", StringComparison.Ordinal), e => (string?)e.Value, StringComparer.OrdinalIgnoreCase);
        var transcript = new ConsoleTranscript();
        Current.Value = transcript;
        try
        {
            var exit = await AnalyticsCli.Build(settings).Parse(args).InvokeAsync();
            return new CliRun(exit, transcript.Output, transcript.Error, transcript.Both);
        }
        finally
        {
            Current.Value = null;
        }
    }

    /// <inheritdoc cref="RunAsync(IReadOnlyDictionary{string, string}?, string[])"/>
    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(null, args);

    private static bool RouteConsole()
    {
        Console.SetOut(new RoutedWriter(Console.Out, t => t.OutputWriter));
        Console.SetError(new RoutedWriter(Console.Error, t => t.ErrorWriter));
        return true;
    }

    /// <summary>The console of the run on the current flow, or the original one.</summary>
    private sealed class RoutedWriter(TextWriter original, Func<ConsoleTranscript, TextWriter> stream) : TextWriter
    {
        private TextWriter Target => Current.Value is { } transcript ? stream(transcript) : original;

        public override Encoding Encoding => original.Encoding;
        public override void Write(char value) => Target.Write(value);
        public override void Write(string? value) => Target.Write(value);
        public override void Write(char[] buffer, int index, int count) => Target.Write(buffer, index, count);
        public override void WriteLine(string? value) => Target.WriteLine(value);
        public override void Flush() => Target.Flush();
    }

    /// <summary>Standard output and error of one run, each apart and both in the order they were written.</summary>
    private sealed class ConsoleTranscript
    {
        private readonly Lock _lock = new();
        private readonly StringBuilder _output = new();
        private readonly StringBuilder _error = new();
        private readonly StringBuilder _both = new();

        public ConsoleTranscript()
        {
            OutputWriter = new StreamWriter(this, _output);
            ErrorWriter = new StreamWriter(this, _error);
        }

        public TextWriter OutputWriter { get; }
        public TextWriter ErrorWriter { get; }
        public string Output { get { lock (_lock) return _output.ToString(); } }
        public string Error { get { lock (_lock) return _error.ToString(); } }
        public string Both { get { lock (_lock) return _both.ToString(); } }

        private void Append(StringBuilder stream, ReadOnlySpan<char> text)
        {
            lock (_lock)
            {
                stream.Append(text);
                _both.Append(text);
            }
        }

        private sealed class StreamWriter(ConsoleTranscript transcript, StringBuilder stream) : TextWriter
        {
            public override Encoding Encoding => Encoding.UTF8;
            public override void Write(char value) => transcript.Append(stream, [value]);
            public override void Write(string? value) => transcript.Append(stream, value);
            public override void Write(char[] buffer, int index, int count) => transcript.Append(stream, buffer.AsSpan(index, count));
            public override void WriteLine(string? value) => transcript.Append(stream, value + NewLine);
        }
    }
}

/// <summary>What one in-process run of the command line returned and wrote.</summary>
/// <param name="Exit">The exit code.</param>
/// <param name="Output">Standard output.</param>
/// <param name="Error">Standard error.</param>
/// <param name="Both">Standard output and error together, in the order they were written (what a terminal shows).</param>
public sealed record CliRun(int Exit, string Output, string Error, string Both)
{
    public void Deconstruct(out int exit, out string output, out string error) => (exit, output, error) = (Exit, Output, Error);

    public void Deconstruct(out int exit, out string output) => (exit, output) = (Exit, Output);
}
