namespace Analytics.Jobs.Recognition;

/// <summary>A calendar quarter, the period a recognition budget covers.</summary>
public readonly record struct Quarter(int Year, int Number)
{
    public static Quarter Of(DateTimeOffset at) => new(at.UtcDateTime.Year, (at.UtcDateTime.Month - 1) / 3 + 1);

    public override string ToString() => $"{Year}-Q{Number}";
}
