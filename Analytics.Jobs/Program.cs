using Analytics.Jobs.Cli;

namespace Analytics.Jobs;

public static class Program
{
    public static Task<int> Main(string[] args) => AnalyticsCli.Build().Parse(args).InvokeAsync();
}
