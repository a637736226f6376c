namespace ChiBo.Rules;

/// <summary>
/// The organisation tree's one containment rule, used by every scope check: a path ("/a/b/cell/") lies under a unit
/// when it starts with the unit's path, compared character for character. Unit codes may hold "_", "%" or "[".
/// </summary>
public static class OrgTree
{
    public static bool Holds(string unitPath, string path) => path.StartsWith(unitPath, StringComparison.Ordinal);
}
