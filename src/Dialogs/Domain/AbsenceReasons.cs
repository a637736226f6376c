using System.Text.RegularExpressions;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Domain;

/// <summary>
/// The usual reasons for missing a meeting: the ones suggested, and the words put back with their diacritics when typed
/// without them (the minutes print the reason: "Phạm Thị Lan (ốm)", not "(om)").
/// </summary>
public static partial class AbsenceReasons
{
    /// <summary>Suggested at the roll call (short, as the minutes print them).</summary>
    public static readonly string[] AtRollCall = ["Ốm", "Đi công tác", "Việc gia đình"];
    /// <summary>Suggested to a member who answered a notice that they will be absent.</summary>
    public static readonly string[] ToMember = ["Ốm đau", "Đi công tác", "Việc gia đình"];

    static readonly Dictionary<string, string> Known = new[]
    {
        "Ốm", "Ốm đau", "Bị ốm", "Con ốm", "Đi công tác", "Công tác", "Việc gia đình", "Bận việc gia đình", "Có việc gia đình",
        "Nhà có việc", "Việc riêng", "Bận việc riêng", "Đi viện", "Nằm viện", "Đi khám bệnh", "Đi học", "Đi làm xa", "Đi làm ăn xa",
        "Tang gia", "Nhà có đám", "Sinh con", "Nghỉ sinh", "Tuổi cao", "Sức khỏe yếu", "Đi vắng",
    }.ToDictionary(VnText.Fold);

    /// <summary>
    /// A reason as typed after the words that say absent: without the words before it ("vì", "do", "lý do:") nor the
    /// courtesy around it ("ạ"), and a usual one written with its diacritics ("vì om ạ" → "ốm"). Empty when nothing is left.
    /// </summary>
    public static string Typed(string typed) => AsWritten(Lead().Replace(VnText.WithoutCourtesy(typed), ""));

    /// <summary>The words before a reason: "vì", "do", "bởi", "tại vì", "lý do:", "có lý do".</summary>
    [GeneratedRegex(@"^(?:(?:có\s+|co\s+)?l[ýíy]\s+do|vì|vi|do|bởi|tại(?:\s+vì)?)(?:\s*[:,-]\s*|\s+)", RegexOptions.IgnoreCase)]
    private static partial Regex Lead();

    /// <summary>"om" → "ốm", "Di cong tac" → "Đi công tác": a usual reason typed without diacritics, as it is written; any other text as typed.</summary>
    public static string AsWritten(string typed)
    {
        var t = typed.Trim();
        var folded = VnText.Fold(t);
        var plain = folded == string.Join(' ', t.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)); // no diacritics typed
        if (t.Length == 0 || !plain || !Known.TryGetValue(folded, out var known)) return typed;
        return char.IsLower(t[0]) ? char.ToLowerInvariant(known[0]) + known[1..] : known;
    }
}
