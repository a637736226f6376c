using LiteDB;

namespace ChiBo.Dialogs.Domain;

/// <summary>Queries over the organisation tree; which path lies under which is <see cref="ChiBo.Rules.OrgTree.Holds"/>.</summary>
public static class OrgQueries
{
    /// <summary>
    /// Documents of <paramref name="collection"/> whose <paramref name="field"/> lies under <paramref name="unitPath"/>.
    /// LiteDB's StartsWith is a LIKE (where "_" and "%" are wildcards) under a case-blind collation, so the index is
    /// asked for a wider set, the path up to its first wildcard, and the rule decides.
    /// </summary>
    public static IEnumerable<T> Under<T>(ILiteCollection<T> collection, string field, string unitPath, Func<T, string> pathOf)
    {
        var cut = unitPath.IndexOfAny(['%', '_', '[', '\\']);
        var wide = cut < 0 ? unitPath : unitPath[..cut];
        return collection.Find(Query.StartsWith(field, wide)).Where(x => ChiBo.Rules.OrgTree.Holds(unitPath, pathOf(x)));
    }
}
