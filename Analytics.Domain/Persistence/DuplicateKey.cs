using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Domain.Persistence;

/// <summary>Recognises a unique-key violation from either provider, for inserts that race another writer.</summary>
public static class DuplicateKey
{
    public static bool Is(DbUpdateException error) => error.InnerException switch
    {
        // 2627: PRIMARY KEY or UNIQUE constraint; 2601: unique index.
        SqlException sql => sql.Number is 2627 or 2601,
        // SQLITE_CONSTRAINT_PRIMARYKEY (1555) or SQLITE_CONSTRAINT_UNIQUE (2067).
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 1555 or 2067,
        _ => false,
    };
}
