namespace Analytics.Tests.Support;

/// <summary>
/// A test on a real export under the shared samples folder (shared/samples above the repository, or ANALYTICS_SAMPLES):
/// read where it lies, never copied into the repository; reported as skipped where the sample is not present.
/// </summary>
public sealed class SampleFactAttribute : FactAttribute
{
    public const string Variable = "ANALYTICS_SAMPLES";

    public SampleFactAttribute(string sample)
    {
        if (PathOf(sample) is null)
            Skip = $"Needs the sample '{sample}': a shared/samples folder above the repository, or {Variable}.";
    }

    public static string? PathOf(string sample)
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } root && Directory.Exists(Path.Combine(root, sample)))
            return Path.Combine(root, sample);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "samples", sample);
            if (Directory.Exists(candidate))
                return candidate;
        }

        return null;
    }
}
