namespace Analytics.Domain.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}
