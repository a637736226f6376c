namespace ChiBo.Dialogs.Storage;

/// <summary>
/// A write found the document changed by another transaction since this one read it (PostgreSQL, where transactions of
/// different chats run at once): the transaction is rolled back, and work run again reads the change.
/// </summary>
public sealed class StoreConflictException(string collection, string id)
    : Exception($"{collection}/{id} was changed by another transaction after this one read it.")
{
    public string Collection { get; } = collection;
    public string Id { get; } = id;
}
