using System.Linq.Expressions;

namespace ChiBo.Dialogs.Storage;

/// <summary>Values a LINQ predicate reads from outside the document (a lambda's captured variables), taken now.</summary>
static class ClosureValues
{
    /// <summary>The value of an expression made of constants and their fields or properties (a closure's captured values).</summary>
    public static bool TryValue(Expression e, out object? value)
    {
        value = null;
        switch (e)
        {
            case ConstantExpression c:
                value = c.Value;
                return true;
            case UnaryExpression { NodeType: ExpressionType.Convert } convert when TryValue(convert.Operand, out var inner):
                var type = Nullable.GetUnderlyingType(convert.Type) ?? convert.Type;
                value = inner is null || type.IsInstanceOfType(inner) ? inner
                    : type.IsEnum ? Enum.ToObject(type, inner)
                    : Convert.ChangeType(inner, type, System.Globalization.CultureInfo.InvariantCulture);
                return true;
            case MemberExpression m:
                object? target = null;
                if (m.Expression is not null && (!TryValue(m.Expression, out target) || target is null)) return false;
                switch (m.Member)
                {
                    case System.Reflection.FieldInfo f: value = f.GetValue(target); return true;
                    case System.Reflection.PropertyInfo p: value = p.GetValue(target); return true;
                    default: return false;
                }
            default:
                return false;
        }
    }
}
