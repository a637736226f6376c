using System.Collections;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;

namespace ChiBo.Dialogs.Storage.Postgres;

/// <summary>
/// A LINQ predicate over an entity, written as SQL over its stored document (LiteDB's JSON: dates as {"$date": "…"},
/// 64-bit numbers as {"$numberLong": "…"}, enums by name, null fields left out). Comparisons of a field with a value,
/// &amp;&amp;, ||, !, a bool field, null checks, a list's Count, string StartsWith, and a captured list's Contains: what the
/// code asks. Anything else is refused with the expression, so a new query shape fails its first test, not a user.
/// </summary>
public sealed class PgPredicate
{
    readonly List<object?> _args;
    readonly ParameterExpression _entity;

    PgPredicate(ParameterExpression entity, List<object?> args)
    {
        _entity = entity;
        _args = args;
    }

    /// <summary>The SQL condition; values are added to <paramref name="args"/> and written as @0, @1….</summary>
    public static string Translate<T>(Expression<Func<T, bool>> predicate, List<object?> args) =>
        new PgPredicate(predicate.Parameters[0], args).Condition(predicate.Body);

    string Condition(Expression e)
    {
        switch (e)
        {
            case BinaryExpression { NodeType: ExpressionType.AndAlso } b: return $"({Condition(b.Left)} AND {Condition(b.Right)})";
            case BinaryExpression { NodeType: ExpressionType.OrElse } b: return $"({Condition(b.Left)} OR {Condition(b.Right)})";
            case UnaryExpression { NodeType: ExpressionType.Not } u: return $"(NOT {Condition(u.Operand)})";
            case BinaryExpression b when Comparison(b.NodeType) is { } op: return Compare(b.Left, b.Right, op, b.NodeType);
            case MemberExpression m when IsField(m) && Unwrap(m).Type == typeof(bool): return $"coalesce(({Text(Path(m))})::boolean, false)";
            case MethodCallExpression { Method.Name: nameof(string.StartsWith), Object: { } field, Arguments: [var prefix] }
                when field.Type == typeof(string) && IsField(field) && !IsField(prefix):
                return $"(starts_with(({Text(Path(field))}) COLLATE \"C\", {Arg(Value(prefix))}))";
            case MethodCallExpression { Method.Name: nameof(Enumerable.Contains) } call when ContainsParts(call) is var (list, item):
                return $"({Typed(item, out _)} = ANY({Arg(ToArray(Value(list), Unwrap(item).Type))}))";
            case ConstantExpression { Value: bool constant }: return constant ? "TRUE" : "FALSE";
        }
        throw Unsupported(e);
    }

    static string? Comparison(ExpressionType t) => t switch
    {
        ExpressionType.Equal => "=", ExpressionType.NotEqual => "<>", ExpressionType.LessThan => "<",
        ExpressionType.LessThanOrEqual => "<=", ExpressionType.GreaterThan => ">", ExpressionType.GreaterThanOrEqual => ">=",
        _ => null,
    };

    string Compare(Expression left, Expression right, string op, ExpressionType type)
    {
        if (!IsField(left))
        {
            if (!IsField(right)) throw Unsupported(left);
            (left, right) = (right, left);
            op = op switch { "<" => ">", ">" => "<", "<=" => ">=", ">=" => "<=", _ => op };
        }
        if (IsField(right)) throw Unsupported(right); // field against field: not asked
        var value = Value(right);
        if (value is null)
        {
            var path = Path(left);
            var missing = $"({path} IS NULL OR jsonb_typeof({path}) = 'null')";
            return type switch
            {
                ExpressionType.Equal => missing,
                ExpressionType.NotEqual => $"(NOT {missing})",
                _ => "FALSE",
            };
        }
        var sql = Typed(left, out var fieldType);
        var arg = Arg(AsStored(value, fieldType));
        // A missing field differs from every value (C#'s null != "x"); SQL's NULL would compare unknown.
        return op == "<>" ? $"({sql} IS DISTINCT FROM {arg})" : $"({sql} {op} {arg})";
    }

    /// <summary>The field as SQL of the type its values compare as, and the field's CLR type.</summary>
    string Typed(Expression field, out Type type)
    {
        var inner = Unwrap(field);
        type = Nullable.GetUnderlyingType(inner.Type) ?? inner.Type;
        if (inner is MemberExpression { Member.Name: nameof(ICollection.Count) } count && IsList(count.Expression!.Type))
        {
            type = typeof(int);
            return $"coalesce(jsonb_array_length({Path(count.Expression!)}), 0)";
        }
        if (IsId(inner)) return type == typeof(long) || type == typeof(int) ? "n" : "id";
        var path = Path(inner);
        // (text) COLLATE "C": the expression the field's index is made on (COLLATE binds tighter than ->>).
        if (type == typeof(string) || type.IsEnum) return $"(({Text(path)}) COLLATE \"C\")";
        if (type == typeof(DateTime)) return $"((({path}) ->> '$date') COLLATE \"C\")";
        if (type == typeof(long)) return $"coalesce((({path}) ->> '$numberLong')::bigint, ({Text(path)})::bigint)";
        if (type == typeof(int) || type == typeof(short) || type == typeof(byte)) return $"({Text(path)})::int";
        if (type == typeof(double) || type == typeof(decimal) || type == typeof(float))
            return $"coalesce((({path}) ->> '$numberDecimal')::numeric, ({Text(path)})::numeric)";
        if (type == typeof(bool)) return $"({Text(path)})::boolean";
        throw new NotSupportedException($"Cannot compare a stored {type.Name} in SQL: {field}");
    }

