using Analytics.Domain.Persistence;
using Analytics.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Security;

/// <summary>One seeded app shared by the security test classes that do not change its data in ways others would see.</summary>
public sealed class SecurityApp : IAsyncLifetime
{
    public AnalyticsWebFactory Web { get; } = new();
    public DemoPeople People { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Task.Run(() => Web.CreateClient().Dispose());
        People = await DemoPeople.LoadAsync(Web);
    }

    public async Task DisposeAsync() => await Web.DisposeAsync();

    public async Task<HttpClient> ClientAsync(string? user)
    {
        var client = Web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (user is not null)
            await SignIn.AsAsync(client, user);
        return client;
    }

    public async Task<T> WithDbAsync<T>(Func<AnalyticsDbContext, Task<T>> work)
    {
        await using var scope = Web.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>());
    }

    /// <summary>A hash of every row of every table of the analytics database: equal before and after means nothing was written.</summary>
    public async Task<string> DatabaseFingerprintAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Web.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                tables.Add(reader.GetString(0));
        }

        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
            await using var reader = await select.ExecuteReaderAsync();
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(table));
            while (await reader.ReadAsync())
                for (var i = 0; i < reader.FieldCount; i++)
                    hash.AppendData(System.Text.Encoding.UTF8.GetBytes((reader.IsDBNull(i) ? "\u0000" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)) + "\u001f"));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}

[CollectionDefinition(Name)]
public sealed class SecurityAppCollection : ICollectionFixture<SecurityApp>
{
    public const string Name = "security app";
}
