namespace Analytics.Domain.Persistence;

/// <summary>The database cannot be opened or written at all (no folder, read-only, locked): an operator's problem, not a bug.</summary>
public sealed class DatabaseUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
