using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Analytics.Tests.Persistence;

/// <summary>
/// Rules the SQL Server model must keep, checked from the model itself (docs/adr/1412): each rule is a
/// function from a relational model to its violations, so a guard test can show it finds a broken model.
/// </summary>
public sealed class SqlServerModelLintTests
{
    private const int ClusteredKeyLimit = 900;
    private const int NonclusteredKeyLimit = 1700;

    /// <summary>An index or key of a table: its name, whether clustered, and its columns.</summary>
    public sealed record KeyShape(string Table, string Name, bool Unique, bool Clustered, IReadOnlyList<IColumn> Columns);

    public static IEnumerable<KeyShape> Keys(IRelationalModel model) =>
        model.Tables.SelectMany(table =>
            table.UniqueConstraints.Select(c => new KeyShape(table.Name, c.Name, true,
                    // SQL Server clusters the primary key unless told otherwise, and nothing else by default.
                    c.MappedKeys.Select(k => k.IsClustered()).FirstOrDefault(v => v is not null) ?? c.GetIsPrimaryKey(),
                    c.Columns.ToList()))
                .Concat(table.Indexes.Select(i => new KeyShape(table.Name, i.Name, i.IsUnique,
                    i.MappedIndexes.Any(m => m.IsClustered() == true), i.Columns.ToList()))));

    public static List<string> TextKeyColumnsWithoutCollation(IRelationalModel model) =>
        Keys(model).Where(k => k.Unique)
            .SelectMany(k => k.Columns.Where(c => SqlServerModel.IsText(c.StoreType) && c.Collation is null)
                .Select(c => $"{k.Table}.{c.Name} (in {k.Name})"))
            .Distinct().Order(StringComparer.Ordinal).ToList();

    public static List<string> OversizedKeys(IRelationalModel model) =>
        Keys(model).Where(k => !k.Columns.Any(c => SqlServerModel.IsMax(c.StoreType)))
            .Select(k => (Key: k, Bytes: k.Columns.Sum(c => SqlServerModel.KeyBytes(c.StoreType)),
                Limit: k.Clustered ? ClusteredKeyLimit : NonclusteredKeyLimit))
            .Where(k => k.Bytes > k.Limit)
            .Select(k => $"{k.Key.Table}.{k.Key.Name}: {k.Bytes} bytes > {k.Limit} ({(k.Key.Clustered ? "clustered" : "nonclustered")})")
            .ToList();

    public static List<string> MaxColumnsInKeys(IRelationalModel model) =>
        Keys(model).SelectMany(k => k.Columns.Where(c => SqlServerModel.IsMax(c.StoreType))
            .Select(c => $"{k.Table}.{k.Name}: {c.Name} is {c.StoreType}")).ToList();

    /// <summary>
    /// The retention purge deletes old Activities: a foreign key into Activities that neither cascades nor
    /// sets null makes that delete fail once a referencing row is older than the retention horizon.
    /// </summary>
    public static List<string> ForeignKeysBlockingActivityRetention(IRelationalModel model) =>
        model.Tables.SelectMany(t => t.ForeignKeyConstraints)
            .Where(fk => fk.PrincipalTable.Name == "Activities"
                         && fk.OnDeleteAction is not (ReferentialAction.Cascade or ReferentialAction.SetNull))
            .Select(fk => $"{fk.Table.Name}.{fk.Name} ({fk.OnDeleteAction})")
            .Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Every_text_column_in_a_unique_index_or_key_has_an_explicit_collation() =>
        Assert.Empty(TextKeyColumnsWithoutCollation(SqlServerModel.Relational));

    [Fact]
    public void Every_identifier_column_compares_ordinally_on_SQL_Server()
    {
        // The columns of finding 2 by name, so that the rule above cannot pass by finding no keys at all.
        foreach (var (table, column) in new[]
                 {
                     ("Activities", "SourceEventId"), ("KnowledgeItems", "ExternalId"), ("SourceAccounts", "ExternalId"),
                     ("SourceAccounts", "Username"), ("SourceAccounts", "Email"), ("Employees", "Email"),
                 })
            Assert.Equal(SqlServerAnalyticsDbContext.BinaryCollation, SqlServerModel.Table(table).FindColumn(column)!.Collation);
    }

    [Fact]
    public void Every_index_key_fits_SQL_Servers_limit() => Assert.Empty(OversizedKeys(SqlServerModel.Relational));

    [Fact]
    public void No_max_column_is_in_a_key() => Assert.Empty(MaxColumnsInKeys(SqlServerModel.Relational));

    [Fact]
    public void No_foreign_key_into_Activities_blocks_the_retention_purge() =>
        // Award evidence keeps a snapshot of the activity and no foreign key (ADR 1404), so the purge never meets one.
        Assert.Empty(ForeignKeysBlockingActivityRetention(SqlServerModel.Relational));

    [Fact]
    public void The_rules_find_a_model_that_breaks_them()
    {
        // Guards the guards: a model with a case-insensitive wide key in a clustered index, a max column in an
        // index and a restricting foreign key into Activities.
        using var db = new BrokenContext();
        var model = db.GetService<IDesignTimeModel>().Model.GetRelationalModel();

        Assert.Contains("Widgets.Code (in PK_Widgets)", TextKeyColumnsWithoutCollation(model));
        Assert.Contains(OversizedKeys(model), v => v.StartsWith("Widgets.PK_Widgets: 1000 bytes > 900", StringComparison.Ordinal));
        Assert.Contains(MaxColumnsInKeys(model), v => v.Contains("Notes is nvarchar(max)", StringComparison.Ordinal));
        Assert.Contains(ForeignKeysBlockingActivityRetention(model), v => v.StartsWith("Widgets.", StringComparison.Ordinal));
    }

    private sealed class Widget
    {
        public string Code { get; set; } = "";
        public string? Notes { get; set; }
        public long ActivityId { get; set; }
    }

    private sealed class Activity
    {
        public long Id { get; set; }
    }

    private sealed class BrokenContext : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder options) =>
            options.UseSqlServer("Server=offline;Database=Broken;TrustServerCertificate=true");

        protected override void OnModelCreating(ModelBuilder builder)
        {
            builder.Entity<Activity>().ToTable("Activities");
            builder.Entity<Widget>(w =>
            {
                w.ToTable("Widgets");
                w.HasKey(x => x.Code);
                w.Property(x => x.Code).HasMaxLength(500);
                w.Property(x => x.Notes).HasColumnType("nvarchar(max)");
                w.HasIndex(x => x.Notes);
                w.HasOne<Activity>().WithMany().HasForeignKey(x => x.ActivityId).OnDelete(DeleteBehavior.Restrict);
            });
        }
    }
}