    /// <summary>A value as the document stores it, so it compares with <see cref="Typed"/>'s SQL.</summary>
    static object AsStored(object value, Type fieldType) => value switch
    {
        DateTime d => PgJson.DateText(d),
        Enum en => en.ToString(),
        _ when fieldType.IsEnum => Enum.ToObject(fieldType, value).ToString()!, // C# compares enums as their numbers
        int or long or short or byte when fieldType == typeof(long) => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        double or float or decimal or int when fieldType == typeof(double) || fieldType == typeof(decimal) => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        _ => value,
    };

    static object ToArray(object? list, Type itemType)
    {
        var items = ((IEnumerable?)list ?? Array.Empty<object>()).Cast<object?>();
        var type = Nullable.GetUnderlyingType(itemType) ?? itemType;
        if (type == typeof(string) || type.IsEnum) return items.Select(i => i?.ToString()).ToArray();
        if (type == typeof(long) || type == typeof(int)) return items.Select(i => Convert.ToInt64(i, CultureInfo.InvariantCulture)).ToArray();
        throw new NotSupportedException($"Contains over {type.Name} values");
    }

    (Expression List, Expression Item)? ContainsParts(MethodCallExpression call) => call switch
    {
        { Object: { } list, Arguments: [var item] } when !IsField(list) && IsField(item) => (list, item), // list.Contains(x.F)
        { Object: null, Arguments: [var list, var item] } when !IsField(list) && IsField(item) => (list, item), // Enumerable.Contains
        _ => null,
    };

    string Arg(object? value)
    {
        _args.Add(value);
        return "@" + (_args.Count - 1).ToString(CultureInfo.InvariantCulture);
    }

    static Expression Unwrap(Expression e) => e is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } u ? Unwrap(u.Operand) : e;

    /// <summary>The expression reads the entity (a field of it, maybe nested, maybe converted).</summary>
    bool IsField(Expression e)
    {
        e = Unwrap(e);
        while (e is MemberExpression m && m.Expression is not null) e = Unwrap(m.Expression);
        return e == _entity;
    }

    bool IsId(Expression e) => e is MemberExpression { Member.Name: "Id" } m && Unwrap(m.Expression!) == _entity;

    static bool IsList(Type t) => t != typeof(string) && typeof(IEnumerable).IsAssignableFrom(t);

    /// <summary>The document path of a field: doc -> 'A' -> 'B' (jsonb).</summary>
    string Path(Expression field)
    {
        var names = new List<string>();
        var e = Unwrap(field);
        while (e is MemberExpression m && m.Expression is not null)
        {
            names.Add(Unwrap(m.Expression) == _entity && m.Member.Name == "Id" ? "_id" : m.Member.Name);
            e = Unwrap(m.Expression);
        }
        if (e != _entity) throw Unsupported(field);
        names.Reverse();
        return "doc" + string.Concat(names.Select(n => $" -> '{n.Replace("'", "''")}'"));
    }

    /// <summary>A jsonb path read as text (the last -> becomes ->>).</summary>
    static string Text(string path)
    {
        var last = path.LastIndexOf(" -> ", StringComparison.Ordinal);
        return last < 0 ? path : path[..last] + " ->> " + path[(last + 4)..];
    }

    /// <summary>A value the predicate captured: a constant, a captured variable or a member of one, or computed.</summary>
    static object? Value(Expression e)
    {
        switch (e)
        {
            case ConstantExpression c: return c.Value;
            case MemberExpression { Member: FieldInfo f } m: return f.GetValue(m.Expression is null ? null : Value(m.Expression));
            case MemberExpression { Member: PropertyInfo p } m: return p.GetValue(m.Expression is null ? null : Value(m.Expression));
            case UnaryExpression { NodeType: ExpressionType.Convert } u when Nullable.GetUnderlyingType(u.Type) is not null || u.Type == typeof(object):
                return Value(u.Operand);
            default: return Expression.Lambda(e).Compile().DynamicInvoke();
        }
    }

    static NotSupportedException Unsupported(Expression e) =>
        new($"This predicate cannot be written as SQL (keep to a field compared with a value, &&, ||, !): {e}");
}
