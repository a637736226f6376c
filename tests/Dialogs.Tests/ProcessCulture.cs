using System.Runtime.CompilerServices;

namespace ChiBo.Dialogs.Tests;

/// <summary>The tests format as the program does, whatever the machine's LANG (the program pins its culture first).</summary>
static class ProcessCulture
{
    [ModuleInitializer]
    internal static void Pin() => ChiBo.Dialogs.Text.VnText.PinProcessCulture();
}
