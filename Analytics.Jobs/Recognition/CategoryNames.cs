using Analytics.Domain.Recognition;

namespace Analytics.Jobs.Recognition;

/// <summary>The words readers see for a recognition category, shared by the pages and the e-mails.</summary>
public static class CategoryNames
{
    public static string Of(RecognitionCategory category) => category switch
    {
        RecognitionCategory.Sharing => "Sharing",
        RecognitionCategory.Reflection => "Reflection",
        RecognitionCategory.LearningCommunity => "Learning community",
        RecognitionCategory.Mentoring => "Mentoring",
        RecognitionCategory.LifelongLearning => "Lifelong learning",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "a category without a display name"),
    };
}
