using Analytics.Domain.People;
using Analytics.Domain.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Analytics.Domain.Persistence;

/// <summary>The production target. Owns the migrations under Migrations/SqlServer; tables live in schema "analytics".</summary>
public sealed class SqlServerAnalyticsDbContext(DbContextOptions<SqlServerAnalyticsDbContext> options) : AnalyticsDbContext(options)
{
    public const string Schema = "analytics";

    /// <summary>
    /// Ordinal comparison on SQL Server, as SQLite's BINARY default and the code's ordinal lookups
    /// (docs/adr/1410): the columns are nvarchar, so the _UTF8 variant would change nothing, and this one
    /// exists on every supported version.
    /// </summary>
    public const string BinaryCollation = "Latin1_General_100_BIN2";

    /// <summary>
    /// ASP.NET Identity's default key lengths (nvarchar(450) each) put AspNetUserLogins' and
    /// AspNetUserTokens' clustered keys over SQL Server's 900 bytes; the values are short (a GUID user id,
    /// a provider's name and key), as in the ASP.NET templates' MaxLengthForKeys = 128.
    /// </summary>
    public const int IdentityKeyLength = 128;

    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    protected override bool HasSharedDatabase(string connectionString) => true;

    protected override AnalyticsDbContext WithOptions(IDbContextOptions options) =>
        new SqlServerAnalyticsDbContext((DbContextOptions<SqlServerAnalyticsDbContext>)options);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.HasDefaultSchema(Schema);
        base.OnModelCreating(builder);

        builder.Entity<AppUser>().Property(u => u.Id).HasMaxLength(IdentityKeyLength);
        builder.Entity<IdentityRole>().Property(r => r.Id).HasMaxLength(IdentityKeyLength);
        builder.Entity<IdentityUserLogin<string>>(login =>
        {
            login.Property(l => l.LoginProvider).HasMaxLength(IdentityKeyLength);
            login.Property(l => l.ProviderKey).HasMaxLength(IdentityKeyLength);
        });
        builder.Entity<IdentityUserToken<string>>(token =>
        {
            token.Property(t => t.LoginProvider).HasMaxLength(IdentityKeyLength);
            token.Property(t => t.Name).HasMaxLength(IdentityKeyLength);
        });

        // Identifiers compared ordinally by the code but in no key or unique index (docs/adr/1410).
        builder.Entity<SourceAccount>(account =>
        {
            account.Property(a => a.Username).UseCollation(BinaryCollation);
            account.Property(a => a.Email).UseCollation(BinaryCollation);
        });
        UseBinaryCollationForKeys(builder.Model);
    }

    /// <summary>
    /// Every string column in a key, a unique index or a foreign key compares ordinally, as on SQLite: a
    /// case-insensitive default collation would make a case-only Git rename or two usernames differing by
    /// case collide (error 2601) and drop event ids differing by case as duplicates. Foreign keys follow
    /// the key they reference, because SQL Server refuses a foreign key between different collations.
    /// </summary>
    private static void UseBinaryCollationForKeys(IMutableModel model)
    {
        var properties = model.GetEntityTypes().SelectMany(e =>
            e.GetKeys().SelectMany(k => k.Properties)
                .Concat(e.GetIndexes().Where(i => i.IsUnique).SelectMany(i => i.Properties))
                .Concat(e.GetForeignKeys().SelectMany(f => f.Properties)));
        foreach (var property in properties.Where(p => p.ClrType == typeof(string)).Distinct())
            property.SetCollation(BinaryCollation);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveColumnType("datetime2");
    }
}
