using System.Globalization;
using System.Net;
using System.Text;
using Analytics.Jobs.Recognition;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Email;

/// <summary>A rendered message: plain text and a simple HTML body with the same content.</summary>
public sealed record DigestContent(string Subject, string Text, string Html);

/// <summary>
/// The words of the three digests. Each names only what its recipient may see (a manager's line, the awardee's own award,
/// a link to Reports) and ends with the link to the e-mail settings where the recipient turns it off.
/// </summary>
public sealed class DigestMessages(IOptions<EmailOptions> options)
{
    public const string SettingsPath = "People/Email";

    public Uri Link(string relative) => new(options.Value.BaseUri(), relative);

    public DigestContent MonthlyBudget(string name, string monthLabel, Quarter quarter, int pointsLeft, int points, SuggestionView suggestions)
    {
        var body = new Body();
        body.Paragraph(Invariant($"Hello {name},"));
        body.Paragraph(Invariant($"Your recognition budget for {quarter}: {pointsLeft} of {points} points left."));
        if (suggestions.Items.Count == 0)
            body.Paragraph(Invariant($"No one in your reporting line stood out in {suggestions.Period.Label}: no suggestions this month."));
        else
        {
            body.Paragraph(Invariant($"People in your reporting line you might recognise, from {suggestions.Period.Label}:"));
            body.List(suggestions.Items.Select(s => Invariant(
                $"{s.Name}: {s.Reason} ({s.Contributions} contributions, {s.CrossTeamReuse:0.#} reuse by other teams, {s.MentoringHours:0.#} mentoring hours)")));
        }
        body.Link("Give an award", Link("Recognition"));
        return body.Finish(Invariant($"Recognition in {monthLabel}: {pointsLeft} points left, {suggestions.Items.Count} suggestions"),
            "the monthly recognition digest", Link(SettingsPath));
    }

    public DigestContent AwardApproved(string name, string giver, Domain.Recognition.RecognitionCategory category, string message)
    {
        var body = new Body();
        body.Paragraph(Invariant($"Hello {name},"));
        body.Paragraph(Invariant($"{giver} recognised you for {CategoryNames.Of(category)}:"));
        body.Quote(message);
        body.Link("Your recognition", Link("Recognition/Mine"));
        body.Link("The recognition feed", Link("Recognition/Feed"));
        return body.Finish(Invariant($"{giver} recognised you: {CategoryNames.Of(category)}"), "e-mails about your awards", Link(SettingsPath));
    }

    public DigestContent ReportStored(string name, string periodLabel)
    {
        var body = new Body();
        body.Paragraph(Invariant($"Hello {name},"));
        // A link, never the workbook: whoever opens it signs in, and the page's access rules apply.
        body.Paragraph(Invariant($"The monthly report of {periodLabel} is ready on the dashboard."));
        body.Link("Open Reports", Link("Reports"));
        return body.Finish(Invariant($"The monthly report of {periodLabel} is ready"), "the monthly report notice", Link(SettingsPath));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class Body
    {
        private readonly StringBuilder _text = new();
        private readonly StringBuilder _html = new();

        public void Paragraph(string text)
        {
            _text.Append(text).Append("\n\n");
            _html.Append("<p>").Append(WebUtility.HtmlEncode(text)).Append("</p>\n");
        }

        public void Quote(string text)
        {
            foreach (var line in text.Split('\n'))
                _text.Append("> ").Append(line.TrimEnd('\r')).Append('\n');
            _text.Append('\n');
            _html.Append("<blockquote>").Append(WebUtility.HtmlEncode(text).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</blockquote>\n");
        }

        public void List(IEnumerable<string> items)
        {
            _html.Append("<ul>\n");
            foreach (var item in items)
            {
                _text.Append("- ").Append(item).Append('\n');
                _html.Append("<li>").Append(WebUtility.HtmlEncode(item)).Append("</li>\n");
            }
            _text.Append('\n');
            _html.Append("</ul>\n");
        }

        public void Link(string label, Uri href)
        {
            _text.Append(label).Append(": ").Append(href.AbsoluteUri).Append("\n\n");
            _html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(href.AbsoluteUri)).Append("\">").Append(WebUtility.HtmlEncode(label)).Append("</a></p>\n");
        }

        public DigestContent Finish(string subject, string what, Uri settings)
        {
            var footer = Invariant($"You receive {what} from the knowledge-sharing dashboard. To stop it, turn it off on your e-mail settings:");
            _text.Append("-- \n").Append(footer).Append(' ').Append(settings.AbsoluteUri).Append('\n');
            _html.Append("<hr>\n<p><small>").Append(WebUtility.HtmlEncode(footer)).Append(" <a href=\"").Append(WebUtility.HtmlEncode(settings.AbsoluteUri))
                .Append("\">E-mail settings</a></small></p>\n");
            return new DigestContent(subject, _text.ToString(), "<!DOCTYPE html>\n<html><body>\n" + _html + "</body></html>\n");
        }
    }
}
