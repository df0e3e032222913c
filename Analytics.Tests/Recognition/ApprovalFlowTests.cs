using System.Net;
using Analytics.Domain.Recognition;
using Analytics.Tests.Support;
using Analytics.Web.Exports;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Recognition;

public sealed class ApprovalFlowTests(RecognitionFixture fixture) : IClassFixture<RecognitionFixture>
{
    [Fact]
    public async Task Large_awards_wait_for_HR_and_only_approved_ones_reach_the_awardee_while_rejected_ones_return_their_points()
    {
        var budgetId = await fixture.LeaveInBudgetAsync(400);
        using var manager = await fixture.SignedInAsync("manager");
        using var hr = await fixture.SignedInAsync("hr");
        using var employee = await fixture.SignedInAsync("employee");
        var awardee = fixture.EmployeeUserId;
        Assert.Contains(awardee, fixture.Line);
        var spent = () => fixture.WithDbAsync(db => db.RecognitionBudgets.Where(b => b.Id == budgetId).Select(b => b.Spent).SingleAsync());
        var spentAtStart = await spent();

        var approvedId = await fixture.AwardThroughFormAsync(manager, awardee, 150, "Approve me: mentoring the new hires");
        Assert.Equal(AwardStatus.PendingApproval, await fixture.WithDbAsync(db => db.RecognitionAwards.Where(a => a.Id == approvedId).Select(a => a.Status).SingleAsync()));
        Assert.Equal(spentAtStart + 150, await spent());
        Assert.DoesNotContain("Approve me", await employee.GetStringAsync("/Recognition/Mine"), StringComparison.Ordinal);
        var approvals = await hr.GetStringAsync("/Recognition/Approvals");
        Assert.Contains("Approve me", approvals, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await RecognitionFixture.DecideAsync(hr, "Approve", approvedId)).StatusCode);
        Assert.Contains("Approve me", await employee.GetStringAsync("/Recognition/Mine"), StringComparison.Ordinal);
        Assert.Equal(spentAtStart + 150, await spent());

        var rejectedId = await fixture.AwardThroughFormAsync(manager, awardee, 200, "Reject me: too generous");
        Assert.Equal(spentAtStart + 350, await spent());
        Assert.Equal(HttpStatusCode.Redirect, (await RecognitionFixture.DecideAsync(hr, "Reject", rejectedId, "Above our guideline")).StatusCode);
        Assert.Equal(spentAtStart + 150, await spent());
        var rejected = await fixture.WithDbAsync(db => db.RecognitionAwards.AsNoTracking().SingleAsync(a => a.Id == rejectedId));
        Assert.Equal((AwardStatus.Rejected, "hr", "Above our guideline"), (rejected.Status, rejected.DecidedBy, rejected.DecisionReason));
        Assert.DoesNotContain("Reject me", await employee.GetStringAsync("/Recognition/Mine"), StringComparison.Ordinal);

        // A decided award cannot be decided again (and its points cannot be returned twice).
        Assert.Equal(HttpStatusCode.OK, (await RecognitionFixture.DecideAsync(hr, "Reject", rejectedId, "again")).StatusCode);
        Assert.Equal(spentAtStart + 150, await spent());

        var audit = await fixture.WithDbAsync(db => db.AuditEntries.AsNoTracking().ToListAsync());
        bool Has(string action, string actor, long id) => audit.Any(e => e.Action == action && e.Actor == actor && e.Details!.Contains($"award={id} ", StringComparison.Ordinal));
        Assert.True(Has("award.created", "manager", approvedId));
        Assert.True(Has("award.approved", "hr", approvedId));
        Assert.True(Has("award.created", "manager", rejectedId));
        Assert.True(Has("award.rejected", "hr", rejectedId));
        Assert.Single(audit, e => e.Action == "award.rejected" && e.Details!.Contains($"award={rejectedId} ", StringComparison.Ordinal));

        var auditPage = await hr.GetStringAsync("/Recognition/Audit?action=award.");
        Assert.Contains($"award={approvedId} ", auditPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HR_sets_a_budget_through_the_form_and_the_change_is_audited()
    {
        using var hr = await fixture.SignedInAsync("hr");
        var token = await SignIn.AntiforgeryTokenAsync(hr, "/Recognition/Budgets");
        var quarter = Analytics.Jobs.Recognition.Quarter.Of(DateTimeOffset.UtcNow);
        var response = await hr.PostAsync("/Recognition/Budgets", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["managerId"] = fixture.ManagerId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["year"] = quarter.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["quarter"] = quarter.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["points"] = "99999",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(99999, await fixture.WithDbAsync(db => db.RecognitionBudgets.Where(b => b.ManagerId == fixture.ManagerId && b.Year == quarter.Year && b.Quarter == quarter.Number).Select(b => b.Points).SingleAsync()));
        Assert.True(await fixture.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "budget.changed" && e.Actor == "hr" && e.Details!.Contains("-> 99999"))));
    }

