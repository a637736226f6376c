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
        ["handbook_points"] = ["CellId", "MemberId", "Month"],
        ["transfers"] = ["FromCellId", "ToCellId", "MemberId"],
        ["candidates"] = ["CellId"],
        ["topic_plans"] = ["Year"],
        // A cell's self-reviews of the year, asked when the review starts and by /tukiemdiem xem (a province: ~150,000 a year).
        ["self_reviews"] = ["CellId", "Year"],
        ["cell_reviews"] = ["Year"],
    };

    public static IReadOnlyList<string> Of(string collection) => ByCollection.TryGetValue(collection, out var f) ? f : [];

    /// <summary>
    /// Dates inside a part of the document, indexed by both stores under a name of their own: LiteDB on the path
    /// ("$.Suspension.Since"), PostgreSQL on the date's text as <see cref="Postgres.PgPredicate"/> compares it. A document
    /// without the part has a null entry in LiteDB and none in PostgreSQL; a query "path &gt;= a date" finds only the others.
    /// </summary>
    static readonly Dictionary<string, (string Name, string Path)[]> NestedDates = new(StringComparer.Ordinal)
    {
        // The members suspended from Party activities today: a province's summary counts them (few of ~100,000).
        ["members"] = [("SuspensionSince", "Suspension.Since")],
    };

    public static IReadOnlyList<(string Name, string Path)> NestedDatesOf(string collection) =>
        NestedDates.TryGetValue(collection, out var d) ? d : [];

    /// <summary>
    /// Fields most documents leave empty, which LiteDB indexes through a list the entity stores beside them holding the
    /// value (none when it is null), named here: LiteDB keeps a null as an index entry too, and each insert walks past
    /// the others (the outbox's untagged messages: an insert 55 → 90 µs and 21 → 41 KiB, measured in isolation). Its
    /// queries of the field (equalities, <see cref="LiteQueries"/>) go to the list's index; PostgreSQL indexes the field.
    /// </summary>
    static readonly Dictionary<(string Collection, string Field), string> Listed = new()
    {
        [("outbox", nameof(OutboxMessage.Tag))] = nameof(OutboxMessage.TagKeys),
    };

    /// <summary>The list LiteDB indexes the field through, or null when it indexes the field itself.</summary>
    public static string? ListedAs(string collection, string field) => Listed.GetValueOrDefault((collection, field));
    public static IEnumerable<string> Collections => ByCollection.Keys;
}
