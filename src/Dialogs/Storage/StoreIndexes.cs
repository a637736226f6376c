namespace ChiBo.Dialogs.Storage;

/// <summary>
/// The fields each collection is searched by, for both stores: LiteDB indexes them by name ("$.Field"), PostgreSQL
/// by an expression index on the document's field. Each index is paid by every write that changes its key.
/// </summary>
public static class StoreIndexes
{
    static readonly Dictionary<string, string[]> ByCollection = new(StringComparer.Ordinal)
    {
        ["org_units"] = ["Path", "ParentId"],
        ["cells"] = ["Path", "OrgUnitId"],
        ["members"] = ["CellId", "Status"], // Status: the few probationary members, for summaries
        ["identities"] = ["MemberId"],
        ["meetings"] = ["CellId", "Month", "CellPath"],
        ["evaluations"] = ["MeetingId", "CellId", "Month", "CellPath"],
        [Summaries.CellMonth.Collection] = ["CellPath", "Month"],
        // No index on Status: every insert and every sent mark would pay for it. Pending messages are read by a scan
        // once per process (OutboxSender); a waiting edit is found by its tag (Outbox.Edit).
        ["outbox"] = ["Tag"],
        ["audit"] = ["CellId"],
        ["group_chats"] = ["CellId"],
        ["rsvps"] = ["CellId"],
        ["contest_entries"] = ["Year"],
        ["invites"] = ["CreatedBy"],
        ["join_attempts"] = ["AtUtc"],
        ["attendance_assignments"] = ["StaffId", "CellId"],
        ["attendance_reports"] = ["StaffId", "Month"],
        ["dues_payments"] = ["CellId", "MemberId", "Month"],
        ["transfers"] = ["FromCellId", "ToCellId", "MemberId"],
        ["candidates"] = ["CellId"],
        ["topic_plans"] = ["Year"],
    };

    public static IReadOnlyList<string> Of(string collection) => ByCollection.TryGetValue(collection, out var f) ? f : [];
    public static IEnumerable<string> Collections => ByCollection.Keys;
}
