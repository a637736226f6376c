namespace ChiBo.Dialogs.Storage;

/// <summary>
/// Thrown on purpose by work in a write transaction that needs something done outside it first (a summary read, a file
/// drawn: <c>RenderOutside</c>), not a fault of the store. Thrown before the work writes anything, it fails that piece of
/// a group commit alone: the other pieces commit (<see cref="ChiBoStore.InTransactionAsync{T}"/>).
/// </summary>
public abstract class NeededOutside(string message) : Exception(message);
