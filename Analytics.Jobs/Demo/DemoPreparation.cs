namespace Analytics.Jobs.Demo;

/// <summary>
/// What the demo still prepares after the app listens (ADR 2021): the months it closes and reports. Set before Kestrel
/// starts, so the first page already knows; pages read it to say in words what is being prepared instead of showing an
/// empty state that looks final.
/// </summary>
public sealed class DemoPreparation
{
    private readonly Lock _gate = new();
    // Null while nothing is expected (every process but a demo web app's first start): Finished is complete then.
    private TaskCompletionSource? _finished;
    private IReadOnlyList<DateOnly> _pending = [];
    private string? _failure;

    /// <summary>The months whose close and report are still to come (oldest first); empty once done or when nothing was due.</summary>
    public IReadOnlyList<DateOnly> PendingMonths
    {
        get { lock (_gate) return _pending; }
    }

    /// <summary>Why the background work stopped without finishing (the log has the details); null while running or after success.</summary>
    public string? Failure
    {
        get { lock (_gate) return _failure; }
    }

    /// <summary>
    /// Completes when the background work has ended, whether it succeeded or failed; complete at once when nothing was
    /// expected. The month catch-up waits for it, so it starts after the demo's last closed month (ADR 1507, 2021).
    /// </summary>
    public Task Finished
    {
        get { lock (_gate) return _finished?.Task ?? Task.CompletedTask; }
    }

    public void Expect(IReadOnlyList<DateOnly> months)
    {
        lock (_gate)
        {
            _pending = [.. months];
            _finished = months.Count == 0 ? null : new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Done(DateOnly month)
    {
        lock (_gate)
            _pending = [.. _pending.Where(m => m != month)];
    }

    public void Finish(string? failure)
    {
        TaskCompletionSource? finished;
        lock (_gate)
        {
            _failure = failure;
            if (failure is null)
                _pending = [];
            finished = _finished;
        }

        finished?.TrySetResult();
    }
}
