using Analytics.Jobs.Connectors.Live;
using Analytics.Tests.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Analytics.Tests.Connectors.Live;

/// <summary>A live source's configuration is checked before anything is read: bad settings are refused with their reason.</summary>
public sealed class LiveSourceOptionsTests
{
    [Theory]
    [InlineData("sharepoint", "https://x.example.com/", null, "Kind must be one of xapi, github, confluence")]
    [InlineData("github", "https://api.github.com/", null, "needs Repositories")]
    [InlineData("github", "https://api.github.com/", "acme", "is not owner/name")]
    [InlineData("xapi", "ftp://lrs.example.com/", null, "absolute http(s) address")]
    public async Task Invalid_settings_are_refused_with_the_reason(string kind, string baseUrl, string? repository, string reason)
    {
        var settings = new Dictionary<string, string?>
        {
            ["LiveSources:bad:Kind"] = kind,
            ["LiveSources:bad:BaseUrl"] = baseUrl,
            ["LiveSources:bad:Token"] = "t",
        };
        if (repository is not null)
            settings["LiveSources:bad:Repositories:0"] = repository;
        var errors = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        var options = new LiveSourceOptions { Kind = kind, BaseUrl = new Uri(baseUrl), Token = "t", Repositories = repository is null ? [] : [repository] };
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), errors, validateAllProperties: true);
        Assert.Contains(errors, e => e.ErrorMessage!.Contains(reason, StringComparison.Ordinal));

        await using var host = await IngestionHost.CreateAsync(settings: settings);
        var error = Assert.Throws<OptionsValidationException>(() => host.Host.Services.GetRequiredService<IOptionsMonitor<LiveSourceOptions>>().Get("bad"));
        Assert.Contains("LiveSources:bad is invalid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_repository_entry_is_refused_not_a_crash()
    {
        var options = new LiveSourceOptions { Kind = "github", BaseUrl = new Uri("https://api.github.com/"), Token = "t", Repositories = [null!] };
        var errors = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), errors, validateAllProperties: true));
        Assert.Contains(errors, e => e.ErrorMessage!.Contains("may not hold empty entries", StringComparison.Ordinal));
    }

    [Fact]
    public void Discussions_asked_for_without_a_token_are_refused()
    {
        var options = new LiveSourceOptions { Kind = "github", BaseUrl = new Uri("https://api.github.com/"), Repositories = ["acme/docs"], Discussions = true };
        var errors = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), errors, validateAllProperties: true));
        Assert.Contains(errors, e => e.ErrorMessage!.Contains("needs a Token even for public repositories", StringComparison.Ordinal));
        options.Discussions = null; // unset: read only when a token is given, so a public setup without one stays valid
        Assert.True(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), null, validateAllProperties: true));
    }

    [Fact]
    public void An_empty_confluence_space_key_is_refused()
    {
        var options = new LiveSourceOptions { Kind = "confluence", BaseUrl = new Uri("https://acme.atlassian.net/wiki/"), Token = "t", Spaces = ["ENG", " "] };
        var errors = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), errors, validateAllProperties: true));
        Assert.Contains(errors, e => e.ErrorMessage!.Contains("Spaces may not hold empty entries", StringComparison.Ordinal));
    }

    [Fact]
    public void A_token_and_a_password_together_are_refused()
    {
        var options = new LiveSourceOptions { Kind = "xapi", BaseUrl = new Uri("https://lrs.example.com/"), Token = "t", Username = "u", Password = "p" };
        var errors = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), errors, validateAllProperties: true));
        Assert.Contains(errors, e => e.ErrorMessage!.Contains("either Token or Username", StringComparison.Ordinal));
    }
}
