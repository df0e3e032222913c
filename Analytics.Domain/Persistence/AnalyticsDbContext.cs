using Analytics.Domain.Aggregation;
using Analytics.Domain.Auditing;
using Analytics.Domain.Communities;
using Analytics.Domain.Email;
using Analytics.Domain.Coordination;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Organisation;
using Analytics.Domain.People;
using Analytics.Domain.Recognition;
using Analytics.Domain.Reports;
using Analytics.Domain.Scoring;
using Analytics.Domain.Sources;
using Analytics.Domain.Users;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Analytics.Domain.Persistence;

/// <summary>
/// The analytics database. One model for both providers; each provider has a subclass that owns its
/// migrations (<see cref="SqliteAnalyticsDbContext"/>, <see cref="SqlServerAnalyticsDbContext"/>).
/// </summary>
public abstract class AnalyticsDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<Employee> Employees => Set<Employee>();
    public DbSet<EmployeeAlias> EmployeeAliases => Set<EmployeeAlias>();
    public DbSet<OrgAssignment> OrgAssignments => Set<OrgAssignment>();
    public DbSet<Person> Persons => Set<Person>();
    public DbSet<SourceAccount> SourceAccounts => Set<SourceAccount>();
    public DbSet<IdentitySuggestion> IdentitySuggestions => Set<IdentitySuggestion>();
    public DbSet<PersonMatchSuggestion> PersonMatchSuggestions => Set<PersonMatchSuggestion>();
    public DbSet<SourceSystem> SourceSystems => Set<SourceSystem>();
    public DbSet<SyncRun> SyncRuns => Set<SyncRun>();
    public DbSet<Rejection> Rejections => Set<Rejection>();
    public DbSet<SyncRunSkip> SyncRunSkips => Set<SyncRunSkip>();
    public DbSet<KnowledgeItem> KnowledgeItems => Set<KnowledgeItem>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<TopicRule> TopicRules => Set<TopicRule>();
    public DbSet<DailyPersonMetric> DailyPersonMetrics => Set<DailyPersonMetric>();
    public DbSet<MonthlyPersonMetric> MonthlyPersonMetrics => Set<MonthlyPersonMetric>();
    public DbSet<MonthlyPersonTotal> MonthlyPersonTotals => Set<MonthlyPersonTotal>();
    public DbSet<DailyFlow> DailyFlows => Set<DailyFlow>();
    public DbSet<DailyPairReuse> DailyPairReuses => Set<DailyPairReuse>();
    public DbSet<DirtyDay> DirtyDays => Set<DirtyDay>();
    public DbSet<MonthlyExpertise> MonthlyExpertise => Set<MonthlyExpertise>();
    public DbSet<QuestionFact> QuestionFacts => Set<QuestionFact>();
    public DbSet<AnswerFact> AnswerFacts => Set<AnswerFact>();
    public DbSet<PendingBadgeCheck> PendingBadgeChecks => Set<PendingBadgeCheck>();
    public DbSet<MonthClose> MonthCloses => Set<MonthClose>();
    public DbSet<MonthlySnapshot> MonthlySnapshots => Set<MonthlySnapshot>();
    public DbSet<ScoringRule> ScoringRules => Set<ScoringRule>();
    public DbSet<PointsEntry> PointsEntries => Set<PointsEntry>();
    public DbSet<BadgeAward> BadgeAwards => Set<BadgeAward>();
    public DbSet<RecognitionBudget> RecognitionBudgets => Set<RecognitionBudget>();
    public DbSet<RecognitionAward> RecognitionAwards => Set<RecognitionAward>();
    public DbSet<AwardEvidence> AwardEvidence => Set<AwardEvidence>();
    public DbSet<StoredReport> StoredReports => Set<StoredReport>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<LockLease> LockLeases => Set<LockLease>();
    public DbSet<Community> Communities => Set<Community>();
    public DbSet<CommunityMember> CommunityMembers => Set<CommunityMember>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public abstract DatabaseProvider Provider { get; }

    /// <summary>
    /// The model's default schema as a prefix of a bracketed table name in hand-written SQL ("[analytics]." on SQL Server,
    /// empty on SQLite; brackets are valid on both): <c>$"{db.SchemaPrefix}[Activities]"</c>.
    /// </summary>
    public string SchemaPrefix => Model.GetDefaultSchema() is { } schema ? $"[{schema}]." : "";

    /// <summary>
    /// A new context with this one's options (provider, connection string, command timeout, interceptors) and a connection
    /// of its own, for reads that run beside this context's (the monthly report, ADR 1864); the caller disposes it. Null
    /// when the options hold a connection object, which two contexts cannot use at once, or name a private in-memory
    /// database, which another connection would open empty.
    /// </summary>
    public AnalyticsDbContext? CreateConcurrentReader()
    {
        var options = this.GetService<IDbContextOptions>();
        var relational = RelationalOptionsExtension.Extract(options);
        if (relational.Connection is not null || string.IsNullOrEmpty(relational.ConnectionString) || !HasSharedDatabase(relational.ConnectionString))
            return null;
        return WithOptions(options);
    }

    /// <summary>Whether a second connection with <paramref name="connectionString"/> opens this context's database.</summary>
    protected abstract bool HasSharedDatabase(string connectionString);

    /// <summary>A new context of this provider with <paramref name="options"/> (this context's).</summary>
    protected abstract AnalyticsDbContext WithOptions(IDbContextOptions options);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AnalyticsDbContext).Assembly);

        // A required relationship cascades by convention. Analytics rows are history: deleting a
        // department or employee must fail loudly rather than silently take activity with it, and SQL
        // Server rejects the multiple cascade paths the org chart would create. Cascades stay only
        // where a configuration asks for them (aliases, rejections, award evidence).
        foreach (var foreignKey in builder.Model.GetEntityTypes()
                     .Where(e => e.ClrType.Namespace?.StartsWith("Analytics.Domain", StringComparison.Ordinal) == true
                                 && e.ClrType != typeof(AppUser))
                     .SelectMany(e => e.GetForeignKeys())
                     .Cast<IConventionForeignKey>()
                     .Where(fk => fk.GetDeleteBehaviorConfigurationSource() is null or ConfigurationSource.Convention))
        {
            ((IMutableForeignKey)foreignKey).DeleteBehavior = DeleteBehavior.Restrict;
        }
    }
}
