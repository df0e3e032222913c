using System.Text.RegularExpressions;
using Analytics.Domain.Recognition;
using Analytics.Tests.Support;
using Analytics.Web.Recognition;

namespace Analytics.Tests.Recognition;

/// <summary>Users read words, not the C# names of enums.</summary>
public sealed partial class DisplayNamesTests : IClassFixture<SharedDemo>
{
    private readonly AnalyticsWebFactory _web;

    public DisplayNamesTests(SharedDemo factory) => _web = factory.Web;

    [Fact]
    public void Every_category_and_status_has_words_of_its_own()
    {
        var names = Enum.GetValues<RecognitionCategory>().Select(DisplayNames.Of)
            .Concat(Enum.GetValues<AwardStatus>().Select(DisplayNames.Of)).ToList();

        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.DoesNotContain(names, n => CamelCase().IsMatch(n));
        Assert.Equal("Learning community", DisplayNames.Of(RecognitionCategory.LearningCommunity));
        Assert.Equal("Waiting for approval", DisplayNames.Of(AwardStatus.PendingApproval));
    }

    [Theory]
    [InlineData("manager", "/Recognition")]
    [InlineData("hr", "/Recognition")]
    [InlineData("hr", "/Recognition/Approvals")]
    [InlineData("employee", "/Recognition/Mine")]
    public async Task Recognition_pages_show_no_enum_names(string user, string route)
    {
        using var client = _web.CreateClient();
        await SignIn.AsAsync(client, user);

        var html = await client.GetStringAsync(route);

        foreach (var name in new[] { "LearningCommunity", "LifelongLearning", "PendingApproval" })
            Assert.DoesNotContain(">" + name + "<", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_award_form_offers_categories_in_words()
    {
        var people = await DemoPeople.LoadAsync(_web);
        using var client = _web.CreateClient();
        await SignIn.AsAsync(client, "manager");

        // Award links carry the person id, as the profile's address does (ADR 2104).
        var html = await client.GetStringAsync($"/Recognition?person={people.InLine}");

        Assert.Matches("<option[^>]* value=\"3\"[^>]*>Learning community</option>", html);
        Assert.Matches("<option[^>]* value=\"5\"[^>]*>Lifelong learning</option>", html);
        Assert.DoesNotContain(">LearningCommunity<", html, StringComparison.Ordinal);
    }

    // Two words run together, "LearningCommunity": the shape of a C# name.
    [GeneratedRegex("[a-z][A-Z]")]
    private static partial Regex CamelCase();
}
