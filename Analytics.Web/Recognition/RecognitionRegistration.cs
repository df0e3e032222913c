namespace Analytics.Web.Recognition;

public static class RecognitionRegistration
{
    public static WebApplicationBuilder AddRecognition(this WebApplicationBuilder builder)
    {
        // RecognitionOptions are registered by AddAnalyticsJobs (the monthly e-mail digest needs them in any job server).
        builder.Services.AddScoped<RecognitionBudgets>();
        builder.Services.AddScoped<AwardDesk>();
        builder.Services.AddScoped<RecognitionQuery>();
        builder.Services.AddScoped<AwardSuggestions>();
        builder.Services.AddScoped<AwardPage>();
        builder.Services.AddScoped<BudgetOverview>();
        builder.Services.AddScoped<RecognitionExports>();
        builder.Services.AddScoped<RecognitionFeed>();
        builder.Services.AddScoped<AuditSubjects>();
        builder.Services.AddScoped<PendingApprovals>();
        return builder;
    }
}
