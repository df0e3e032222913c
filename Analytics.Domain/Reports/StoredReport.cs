namespace Analytics.Domain.Reports;

/// <summary>A generated report kept for download; regenerating a period adds a version.</summary>
public sealed class StoredReport
{
    public long Id { get; set; }

    /// <summary>"monthly".</summary>
    public required string Kind { get; set; }

    /// <summary>"2026-10".</summary>
    public required string Period { get; set; }

    public int Version { get; set; }
    public DateTimeOffset GeneratedAt { get; set; }
    public string? GeneratedBy { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public long SizeBytes { get; set; }
}
