using Analytics.Domain.Knowledge;

namespace Analytics.Tests.Topics;

public sealed class TopicNamesTests
{
    [Theory]
    [InlineData("Machine-Learning", "machine learning")]
    [InlineData("machine learning", "machine learning")]
    [InlineData("machine_learnings", "machine learning")]
    [InlineData("  MACHINE   LEARNING  ", "machine learning")]
    [InlineData("machine/learning", "machine learning")]
    [InlineData("Machine-Learnings", "machine learning")]
    [InlineData("machine\tlearning", "machine learning")]
    [InlineData("feature-stores", "feature store")]
    [InlineData("Feature Store", "feature store")]
    [InlineData("libraries", "library")]
    [InlineData("Library", "library")]
    [InlineData("classes", "class")]
    [InlineData("class", "class")]
    [InlineData("patches", "patch")]
    [InlineData("boxes", "box")]
    [InlineData("release-notes", "release note")]
    [InlineData("dashboards", "dashboard")]
    [InlineData("Dashboard", "dashboard")]
    [InlineData("nouns", "noun")]
    [InlineData("Kubernetes", "kubernetes")]
    [InlineData("analytics", "analytics")]
    [InlineData("sales", "sales")]
    [InlineData("aws", "aws")]
    [InlineData("ios", "ios")]
    [InlineData("status", "status")]
    [InlineData("analysis", "analysis")]
    [InlineData("access", "access")]
    [InlineData("devops", "devops")]
    [InlineData(".NET", ".net")]
    [InlineData("node.js", "node.js")]
    [InlineData("C#", "c#")]
    [InlineData("c++", "c++")]
    [InlineData("sales-pipelines", "sales pipeline")]
    [InlineData("ci/cd", "ci cd")]
    [InlineData("k8s", "k8s")]
    [InlineData("Ｍachine－Learning", "machine learning")]
    public void Spelling_variants_become_one_key(string raw, string expected) =>
        Assert.Equal(expected, TopicNames.Normalise(raw));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("-_-/")]
    public void Nothing_left_is_no_topic(string? raw) => Assert.Null(TopicNames.Normalise(raw));

    [Fact]
    public void All_variants_of_one_topic_share_its_key()
    {
        string[] variants = ["Machine-Learning", "machine learning", "machine_learnings", "MACHINE_LEARNING", "machine-learnings", "Machine Learning "];
        Assert.Single(variants.Select(TopicNames.Normalise).Distinct());
    }

    [Fact]
    public void An_items_topics_are_split_normalised_and_each_kept_once_in_order()
    {
        Assert.Equal(["machine learning", "noun"], TopicNames.Split("Machine-Learning|nouns|machine_learning| |Nouns"));
        Assert.Empty(TopicNames.Split(null));
        Assert.Empty(TopicNames.Split("||"));
    }

    [Fact]
    public void A_key_is_never_longer_than_the_column()
    {
        var key = TopicNames.Normalise(new string('a', 500) + " b");
        Assert.NotNull(key);
        Assert.True(key!.Length <= TopicNames.MaxLength);
    }
}
