using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Analytics.Web.Hosting;

/// <summary>
/// Form and query integers are ASCII digits with an optional sign, in the invariant culture, in the type's range.
/// The default binder's type converter also takes hexadecimal ("0x10" bound as 16); anything else becomes a
/// model-state error, which every form shows instead of storing a default.
/// </summary>
public sealed class InvariantIntegerModelBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var result = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (result == ValueProviderResult.None)
            return Task.CompletedTask;
        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, result);
        var text = result.FirstValue;
        var nullable = Nullable.GetUnderlyingType(bindingContext.ModelType) is not null;
        if (string.IsNullOrWhiteSpace(text))
        {
            if (nullable)
                bindingContext.Result = ModelBindingResult.Success(null);
            else
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, $"A whole number is required for {bindingContext.ModelMetadata.GetDisplayName()}.");
            return Task.CompletedTask;
        }

        var isLong = (Nullable.GetUnderlyingType(bindingContext.ModelType) ?? bindingContext.ModelType) == typeof(long);
        const NumberStyles Styles = NumberStyles.AllowLeadingSign;
        object? value = isLong
            ? long.TryParse(text, Styles, CultureInfo.InvariantCulture, out var l) && text.All(c => char.IsAsciiDigit(c) || c == '-' || c == '+') ? l : null
            : int.TryParse(text, Styles, CultureInfo.InvariantCulture, out var i) && text.All(c => char.IsAsciiDigit(c) || c == '-' || c == '+') ? i : null;
        if (value is null)
            bindingContext.ModelState.TryAddModelError(bindingContext.ModelName,
                $"The value '{text}' is not a whole number for {bindingContext.ModelMetadata.GetDisplayName()}.");
        else
            bindingContext.Result = ModelBindingResult.Success(value);
        return Task.CompletedTask;
    }
}

/// <summary>Puts <see cref="InvariantIntegerModelBinder"/> in front of the default binders for int, long and their nullables.</summary>
public sealed class InvariantIntegerModelBinderProvider : IModelBinderProvider
{
    private static readonly InvariantIntegerModelBinder Binder = new();

    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        var type = Nullable.GetUnderlyingType(context.Metadata.ModelType) ?? context.Metadata.ModelType;
        return type == typeof(int) || type == typeof(long) ? Binder : null;
    }
}
