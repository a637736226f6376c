using System.Globalization;
using System.Text.RegularExpressions;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Flows.Steps;

/// <summary>Forgiving readers for what secretaries type: numbers, dates, times, choices, free text.</summary>
public static partial class Inputs
{
    public const int MaxCount = 100_000;

    /// <summary>One whole number, words around it allowed ("24 người"). Error text when not.</summary>
    public static (int? Value, string? Error) Count(string text, int min, int max)
    {
        var t = VnText.Clean(text);
        if (t.Length == 0) return (null, "Đồng chí chưa nhập gì. Hãy gõ một số.");
        if (VnText.Fold(t) is "khong" or "khong co" or "0") return Range(0, min, max);
        var numbers = Integer().Matches(t);
        if (numbers.Count == 0) return (null, $"\"{Preview(t)}\" không phải là số. Hãy gõ một số, ví dụ {Math.Max(min, Math.Min(max, 12))}.");
        if (numbers.Count > 1) return (null, "Chỉ nhập một số thôi ạ.");
        var raw = numbers[0].Value.Replace(".", "").Replace(",", "");
        if (raw.StartsWith('-')) return (null, "Số không được âm.");
        if (!long.TryParse(raw, out var n) || n > MaxCount) return (null, $"Số {Preview(numbers[0].Value)} quá lớn.");
        return Range((int)n, min, max);
    }

    static (int?, string?) Range(int n, int min, int max) =>
        n < min ? (null, $"Số phải từ {min} trở lên.")
        : n > max ? (null, $"Số phải không lớn hơn {max}.")
        : (n, null);

    /// <summary>Three whole numbers ("20 1 0", "20/1/0", "20-1-0").</summary>
    public static int[]? Numbers(string text)
    {
        var m = Integer().Matches(VnText.Clean(text));
        if (m.Count == 0 || m.Count > 10) return null;
        var result = new int[m.Count];
        for (var i = 0; i < m.Count; i++)
            if (!int.TryParse(m[i].Value.TrimStart('-'), out result[i]) || m[i].Value.StartsWith('-') || result[i] > MaxCount) return null;
        return result;
    }

    /// <summary>"hôm nay", "hôm qua", dd/MM/yyyy, dd/MM, d-M-yyyy, yyyy-MM-dd.</summary>
    public static DateTime? Date(string text, DateTime today)
    {
        var t = VnText.Fold(VnText.Clean(text));
        if (t.StartsWith("hom nay")) return today;
        if (t.StartsWith("hom qua")) return today.AddDays(-1);
        t = t.Replace("ngay", "").Trim();
        string[] formats = ["d/M/yyyy", "d-M-yyyy", "d.M.yyyy", "yyyy-MM-dd", "d/M/yy", "d/M", "d-M"];
        foreach (var f in formats)
            if (DateTime.TryParseExact(t, f, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                return f is "d/M" or "d-M" ? new DateTime(today.Year, d.Month, d.Day) : d.Date;
        return null;
    }

    /// <summary>"19:30", "19h30", "19h", "7 giờ 30", "1930" → minutes since midnight.</summary>
    public static int? Time(string text)
    {
        var t = VnText.Fold(VnText.Clean(text)).Replace("gio", "h").Replace(" ", "");
        var m = TimeRegex().Match(t);
        if (!m.Success) return null;
        var h = int.Parse(m.Groups[1].Value);
        var min = m.Groups[2].Success && m.Groups[2].Value != "" ? int.Parse(m.Groups[2].Value) : 0;
        return h is >= 0 and < 24 && min is >= 0 and < 60 ? h * 60 + min : null;
    }

    public static string FormatTime(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";

    /// <summary>Free text: must have words and fit the limit.</summary>
    public static (string? Value, string? Error) FreeText(string text, int maxLength)
    {
        var t = VnText.Clean(text);
        if (t.Length == 0) return (null, "Đồng chí chưa nhập nội dung.");
        if (!VnText.HasWords(t)) return (null, "Nội dung cần có chữ hoặc số, không chỉ biểu tượng.");
        if (t.Length > maxLength)
            return (null, $"Nội dung dài {VnText.Number(t.Length)} ký tự, quá giới hạn {VnText.Number(maxLength)}. Đồng chí tóm tắt ngắn hơn.");
        return (t, null);
    }

    /// <summary>Finds the choice the user meant: its key (from a button or menu), its number, or its label.</summary>
    public static Choice? Match(UserInput input, IReadOnlyList<Choice> choices)
    {
        if (input.ChoiceKey is not null) return choices.FirstOrDefault(c => c.Key == input.ChoiceKey);
        var folded = VnText.Fold(input.Text);
        var number = folded.TrimEnd('.', ')'); // "2." or "2)"
        if (int.TryParse(number, out var n) && n >= 1 && n <= choices.Count) return choices[n - 1];
        return choices.FirstOrDefault(c => VnText.Fold(c.Label) == folded)
               ?? choices.FirstOrDefault(c => VnText.Fold(c.Label) == folded.TrimEnd('.', ' ')); // "Lưu."
    }

    public static string Menu(IReadOnlyList<Choice> choices) =>
        string.Join(", ", choices.Select((c, i) => $"{i + 1}. {c.Label}"));

    /// <summary>At most 30 characters, cut at a word boundary when there is one.</summary>
    public static string Preview(string s)
    {
        if (s.Length <= 30) return s;
        var cut = s[..28];
        var space = cut.LastIndexOf(' ');
        return (space > 10 ? cut[..space] : cut).TrimEnd(',', ';', ' ') + "…";
    }

    [GeneratedRegex(@"-?\d{1,3}(?:[.,]\d{3})+(?!\d)|-?\d+")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^(\d{1,2})(?:[:h.]|$)(\d{2})?(?:p|phut)?$")]
    private static partial Regex TimeRegex();
}
