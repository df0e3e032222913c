using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Hosting;

/// <summary>
/// A page with a POST handler: after a refused post (a value that did not bind or validate) it loads what it shows,
/// and renders again with the refusals listed by the layout. <see cref="RefusedPostFilter"/> calls it; a test
/// requires every page with an OnPost handler to implement it (ADR 1662).
/// </summary>
public interface IFormPage
{
    Task ShowAsync(CancellationToken ct);
}

/// <summary>
/// Every POST whose model state holds a binding or validation error is refused before its handler runs: the handler
/// never sees the default a bad or missing value leaves behind (0 points, the first category, budget 0). The page
/// shows itself again with status 400; nothing is stored.
/// </summary>
public sealed class RefusedPostFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!HttpMethods.IsPost(context.HttpContext.Request.Method) || context.ModelState.IsValid)
        {
            await next();
            return;
        }

        if (context.HandlerInstance is PageModel page and IFormPage form)
        {
            await form.ShowAsync(context.HttpContext.RequestAborted);
            var result = page.Page();
            result.StatusCode = StatusCodes.Status400BadRequest;
            context.Result = result;
            return;
        }

        context.Result = new BadRequestObjectResult(new ValidationProblemDetails(context.ModelState));
    }
}

/// <summary>
/// A handler's non-nullable number or enum parameter (an id, points, a quarter) must be present in the request:
/// left out, it would bind as 0 and the handler would act on it. Nullable parameters stay optional.
/// </summary>
public sealed class RequiredValueParameters : IBindingMetadataProvider
{
    public void CreateBindingMetadata(BindingMetadataProviderContext context)
    {
        var type = context.Key.ModelType;
        if (context.Key.MetadataKind == ModelMetadataKind.Parameter && type.IsValueType && Nullable.GetUnderlyingType(type) is null
            && type != typeof(CancellationToken))
            context.BindingMetadata.IsBindingRequired = true;
    }
}
