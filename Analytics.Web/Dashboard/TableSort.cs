namespace Analytics.Web.Dashboard;

/// <summary>
/// A column a table can be ordered by: its code in the URL, its header, whether it holds numbers (right-aligned) and
/// whether its first click orders it descending (by default numbers do: largest first; a rank does not: first first).
/// </summary>
public sealed record SortableColumn(string Code, string Title, bool Numeric = false, bool? FirstDescending = null)
{
    public bool StartsDescending => FirstDescending ?? Numeric;
}

/// <summary>
/// The one way every table is sorted (ADR 2105): the column and direction are in the URL (<c>sort=</c>, <c>dir=asc|desc</c>),
/// the server orders the rows, each header is a link (no script), and the ordered column carries <c>aria-sort</c>.
/// A header link of the ordered column flips the direction; another column starts descending for numbers (largest first,
/// what a reader of figures looks for) and ascending for text. An unknown column or direction is an error for a 400.
/// </summary>
public sealed class TableSort
{
    private TableSort(IReadOnlyList<SortableColumn> columns, SortableColumn column, bool descending, bool keepsOwnOrder) =>
        (Columns, Column, Descending, KeepsOwnOrder) = (columns, column, descending, keepsOwnOrder);

    public IReadOnlyList<SortableColumn> Columns { get; }
    public SortableColumn Column { get; }
    public bool Descending { get; }

    /// <summary>
    /// No order was asked for and the table has an order of its own that no column expresses (the department tree): the
    /// rows stay as they come and no header claims aria-sort.
    /// </summary>
    public bool KeepsOwnOrder { get; }

    // ownOrder: without sort= the table keeps an order of its own (a tree), not defaultColumn's.
    public static bool TryParse(string? sort, string? dir, IReadOnlyList<SortableColumn> columns, string defaultColumn, bool defaultDescending,
        out TableSort result, out string? error, bool ownOrder = false)
    {
        ArgumentNullException.ThrowIfNull(columns);
        result = new TableSort(columns, columns.Single(c => c.Code == defaultColumn), defaultDescending, ownOrder);
        error = null;
        var code = sort?.Trim().ToLowerInvariant();
        var column = string.IsNullOrEmpty(code) ? result.Column : columns.FirstOrDefault(c => c.Code == code);
        if (column is null)
        {
            error = $"Sort by {string.Join(", ", columns.Select(c => c.Code))}.";
            return false;
        }

        var direction = dir?.Trim().ToLowerInvariant();
        if (direction is not (null or "" or "asc" or "desc"))
        {
            error = "The direction is asc or desc.";
            return false;
        }

        var descending = direction switch { "desc" => true, "asc" => false, _ => column == result.Column ? defaultDescending : column.StartsDescending };
        result = new TableSort(columns, column, descending, ownOrder && string.IsNullOrEmpty(code) && string.IsNullOrEmpty(direction));
        return true;
    }

    /// <summary>aria-sort of a header: only the ordered column has one.</summary>
    public string? AriaSort(string column) => !KeepsOwnOrder && column == Column.Code ? (Descending ? "descending" : "ascending") : null;

    /// <summary>This column is the one the rows are ordered by.</summary>
    public bool IsOrderedBy(SortableColumn column) => !KeepsOwnOrder && column == Column;

    /// <summary>The query string part a header links to: its column, flipped if it is the ordered one.</summary>
    public string QueryFor(SortableColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var descending = IsOrderedBy(column) ? !Descending : column.StartsDescending;
        return $"sort={column.Code}&dir={(descending ? "desc" : "asc")}";
    }

    /// <summary>The query string part of the current order, for the pager and shared links.</summary>
    public string Query => KeepsOwnOrder ? "" : $"sort={Column.Code}&dir={(Descending ? "desc" : "asc")}";

    /// <summary>
    /// Orders rows by the key of the ordered column. Rows without a value (a hidden group, no rate) stay last in both
    /// directions; ties keep the incoming order (the table's own), so a page boundary never moves between requests.
    /// </summary>
    public IReadOnlyList<T> Order<T>(IEnumerable<T> rows, Func<T, string, IComparable?> key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (KeepsOwnOrder)
            return rows.ToList();
        var indexed = rows.Select((row, index) => (Row: row, Index: index, Key: key(row, Column.Code))).ToList();
        var present = indexed.Where(r => r.Key is not null);
        var ordered = Descending
            ? present.OrderByDescending(r => r.Key, Comparer.Instance)
            : present.OrderBy(r => r.Key, Comparer.Instance);
        return ordered.ThenBy(r => r.Index).Concat(indexed.Where(r => r.Key is null)).Select(r => r.Row).ToList();
    }

    // Text compares without case (as the People search always did); numbers by value.
    private sealed class Comparer : IComparer<IComparable?>
    {
        public static Comparer Instance { get; } = new();

        public int Compare(IComparable? x, IComparable? y) =>
            x is string a && y is string b ? StringComparer.OrdinalIgnoreCase.Compare(a, b) : Comparer<IComparable?>.Default.Compare(x, y);
    }
}
