using Microsoft.Extensions.Options;

namespace Metrics.Pipeline.Hosting;

/// <summary>
/// Checks <see cref="PipelineOptions"/> when a host starts (registered with <c>ValidateOnStart</c> by
/// <see cref="PipelineServiceCollectionExtensions.AddMetricsPipeline"/>): every problem is one failure
/// of the result, so the <see cref="OptionsValidationException"/> that stops the host names each of
/// them, not only the first one met.
/// </summary>
public sealed class PipelineOptionsValidator : IValidateOptions<PipelineOptions>
{
    public ValidateOptionsResult Validate(string? name, PipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems().ToArray();
        return problems.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
