using Analytics.Jobs.Recognition;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Analytics.Jobs.Email;

public static class EmailRegistration
{
    public static IHostApplicationBuilder AddEmailDigests(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmailOptions>()
            .BindConfiguration(EmailOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // The budget default is the Recognition section's, read here too because the monthly digest runs in any job server.
        builder.Services.AddOptions<RecognitionOptions>()
            .BindConfiguration(RecognitionOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<LineSuggestions>();
        builder.Services.AddScoped<EmailTransport>();
        builder.Services.AddScoped<DigestMessages>();
        builder.Services.AddScoped<EmailOutbox>();
        builder.Services.AddScoped<EmailDigests>();
        builder.Services.AddScoped<EmailPreferences>();
        builder.Services.AddScoped<EmailOutboxJob>();
        builder.Services.AddScoped<MonthlyDigestJob>();
        return builder;
    }
}
