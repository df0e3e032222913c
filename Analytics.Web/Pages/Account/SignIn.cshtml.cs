using System.ComponentModel.DataAnnotations;
using Analytics.Domain.Users;
using Analytics.Web.Access;
using Analytics.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Analytics.Web.Pages.Account;

[AllowAnonymous]
// The limit belongs to this endpoint, whatever spelling of its path routed the request here.
[EnableRateLimiting(SignInRateLimit.Policy)]
public sealed class SignInModel(SignInManager<AppUser> signIn, IOptions<DemoModeOptions> demo, IOptions<AccessOptions> access) : PageModel, IFormPage
{
    public sealed class SignInForm
    {
        [Required(ErrorMessage = "Enter a user name."), StringLength(256)] public string UserName { get; set; } = "";
        [Required(ErrorMessage = "Enter a password."), StringLength(256), DataType(DataType.Password)] public string Password { get; set; } = "";
    }

    [BindProperty] public SignInForm Form { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }
    public bool DemoMode => demo.Value.Enabled;
    public bool SingleSignOn => access.Value.OpenIdConnect.Enabled;

    public void OnGet()
    {
    }

    // A post without a user name or password is refused before the handler (RefusedPostFilter); the layout lists why.
    public Task ShowAsync(CancellationToken ct) => Task.CompletedTask;

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await signIn.PasswordSignInAsync(Form.UserName.Trim(), Form.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");

        // One message for a wrong password, an unknown user and a locked account: the answer must not
        // tell a guesser which user names exist (only existing accounts can be locked).
        Error = $"Wrong user name or password. After {access.Value.MaxFailedSignIns} failed attempts an account is locked for {access.Value.LockoutDuration.TotalMinutes:0} minutes.";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }

    public IActionResult OnPostSingleSignOn()
    {
        if (!SingleSignOn)
            return NotFound();
        var redirect = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
        return Challenge(new AuthenticationProperties { RedirectUri = redirect }, OpenIdConnectDefaults.AuthenticationScheme);
    }
}
