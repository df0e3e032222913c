using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using MsLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Analytics.Jobs.Hosting;

/// <summary>
/// Hangfire keeps one process-wide log provider. Its default for hosted apps binds it to one host's
/// LoggerFactory, and every later Hangfire call in the process throws once that host is disposed (the
/// command line and tests run several hosts in one process). This bridge creates loggers per call and
/// logs nothing once its host's factory is gone, instead of failing the job code that wanted to log.
/// </summary>
public sealed class HangfireLogBridge(ILoggerFactory factory) : ILogProvider
{
    public ILog GetLogger(string name) => new Log(factory, name);

    private sealed class Log(ILoggerFactory factory, string name) : ILog
    {
        bool ILog.Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception)
        {
            ILogger logger;
            try
            {
                logger = factory.CreateLogger(name);
            }
            catch (ObjectDisposedException)
            {
                // The host that owned this factory has shut down: there is no log left to write to.
                return false;
            }

            var level = logLevel switch
            {
                HangfireLevel.Trace => MsLevel.Trace,
                HangfireLevel.Debug => MsLevel.Debug,
                HangfireLevel.Info => MsLevel.Information,
                HangfireLevel.Warn => MsLevel.Warning,
                HangfireLevel.Error => MsLevel.Error,
                _ => MsLevel.Critical,
            };
            if (messageFunc is null)
                return logger.IsEnabled(level);
            if (logger.IsEnabled(level))
                logger.Log(level, exception, "{Message}", messageFunc());
            return true;
        }
    }
}
