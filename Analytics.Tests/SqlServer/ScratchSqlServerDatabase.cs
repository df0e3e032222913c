using System.Diagnostics;
using Analytics.Tests.Support;
using Microsoft.Data.SqlClient;

namespace Analytics.Tests.SqlServer;

/// <summary>
/// A database of its own on the server named by ANALYTICS_SQLSERVER, created for one test and dropped after it,
/// optionally with a collation and READ_COMMITTED_SNAPSHOT setting of its own.
/// </summary>
public sealed class ScratchSqlServerDatabase : IAsyncDisposable
{
    private readonly string _server;

    private ScratchSqlServerDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new SqlConnectionStringBuilder(server) { InitialCatalog = name, Pooling = false }.ConnectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public static async Task<ScratchSqlServerDatabase> CreateAsync(string? collation = null, bool readCommittedSnapshot = true)
    {
        var server = SqlServerFactAttribute.ConnectionString
                     ?? throw new InvalidOperationException($"{SqlServerFactAttribute.Variable} is not set.");
        var database = new ScratchSqlServerDatabase(server, $"analytics_test_{Guid.NewGuid():N}");
        var collate = collation is null ? "" : $" COLLATE {collation}";
        await database.OnServerAsync($"CREATE DATABASE [{database.Name}]{collate};");
        await database.OnServerAsync($"ALTER DATABASE [{database.Name}] SET READ_COMMITTED_SNAPSHOT {(readCommittedSnapshot ? "ON" : "OFF")} WITH ROLLBACK IMMEDIATE;");
        return database;
    }

    /// <summary>A collation other than the server's, so that temp tables (tempdb's) and this database's differ.</summary>
    public static async Task<string> CollationOtherThanTheServersAsync()
    {
        await using var connection = new SqlConnection(SqlServerFactAttribute.ConnectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand("SELECT CAST(SERVERPROPERTY('Collation') AS nvarchar(128));", connection);
        var server = (string)(await command.ExecuteScalarAsync())!;
        return server == "Latin1_General_100_CS_AS" ? "Japanese_XJIS_140_CI_AS" : "Latin1_General_100_CS_AS";
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new SqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Runs a script as sqlcmd would: with sqlcmd itself when it is on the PATH (-b, and -I when asked), else
    /// batch by batch (split on GO) on one SqlClient session that starts with QUOTED_IDENTIFIER as sqlcmd would.
    /// </summary>
    public async Task RunScriptAsync(string path, bool quotedIdentifierSwitch)
    {
        if (FindOnPath("sqlcmd") is { } sqlcmd)
        {
            var builder = new SqlConnectionStringBuilder(ConnectionString);
            var start = new ProcessStartInfo(sqlcmd) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "-S", builder.DataSource, "-d", Name, "-b", "-i", path })
                start.ArgumentList.Add(argument);
            if (builder.IntegratedSecurity)
                start.ArgumentList.Add("-E");
            else
                foreach (var argument in new[] { "-U", builder.UserID, "-P", builder.Password })
                    start.ArgumentList.Add(argument);
            if (builder.TrustServerCertificate)
                start.ArgumentList.Add("-C");
            if (quotedIdentifierSwitch)
                start.ArgumentList.Add("-I");
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"sqlcmd exited with {process.ExitCode}:\n{output}\n{error}");
            return;
        }

        await using var connection = new SqlConnection(ConnectionString);
        await connection.OpenAsync();
        // SqlClient turns QUOTED_IDENTIFIER on when it connects; sqlcmd without -I leaves it off.
        await using (var set = new SqlCommand($"SET QUOTED_IDENTIFIER {(quotedIdentifierSwitch ? "ON" : "OFF")};", connection))
            await set.ExecuteNonQueryAsync();
        foreach (var batch in Batches(await File.ReadAllTextAsync(path)))
        {
            await using var command = new SqlCommand(batch, connection) { CommandTimeout = 300 };
            await command.ExecuteNonQueryAsync();
        }
    }

    private static IEnumerable<string> Batches(string script)
    {
        var batch = new List<string>();
        foreach (var line in script.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.Trim().Equals("GO", StringComparison.OrdinalIgnoreCase))
            {
                if (batch.Count > 0)
                    yield return string.Join('\n', batch);
                batch.Clear();
            }
            else
            {
                batch.Add(line);
            }
        }

        if (batch.Any(l => l.Trim().Length > 0))
            yield return string.Join('\n', batch);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Select(folder => Path.Combine(folder, name))
        .FirstOrDefault(File.Exists);

    private async Task OnServerAsync(string sql)
    {
        await using var connection = new SqlConnection(new SqlConnectionStringBuilder(_server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand(sql, connection) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        SqlConnection.ClearAllPools();
        await OnServerAsync($"IF DB_ID(N'{Name}') IS NOT NULL BEGIN ALTER DATABASE [{Name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{Name}]; END;");
    }
}
