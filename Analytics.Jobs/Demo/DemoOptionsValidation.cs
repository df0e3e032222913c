using System.ComponentModel.DataAnnotations;

namespace Analytics.Jobs.Demo;

public static class DemoOptionsValidation
{
    public static IReadOnlyList<string> Validate(DemoOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => $"{string.Join(", ", r.MemberNames)}: {r.ErrorMessage}").ToList();
    }
}
