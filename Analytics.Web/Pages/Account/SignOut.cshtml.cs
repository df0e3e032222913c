using Analytics.Domain.Users;
using Analytics.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.Account;

[AllowAnonymous]
public sealed class SignOutModel(SignInManager<AppUser> signIn) : PageModel, IFormPage
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    // Sign-out posts no values: nothing can be refused, and the page has nothing to load.
    public Task ShowAsync(CancellationToken ct) => Task.CompletedTask;

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return RedirectToPage("/Account/SignIn");
    }
}
