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
    readonly Lock _gate = new();
    ReminderSweep? _sweep;
    ChiBoStore? _store;

    public int Run(ChiBoStore store, TimeProvider clock)
    {
        ReminderSweep sweep;
        lock (_gate)
        {
            if (_sweep is null || !ReferenceEquals(_store, store))
                (_sweep, _store) = (new ReminderSweep(store, clock, new ReminderRules(), NullLogger<ReminderSweep>.Instance, Scripts.ScriptHost.Templates), store);
            sweep = _sweep;
        }
        return sweep.Run(); // outside the gate: two runs at once share the one sweep, as in the bot
    }
}
