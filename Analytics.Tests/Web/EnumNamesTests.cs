using System.Net;
using System.Text.RegularExpressions;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Recognition;
using Analytics.Tests.Support;

namespace Analytics.Tests.Web;

/// <summary>Users read product words, not C# enum names (issue 21: "Scoring type list shows enum names").</summary>
public sealed class EnumNamesTests : IClassFixture<SharedDemo>
{
    private readonly AnalyticsWebFactory _web;

    public EnumNamesTests(SharedDemo factory) => _web = factory.Web;

    [Fact]
    public async Task The_scoring_form_lists_activity_types_by_their_product_terms_and_keeps_the_rule_preselected()
    {
        using var client = _web.CreateClient();
        await SignIn.AsAsync(client, "hr");

        var html = await client.GetStringAsync("/Scoring?type=Answered");

        var options = Regex.Matches(html, "<option[^>]*>([^<]*)</option>").Select(m => m.Groups[1].Value).ToList();
        foreach (var type in ActivityTypes.All)
        {
            Assert.Contains(type.Code(), options);
            Assert.DoesNotContain(type.ToString(), options);
        }

        Assert.Matches($"<option selected=\"selected\" value=\"{(int)ActivityType.Answered}\">answered</option>", html);
    }

    [Fact]
    public async Task No_page_shows_a_multi_word_enum_name()
    {
        // Names made of several words glued together are never a word a user would read ("PerHead", "PendingApproval").
        var names = Enum.GetNames<IndicatorKind>().Concat(Enum.GetNames<RecognitionCategory>()).Concat(Enum.GetNames<AwardStatus>())
            .Concat(Enum.GetNames<ActivityType>())
            .Where(n => Regex.Count(n, "[A-Z]") > 1)
            .ToList();
        Assert.Contains("PerHead", names); // the list is what the test believes it is
        using var client = _web.CreateClient();
        await SignIn.AsAsync(client, "hr");
        var demo = await DemoPeople.LoadAsync(_web);

        // Not the audit log: its Details column is the stored record verbatim ("category=LearningCommunity"), the stable
        // names of the log and its export, read by HR as a trail, not as the product's words.
        foreach (var route in new[] { "/Definitions", "/Scoring", "/Recognition", "/Recognition/Feed", "/Recognition/Approvals", "/Recognition/Mine", $"/People/{demo.Employee}" })
        {
            var response = await client.GetAsync(route);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // Text between tags only: attribute values and URLs may carry the stable names.
            var text = string.Join(" ", Regex.Matches(await response.Content.ReadAsStringAsync(), ">([^<]+)<").Select(m => m.Groups[1].Value));
            foreach (var name in names)
                Assert.False(Regex.IsMatch(text, $"\\b{name}\\b"), $"{route} shows the enum name {name}");
        }
    }
}
