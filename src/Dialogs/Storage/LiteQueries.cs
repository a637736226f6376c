using System.Linq.Expressions;
using System.Reflection;
using LiteDB;

namespace ChiBo.Dialogs.Storage;

/// <summary>
/// LiteDB reads a LINQ predicate through its expression visitor and then its text parser, on every query: for a turn's
/// small queries (a cell's evaluations, members, meetings of a month) that costs more than running them. Predicates that
/// are equalities of a document's own fields to values (<c>m =&gt; m.CellId == id &amp;&amp; m.Month == month</c>) are
/// given to it instead as an expression parsed once per thread, with this query's values set as its parameters. Anything
/// else goes to LiteDB as written.
/// </summary>
/// <remarks>
/// The expression is the thread's own and its values change with the next query on the thread: a query built here
/// must be run to the end (or dropped) before the thread builds another.
/// </remarks>
static class LiteQueries
{
    [ThreadStatic] static Dictionary<string, BsonExpression>? t_parsed;

    /// <summary>
    /// The predicate on the collection as a parsed expression with its values set; null when it is not such equalities.
    /// A field LiteDB indexes through a list (<see cref="StoreIndexes.ListedAs"/>) is asked of the list.
    /// </summary>
    public static BsonExpression? Equalities<T>(Expression<Func<T, bool>> predicate, string collection)
    {
        var terms = new List<(string Field, BsonValue Value)>(2);
        if (!Collect(predicate.Body, predicate.Parameters[0], terms)) return null;
        for (var i = 0; i < terms.Count; i++)
            if (StoreIndexes.ListedAs(collection, terms[i].Field) is { } list) terms[i] = ($"{list}[*] ANY", terms[i].Value);
        return Parsed(terms);
    }

    /// <summary><c>$.field = value</c>, the field as stored ("_id" for the id).</summary>
    public static BsonExpression FieldEquals(string field, BsonValue value) => Where($"$.{field}=@0", value);

    /// <summary>The expression of LiteDB's syntax, its parameters @0, @1… set to the values.</summary>
    public static BsonExpression Where(string source, params BsonValue[] values)
    {
        var parsed = t_parsed ??= new(StringComparer.Ordinal);
        if (!parsed.TryGetValue(source, out var expression))
            parsed[source] = expression = BsonExpression.Create(source, values.Select(_ => BsonValue.Null).ToArray());
        for (var i = 0; i < values.Length; i++) expression.Parameters[Names[i]] = values[i];
        return expression;
    }

    static BsonExpression Parsed(List<(string Field, BsonValue Value)> terms) =>
        Where(terms.Count == 1 ? $"$.{terms[0].Field}=@0" : string.Join(" AND ", terms.Select((t, i) => $"$.{t.Field}=@{i}")),
            [.. terms.Select(t => t.Value)]);

    static readonly string[] Names = [.. Enumerable.Range(0, 8).Select(i => i.ToString())];

    static bool Collect(Expression body, ParameterExpression document, List<(string, BsonValue)> terms)
    {
        switch (body)
        {
            case BinaryExpression { NodeType: ExpressionType.AndAlso } both:
                return Collect(both.Left, document, terms) && Collect(both.Right, document, terms) && terms.Count <= Names.Length;
            case BinaryExpression { NodeType: ExpressionType.Equal } equal:
                var (field, other) = equal.Left is MemberExpression l && l.Expression == document ? (l, equal.Right)
                    : equal.Right is MemberExpression r && r.Expression == document ? (r, equal.Left) : (null, null);
                if (field?.Member is not PropertyInfo property || !Plain(property.PropertyType)) return false;
                if (!ClosureValues.TryValue(other!, out var value) || value is null) return false; // null: LiteDB's own reading
                terms.Add((property.Name == "Id" ? "_id" : property.Name, new BsonValue(value))); // the mapper's names
                return true;
            default:
                return false;
        }
    }

    /// <summary>Types stored as they are (no mapper conversion: enums, dates and nullables are left to LiteDB).</summary>
    static bool Plain(Type type) => type == typeof(string) || type == typeof(int) || type == typeof(long) || type == typeof(bool);
}
