using System.Linq.Expressions;
using ChiBo.Dialogs.Storage;

namespace ChiBo.Dialogs.Domain;

/// <summary>Queries over the organisation tree; which path lies under which is <see cref="ChiBo.Rules.OrgTree.Holds"/>.</summary>
public static class OrgQueries
{
    /// <summary>
    /// Documents of <paramref name="collection"/> whose <paramref name="field"/> (read by <paramref name="pathOf"/>) lies
    /// under <paramref name="unitPath"/>. A store's prefix search may be a LIKE (where "_" and "%" are wildcards) under a
    /// case-blind collation, so it is asked for a wider set, the path up to its first wildcard, and the rule decides.
    /// </summary>
    public static IEnumerable<T> Under<T>(IDocuments<T> collection, Expression<Func<T, string>> field, string unitPath, Func<T, string> pathOf)
        where T : class
    {
        var cut = unitPath.IndexOfAny(['%', '_', '[', '\\']);
        var wide = cut < 0 ? unitPath : unitPath[..cut];
        return collection.FindStartingWith(field, wide).Where(x => ChiBo.Rules.OrgTree.Holds(unitPath, pathOf(x)));
    }
}
