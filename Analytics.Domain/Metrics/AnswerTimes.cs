namespace Analytics.Domain.Metrics;

/// <summary>A question: who asked (null when unknown) and when.</summary>
public sealed record Question(long ItemId, int? AskerPersonId, DateTime AskedAt);

/// <summary>An answer to a question: who answered (null when unknown) and when.</summary>
public sealed record Answer(long QuestionItemId, int? AnswererPersonId, DateTime AnsweredAt);

public sealed record AnswerFigures(int Questions, int Answered, int Pending, double? Rate, TimeSpan? MedianTimeToFirstAnswer);

/// <summary>Answer rate and median time to first answer (see <see cref="MetricCatalog.AnswerRate"/>).</summary>
public static class AnswerTimes
{
    public static TimeSpan Window { get; } = TimeSpan.FromDays(MetricCatalog.AnswerWindowDays);

    /// <summary>
    /// The first answer by someone other than the asker within the window, or null. An answer whose author is
    /// unknown counts as someone else's; an answer before the question (clock skew between sources) counts at zero delay.
    /// </summary>
    public static TimeSpan? TimeToFirstAnswer(Question question, IEnumerable<Answer> answers)
    {
        TimeSpan? best = null;
        foreach (var answer in answers)
        {
            if (answer.QuestionItemId != question.ItemId)
                continue;
            if (question.AskerPersonId is not null && answer.AnswererPersonId == question.AskerPersonId)
                continue;
            var delay = answer.AnsweredAt - question.AskedAt;
            if (delay < TimeSpan.Zero)
                delay = TimeSpan.Zero;
            if (delay <= Window && (best is null || delay < best))
                best = delay;
        }

        return best;
    }

    // asOf is now: an unanswered question whose window has not ended by then is pending, not unanswered.
    public static AnswerFigures Compute(IEnumerable<Question> questions, IEnumerable<Answer> answers, DateTime asOf)
    {
        var byQuestion = answers.ToLookup(a => a.QuestionItemId);
        var delays = new List<TimeSpan>();
        var counted = 0;
        var pending = 0;
        foreach (var question in questions)
        {
            var delay = TimeToFirstAnswer(question, byQuestion[question.ItemId]);
            if (delay is { } d)
            {
                delays.Add(d);
                counted++;
            }
            else if (question.AskedAt + Window > asOf)
            {
                pending++;
            }
            else
            {
                counted++;
            }
        }

        return new AnswerFigures(counted, delays.Count, pending,
            counted == 0 ? null : (double)delays.Count / counted, Median(delays));
    }

    public static TimeSpan? Median(IReadOnlyList<TimeSpan> values)
    {
        if (values.Count == 0)
            return null;
        var sorted = values.OrderBy(v => v).ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : TimeSpan.FromTicks((sorted[mid - 1].Ticks + sorted[mid].Ticks) / 2);
    }
}