    [Theory]
    // 400: refused before the handler (a value that does not bind, ADR 1662); 200: the handler's own refusal.
    [InlineData(null, null, null, "ten", HttpStatusCode.BadRequest)]
    [InlineData(null, null, null, "5.5", HttpStatusCode.BadRequest)]
    [InlineData(null, null, null, "1e3", HttpStatusCode.BadRequest)]
    [InlineData(null, null, null, "", HttpStatusCode.BadRequest)]
    [InlineData(null, "1999", "9", "5", HttpStatusCode.OK)]
    [InlineData(null, null, "0x1", "5", HttpStatusCode.BadRequest)]
    [InlineData("999999", null, null, "5", HttpStatusCode.OK)]
    [InlineData("abc", null, null, "5", HttpStatusCode.BadRequest)]
    public async Task A_budget_post_with_a_bad_value_or_an_unknown_manager_re_renders_with_a_message_and_stores_nothing(string? managerId, string? year, string? quarterNumber, string points, HttpStatusCode status)
    {
        using var hr = await fixture.SignedInAsync("hr");
        var token = await SignIn.AntiforgeryTokenAsync(hr, "/Recognition/Budgets");
        var quarter = Analytics.Jobs.Recognition.Quarter.Of(DateTimeOffset.UtcNow);
        var budgetsBefore = await fixture.WithDbAsync(db => db.RecognitionBudgets.CountAsync());
        var auditBefore = await fixture.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action.StartsWith("budget.")));

        var response = await hr.PostAsync("/Recognition/Budgets", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["managerId"] = managerId ?? fixture.ManagerId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["year"] = year ?? quarter.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["quarter"] = quarterNumber ?? quarter.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["points"] = points,
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(status, response.StatusCode);
        Assert.Contains("role=\"alert\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(budgetsBefore, await fixture.WithDbAsync(db => db.RecognitionBudgets.CountAsync()));
        Assert.Equal(auditBefore, await fixture.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action.StartsWith("budget."))));
    }

    [Theory]
    [InlineData("1.0", "1")]
    [InlineData("1,5", "1")]
    [InlineData("", "1")]
    [InlineData("0x10", "1")]
    [InlineData("5", "99")]
    [InlineData("5", "Bogus")]
    [InlineData("5", "0")]
    [InlineData(null, "1")]
    [InlineData("5", null)]
    public async Task An_award_post_with_a_bad_number_or_category_re_renders_with_a_message_and_stores_nothing(string? points, string? category)
    {
        await fixture.LeaveInBudgetAsync(100);
        using var manager = await fixture.SignedInAsync("manager");
        var token = await SignIn.AntiforgeryTokenAsync(manager, "/Recognition");
        var before = await fixture.WithDbAsync(db => db.RecognitionAwards.CountAsync());

        // null: the field is left out of the post, which used to store the default (25 points, Sharing).
        var fields = new Dictionary<string, string>
        {
            ["Form.RecipientId"] = fixture.Line[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Message"] = "bad input",
            ["__RequestVerificationToken"] = token,
        };
        if (points is not null)
            fields["Form.Points"] = points;
        if (category is not null)
            fields["Form.Category"] = category;
        var response = await manager.PostAsync("/Recognition", new FormUrlEncodedContent(fields));

        // Refused before the handler (ADR 1662): the page again, 400, with the refusal listed.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("role=\"alert\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await fixture.WithDbAsync(db => db.RecognitionAwards.CountAsync()));
    }

    [Theory]
    [InlineData("manager", "/Recognition")]
    [InlineData("hr", "/Recognition/Approvals?handler=Approve&id=1")]
    [InlineData("hr", "/Recognition/Approvals?handler=Reject&id=1")]
    [InlineData("hr", "/Recognition/Budgets")]
    public async Task Every_form_rejects_a_post_without_the_antiforgery_token(string user, string route)
    {
        using var client = await fixture.SignedInAsync(user);
        var before = await fixture.WithDbAsync(db => db.AuditEntries.CountAsync());
        var response = await client.PostAsync(route, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.RecipientId"] = fixture.Line[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Category"] = "1", ["Form.Message"] = "no token", ["Form.Points"] = "5",
            ["managerId"] = fixture.ManagerId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["year"] = "2026", ["quarter"] = "4", ["points"] = "1",
            ["reason"] = "no token",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await fixture.WithDbAsync(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task The_awards_list_and_the_audit_log_export_to_valid_workbooks_with_formula_like_text_kept_as_text()
    {
        await fixture.LeaveInBudgetAsync(100);
        using var api = await fixture.ManagerApiClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await RecognitionFixture.AwardAsync(api, fixture.Line[0], 5, "=HYPERLINK(\"http://x\")")).StatusCode);
        using var hr = await fixture.SignedInAsync("hr");

        foreach (var route in new[] { $"/exports/recognition/awards.xlsx?period={DateTime.UtcNow.Year}", "/exports/recognition/audit.xlsx?action=award." })
        {
            var response = await hr.GetAsync(route);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(ExportEndpoints.XlsxContentType, response.Content.Headers.ContentType?.MediaType);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Empty(Workbooks.ValidationErrors(bytes));
            using var workbook = new XLWorkbook(new MemoryStream(bytes));
            Assert.True(workbook.Worksheet(1).LastRowUsed()!.RowNumber() > 1, $"{route} has no rows");
            if (route.Contains("awards", StringComparison.Ordinal))
            {
                var cell = workbook.Worksheet(1).CellsUsed().Single(c => c.GetString().StartsWith("=HYPERLINK", StringComparison.Ordinal));
                Assert.False(cell.HasFormula);
            }
        }

        Assert.True(await fixture.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "export.audit" && e.Actor == "hr")));
    }
}
