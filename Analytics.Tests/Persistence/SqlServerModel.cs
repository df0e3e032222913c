using System.Globalization;
using System.Text.RegularExpressions;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Analytics.Tests.Persistence;

/// <summary>
/// The SQL Server relational model (tables, columns with their store types and collations, keys and indexes)
/// as the migrations see it, built offline: no server is contacted.
/// </summary>
public static partial class SqlServerModel
{
    public static IRelationalModel Relational { get; } = Build();

    private static IRelationalModel Build()
    {
        using var db = DatabaseRegistration.CreateContext(DatabaseProvider.SqlServer, "Server=offline;Database=Analytics;TrustServerCertificate=true");
        // The design-time model keeps every annotation (collations, filters); the runtime one may drop some.
        return db.GetService<IDesignTimeModel>().Model.GetRelationalModel();
    }

    public static ITable Table(string name) =>
        Relational.Tables.Single(t => t.Name == name && t.Schema == SqlServerAnalyticsDbContext.Schema);

    /// <summary>True for store types that hold text, which is where a collation applies.</summary>
    public static bool IsText(string storeType) =>
        storeType.StartsWith("nvarchar", StringComparison.OrdinalIgnoreCase) || storeType.StartsWith("varchar", StringComparison.OrdinalIgnoreCase)
        || storeType.StartsWith("nchar", StringComparison.OrdinalIgnoreCase) || storeType.StartsWith("char", StringComparison.OrdinalIgnoreCase);

    public static bool IsMax(string storeType) => storeType.EndsWith("(max)", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The bytes a column takes in an index key, from its SQL Server store type (the declared maximum for
    /// variable-length types, which is what SQL Server checks an insert against).
    /// </summary>
    public static int KeyBytes(string storeType)
    {
        var match = TypePattern().Match(storeType.ToLowerInvariant());
        if (!match.Success)
            throw new InvalidOperationException($"Unknown store type '{storeType}': teach {nameof(KeyBytes)} its size.");
        var name = match.Groups["name"].Value;
        var length = match.Groups["length"].Success && match.Groups["length"].Value != "max"
            ? int.Parse(match.Groups["length"].Value, CultureInfo.InvariantCulture)
            : (int?)null;
        return name switch
        {
            "nvarchar" or "nchar" => 2 * (length ?? 1),
            "varchar" or "char" or "varbinary" or "binary" => length ?? 1,
            "bigint" or "float" or "datetime" => 8,
            "datetime2" => length is null or > 4 ? 8 : length > 2 ? 7 : 6,
            "datetimeoffset" => 10,
            "int" or "real" => 4,
            "smallint" => 2,
            "tinyint" or "bit" => 1,
            "date" => 3,
            "time" => 5,
            "uniqueidentifier" => 16,
            "decimal" or "numeric" => (length ?? 18) switch { <= 9 => 5, <= 19 => 9, <= 28 => 13, _ => 17 },
            "rowversion" or "timestamp" => 8,
            _ => throw new InvalidOperationException($"Unknown store type '{storeType}': teach {nameof(KeyBytes)} its size."),
        };
    }

    [GeneratedRegex(@"^(?<name>[a-z0-9]+)(\((?<length>max|\d+)(,\s*\d+)?\))?$")]
    private static partial Regex TypePattern();
}
