using ChiBo.Dialogs.Storage;
using ChiBo.Scheduling.Reminders;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChiBo.Bot.Tests.Scheduling;

/// <summary>
/// One reminder sweep per store, as the bot keeps one for its process: what it remembers (the members, the keys seen
/// sent) lives until the store is reopened (a restart).
/// </summary>
public sealed class SweepPerStore
{
    ReminderSweep? _sweep;
    ChiBoStore? _store;

    public int Run(ChiBoStore store, TimeProvider clock)
    {
        lock (this)
            if (_sweep is null || !ReferenceEquals(_store, store))
                (_sweep, _store) = (new ReminderSweep(store, clock, new ReminderRules(), NullLogger<ReminderSweep>.Instance, Scripts.ScriptHost.Templates), store);
        return _sweep.Run();
    }
}
