using LiteDB;

namespace ChiBo.Dialogs.Domain;

/// <summary>
/// The organisation tree's one containment rule, used by every scope check: a path ("/a/b/cell/") lies under a unit
/// when it starts with the unit's path, compared character for character. Unit codes may hold "_", "%" or "[".
/// </summary>
public static class OrgTree
{
    public static bool Holds(string unitPath, string path) => path.StartsWith(unitPath, StringComparison.Ordinal);

    /// <summary>
    /// Documents of <paramref name="collection"/> whose <paramref name="field"/> lies under <paramref name="unitPath"/>.
    /// LiteDB's StartsWith is a LIKE (where "_" and "%" are wildcards) under a case-blind collation, so the index is
    /// asked for a wider set, the path up to its first wildcard, and <see cref="Holds"/> decides.
    /// </summary>
    public static IEnumerable<T> Under<T>(ILiteCollection<T> collection, string field, string unitPath, Func<T, string> pathOf)
    {
        var cut = unitPath.IndexOfAny(['%', '_', '[', '\\']);
        var wide = cut < 0 ? unitPath : unitPath[..cut];
        return collection.Find(Query.StartsWith(field, wide)).Where(x => Holds(unitPath, pathOf(x)));
    }
}
