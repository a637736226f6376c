using System.Globalization;
using System.Text.RegularExpressions;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
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
        if (t.Length == 0) return (null, "Đồng chí chưa nhập gì. Đồng chí gõ một số.");
        if (VnText.Fold(t) is "khong" or "khong co" or "0") return Range(0, min, max);
        var numbers = Integer().Matches(t);
        if (numbers.Count == 0 && NumberWord(t) is { } said) return Range(said, min, max);
        if (numbers.Count == 0) return (null, $"\"{Preview(t)}\" không phải là số. Đồng chí gõ một số, ví dụ {Math.Max(min, Math.Min(max, 12))}.");
        if (numbers.Count > 1) return (null, "Đồng chí chỉ gõ một số.");
        var raw = numbers[0].Value.Replace(".", "").Replace(",", "");
        if (raw.StartsWith('-')) return (null, "Số không được âm.");
        if (!long.TryParse(raw, out var n) || n > MaxCount) return (null, $"Số {Preview(numbers[0].Value)} quá lớn.");
        return Range((int)n, min, max);
    }

    static readonly Dictionary<string, int> NumberWords = new()
    {
        ["mot"] = 1, ["hai"] = 2, ["ba"] = 3, ["bon"] = 4, ["tu"] = 4, ["nam"] = 5, ["sau"] = 6, ["bay"] = 7, ["tam"] = 8, ["chin"] = 9, ["muoi"] = 10,
    };

    /// <summary>"ba", "Ba người", "năm đồng chí": a count from one to ten written as a word.</summary>
    static int? NumberWord(string text)
    {
        var words = VnText.Fold(text).Trim('.', '!').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || !NumberWords.TryGetValue(words[0], out var n)) return null;
        var rest = string.Join(' ', words.Skip(1));
        return rest is "" or "nguoi" or "dong chi" or "dang vien" or "dong chi phat bieu" or "y kien" ? n : null;
    }

    /// <summary>The most đồng one amount may be (a month's dues are tens or hundreds of thousands).</summary>
    public const long MaxMoney = 100_000_000;

    /// <summary>
    /// An amount of money as people type it: "50000", "50.000", "50,000", "50.000đ", "50k", "50 nghìn", "1,5 triệu";
    /// null when the text is not one (or is over <see cref="MaxMoney"/>).
    /// </summary>
    public static long? Money(string text)
    {
        var m = MoneyPattern().Match(VnText.Fold(VnText.Clean(text)));
        if (!m.Success) return null;
        var digits = m.Groups["n"].Value;
        var unit = m.Groups["unit"].Value;
        decimal value;
        if (unit is "k" or "nghin" or "ngan" or "tr" or "trieu")
        {
            // "1,5 triệu", "1.5tr": a decimal point or comma before at most two digits is a fraction, else a thousands mark.
            var frac = FractionMark().Match(digits);
            var plain = frac.Success ? digits[..frac.Index].Replace(".", "").Replace(",", "") + "." + frac.Groups[1].Value : digits.Replace(".", "").Replace(",", "");
            if (!decimal.TryParse(plain, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)) return null;
            value *= unit is "k" or "nghin" or "ngan" ? 1_000 : 1_000_000;
        }
        else
        {
            if (!ThousandsOnly().IsMatch(digits)) return null;
            if (!decimal.TryParse(digits.Replace(".", "").Replace(",", ""), NumberStyles.None, CultureInfo.InvariantCulture, out value)) return null;
        }
        return value is < 0 or > MaxMoney || value != Math.Floor(value) ? null : (long)value;
    }

    [GeneratedRegex(@"^(?<n>\d[\d.,]*)\s*(?<unit>k|nghin|ngan|tr|trieu|d|dong|vnd)?$")]
    private static partial Regex MoneyPattern();

    [GeneratedRegex(@"[.,](\d{1,2})$")]
    private static partial Regex FractionMark();

    /// <summary>Plain digits, or digits grouped by three with dots or commas.</summary>
    [GeneratedRegex(@"^(\d+|\d{1,3}([.,]\d{3})+)$")]
    private static partial Regex ThousandsOnly();

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

    /// <summary>
    /// A vote of <paramref name="voters"/> people as for, against, abstaining: three numbers ("5 0 0", "5 tán thành, 0 không
    /// tán thành, 0 không biểu quyết"), or all of them for: "nhất trí", "100%", "tất cả tán thành", or the number of them all
    /// with the word ("5 tán thành", "nhất trí 5/5"). Null otherwise: "4 tán thành" of 5 leaves the fifth unsaid.
    /// </summary>
    public static int[]? Votes(string text, int voters)
    {
        var folded = VnText.Fold(VnText.Clean(text)).Trim('.', '!', ' ');
        if (folded is "100%" or "nhat tri" or "nhat tri 100%" or "nhat tri 100" or "100% nhat tri" or "tat ca tan thanh" or "tat ca nhat tri" or "100% tan thanh")
            return [voters, 0, 0];
        var numbers = Numbers(text);
        var allFor = (folded.Contains("tan thanh") || folded.Contains("nhat tri")) && !folded.Contains("khong");
        if (allFor && (numbers is [var n] && n == voters || numbers is [var of, var all] && of == voters && all == voters && folded.Contains('/')))
            return [voters, 0, 0];
        return numbers is { Length: 3 } ? numbers : null;
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

    /// <summary>
    /// A day already past, as a date (<see cref="Date"/>) or as people say it the next morning: "tối qua", "hôm kia", "ngày
    /// 3" (the latest 3rd up to today), "thứ năm", "tối thứ 5 tuần trước" (the latest such weekday up to today; with "tuần
    /// trước", the one in the week before this). Null otherwise.
    /// </summary>
    public static DateTime? PastDate(string text, DateTime today)
    {
        if (Date(text, today) is { } typed) return typed;
        var t = VnText.Fold(string.Join(' ', AnswerWords(text)));
        if (YesterdayWords().IsMatch(t)) return today.AddDays(-1);
        if (t is "hom kia" or "toi hom kia") return today.AddDays(-2);
        if (DayOfMonthWords().Match(t) is { Success: true } dm)
        {
            var n = int.Parse(dm.Groups["d"].Value, CultureInfo.InvariantCulture);
            for (var back = 0; back <= 2; back++)
                if (today.AddMonths(-back) is var m && n <= DateTime.DaysInMonth(m.Year, m.Month) && new DateTime(m.Year, m.Month, n) is var day && day <= today)
                    return day;
            return null;
        }
        if (WeekdayWords().Match(t) is { Success: true } w)
        {
            var wd = ScheduleDays.WeekdayOf(w);
            var latest = today.AddDays(-(((int)today.DayOfWeek - wd + 7) % 7));
            if (!w.Groups["prev"].Success) return latest;
            var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7)); // weeks start on Monday
            var inLastWeek = monday.AddDays(-7 + (wd + 6) % 7);
            return inLastWeek;
        }
        return null;
    }

    [GeneratedRegex(@"^(?:(?:buoi|hom)\s+)?(?:toi|dem|chieu|sang|trua|hom)\s+qua$")]
    private static partial Regex YesterdayWords();

    [GeneratedRegex(@"^(?:hom\s+)?ngay\s+(?<d>\d{1,2})(?:\s+(?:vua\s+(?:roi|qua)|thang\s+nay))?$")]
    private static partial Regex DayOfMonthWords();

    [GeneratedRegex(@"^(?:(?:buoi\s+)?(?:sang|chieu|toi|dem)\s+)?(?:hom\s+)?(?<wd>thu\s*(?:[2-7]|hai|ba|tu|nam|sau|bay)|chu\s*nhat|cn)(?:\s+(?<prev>tuan\s+truoc|tuan\s+roi)|\s+tuan\s+nay|\s+vua\s+(?:roi|qua))?$")]
    private static partial Regex WeekdayWords();

    /// <summary>
    /// A day typed for something to come ("04/01", "4-1-2027", "04.01.27"): with a year, that day; without one, the next
    /// such day from <paramref name="today"/> on (in December "04/01" is next year's, "29/02" the next leap year's). Null
    /// when no such day exists.
    /// </summary>
    public static DateTime? DayAhead(string typed, DateTime today)
    {
        var parts = typed.Split('/', '.', '-');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length is 0 or > 4 || !p.All(char.IsAsciiDigit))) return null;
        var (d, m) = (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        static DateTime? Valid(int y, int m, int d) => y is >= 1 and <= 9999 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m) ? new DateTime(y, m, d) : null;
        if (parts.Length == 3)
        {
            var y = int.Parse(parts[2], CultureInfo.InvariantCulture);
            return Valid(parts[2].Length <= 2 ? 2000 + y : y, m, d);
        }
        for (var y = today.Year; y <= today.Year + 4; y++)
            if (Valid(y, m, d) is { } day && day >= today.Date) return day;
        return null;
    }

    /// <summary>
    /// The day a decision takes effect, as written in it: the whole date after "từ" ("từ ngày 02/12/2026") if there is
    /// one, else the first whole date ("QĐ 20-QĐ/ĐU ngày 01/12/2026", "18/12/26"); null when none is written, or when the one
    /// written does not exist (<paramref name="invalid"/>: it as typed, "31/11/2026").
    /// </summary>
    public static DateTime? DayIn(string text, out string? invalid)
    {
        invalid = null;
        var t = VnText.Fold(VnText.Clean(text));
        var dates = WholeDate().Matches(t);
        if (dates.Count == 0) return null;
        var chosen = dates.FirstOrDefault(d => FromWord().IsMatch(t[..d.Index])) ?? dates[0];
        // Read as a typed date is ("18/12/26" is 2026), the separators made one; the date is whole, so no "today" is needed.
        if (Date(chosen.Value.Replace('.', '/').Replace('-', '/'), DateTime.MinValue) is { Year: >= 1930 } day) return day;
        invalid = chosen.Value;
        return null;
    }

    [GeneratedRegex(@"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?!\d)")]
    private static partial Regex WholeDate();

    [GeneratedRegex(@"\btu(?:\s+ngay)?\s*$")]
    private static partial Regex FromWord();

    /// <summary>
    /// "19:30", "19h30", "19h", "7 giờ 30", "1930" → minutes since midnight; with the part of the day as people say it:
    /// "7 giờ tối", "7h30 tối", "2 giờ chiều", "1 giờ trưa" (afternoon and evening hours under 12 move on 12 hours),
    /// "7 giờ rưỡi" (half past).
    /// </summary>
    public static int? Time(string text)
    {
        var t = VnText.Fold(VnText.Clean(text));
        var part = PartOfDay().Match(t);
        if (part.Success) t = t[..part.Index];
        t = t.Replace("gio", "h").Replace(" ", "").Replace("hruoi", "h30").Replace("ruoi", "h30");
        var m = TimeRegex().Match(t);
        if (!m.Success) return null;
        var h = int.Parse(m.Groups[1].Value);
        var min = m.Groups[2].Success && m.Groups[2].Value != "" ? int.Parse(m.Groups[2].Value) : 0;
        if (part.Success)
        {
            var word = part.Groups[1].Value;
            if (word is "chieu" or "toi" && h is >= 1 and < 12) h += 12;
            else if (word == "trua" && h is >= 1 and < 4) h += 12; // "1 giờ trưa"
            else if (word == "dem" && h is >= 7 and < 12) h += 12; // "10 giờ đêm"; "2 giờ đêm" stays 02:00
            else if (word == "sang" && h == 12) h = 0;
            if (word == "sang" && h >= 12) return null; // "19 giờ sáng" says two things
        }
        return h is >= 0 and < 24 && min is >= 0 and < 60 ? h * 60 + min : null;
    }

    /// <summary>
    /// A time of day that comes after <paramref name="start"/>: "9h15" after a 19:30 start is 21:15, as people say the
    /// evening's hours; a part of the day said ("9h15 sáng") is taken as said. Null when the text is no time.
    /// </summary>
    public static int? TimeAfter(string text, int start)
    {
        if (Time(text) is not { } time) return null;
        var saysPart = PartOfDay().IsMatch(VnText.Fold(VnText.Clean(text)));
        return !saysPart && time <= start && time < 12 * 60 && time + 12 * 60 > start ? time + 12 * 60 : time;
    }

    /// <summary>
    /// A time of day read near <paramref name="around"/>: "7h" for a meeting usually at 19:30 is 19:00, as people say the
    /// evening's hours; a part of the day said ("7 giờ sáng") is taken as said. Null when the text is no time.
    /// </summary>
    public static int? TimeNear(string text, int around)
    {
        if (Time(text) is not { } time) return null;
        return around >= 12 * 60 && TimeAfter(text, 12 * 60) is { } later && later != time && Math.Abs(later - around) < Math.Abs(time - around)
            ? later : time;
    }

    /// <summary>A length of time: "2 tiếng", "2 tiếng rưỡi", "1 tiếng 30 phút", "1,5 tiếng", "90 phút" → minutes; null otherwise ("2 giờ" is a time of day).</summary>
    public static int? Span(string text)
    {
        var t = VnText.Fold(VnText.Clean(text));
        var m = SpanRegex().Match(t);
        if (!m.Success || (!m.Groups["h"].Success && !m.Groups["m"].Success)) return null;
        var minutes = 0.0;
        if (m.Groups["h"].Success) minutes += double.Parse(m.Groups["h"].Value.Replace(',', '.'), System.Globalization.CultureInfo.InvariantCulture) * 60;
        if (m.Groups["half"].Success) minutes += 30;
        if (m.Groups["m"].Success) minutes += int.Parse(m.Groups["m"].Value);
        return minutes is > 0 and < 24 * 60 ? (int)Math.Round(minutes) : null;
    }

    public static string FormatTime(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";

    /// <summary>Free text: must have words and fit the limit.</summary>
    public static (string? Value, string? Error) FreeText(string text, int maxLength)
    {
        var t = VnText.Clean(text);
        if (t.Length == 0) return (null, "Đồng chí chưa nhập nội dung.");
        if (!VnText.HasWords(t)) return (null, "Nội dung cần có chữ hoặc số, không chỉ biểu tượng.");
        // "rồi", "dạ vâng", "ok": a reply to a yes/no question, not what is to be written down.
        if (t.Length <= 40 && AnswerWords(t).All(w => w is "xong" or "um" || YesWords.Contains(w)))
            return (null, $"\"{Preview(t)}\" chưa phải nội dung cần ghi. Đồng chí gõ nội dung cụ thể.");
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

    /// <summary>A closed menu's answer: the choice tapped, numbered or named (<see cref="Match"/>), or typed as people answer (<see cref="Started"/>).</summary>
    public static Choice? MatchAnswer(UserInput input, IReadOnlyList<Choice> choices) =>
        Match(input, choices) ?? (input.ChoiceKey is null ? Started(input.Text, choices) : null);

    /// <summary>
    /// A closed menu's choice as people answer it in words: a label with "ạ", "nhé", "rồi" around it ("dạ, đã họp rồi
    /// ạ"), or the first words of exactly one label ("không" for "Không gửi trước", "trong ngày" for "Trong ngày họp").
    /// Never words from the middle of a label ("gửi trước" is not "Không gửi trước"), never a number (a count or a step
    /// is meant). Null when no label, or more than one, starts so.
    /// </summary>
    public static Choice? Started(string text, IReadOnlyList<Choice> choices)
    {
        var words = WithoutSelf(AnswerWords(text));
        if (words.Count == 0 || !words.Any(w => w.Any(char.IsLetter)) || words.Sum(w => w.Length) < 2) return null;
        var labels = choices.Select(c => (Choice: c, Words: AnswerWords(c.Label))).ToList();
        var exact = labels.Where(l => l.Words.SequenceEqual(words)).ToList();
        if (exact.Count == 1) return exact[0].Choice;
        var started = labels.Where(l => l.Words.Count > words.Count && l.Words.Take(words.Count).SequenceEqual(words)).ToList();
        return exact.Count == 0 && started.Count == 1 ? started[0].Choice : null;
    }

    /// <summary>A yes in one word, folded ("dạ" and "đã" fold alike: "đã" answers "đã … chưa?").</summary>
    static readonly HashSet<string> YesWords = ["co", "roi", "da", "vang", "u", "uh", "yes", "ok", "oke", "okay"];

    /// <summary>
    /// The whole answer a yes ("có", "rồi", "đã", "vâng", "ừ", "ok", "đồng ý", "nhất trí", "thống nhất") or a no ("không", "chưa"), with
    /// the courtesy around it ("có ạ", "dạ không"); null for anything else.
    /// </summary>
    public static bool? YesOrNo(string text)
    {
        var said = VnText.Fold(VnText.WithoutCourtesy(text)).Trim('.', '!', ',', ' ');
        if (said.StartsWith("em ", StringComparison.Ordinal) || said.StartsWith("toi ", StringComparison.Ordinal)) said = said[(said.IndexOf(' ') + 1)..]; // "em có ạ"
        if (said.EndsWith(" roi", StringComparison.Ordinal)) said = said[..^4]; // "có rồi", "đồng ý rồi"
        return said switch
        {
            _ when YesWords.Contains(said) => true,
            "dong y" or "nhat tri" or "thong nhat" => true,
            "khong" or "chua" or "no" or "ko" => false,
            _ => null,
        };
    }

    /// <summary>"em có dự", "tôi chưa gửi": the answer without the speaker's "em", "tôi" before it (when more follows).</summary>
    public static List<string> WithoutSelf(List<string> words) => words is ["em" or "toi", _, ..] ? words[1..] : words;

    /// <summary>An answer's words, folded, without punctuation nor the courtesy around it ("dạ", "ạ", "nhé", "rồi").</summary>
    public static List<string> AnswerWords(string text) =>
        VnText.WithoutCourtesy(text, "rồi").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => VnText.Fold(w.Trim(',', '.', ':', ';', '!', '?', '(', ')', '"'))).Where(w => w != "").ToList();

    public static string Menu(IReadOnlyList<Choice> choices) =>
        string.Join(", ", choices.Select((c, i) => $"{i + 1}. {c.Label}"));

    /// <summary>At most 30 characters (or max), cut at a word boundary when there is one.</summary>
    public static string Preview(string s, int max = 30)
    {
        if (s.Length <= max) return s;
        var cut = s[..(max - 2)];
        var space = cut.LastIndexOf(' ');
        return (space > max / 3 ? cut[..space] : cut).TrimEnd(',', ';', ' ') + "…";
    }

    [GeneratedRegex(@"-?\d{1,3}(?:[.,]\d{3})+(?!\d)|-?\d+")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^(\d{1,2})(?:[:h.]|$)(\d{2})?(?:p|phut)?$")]
    private static partial Regex TimeRegex();

    [GeneratedRegex(@"\s*(?:buoi\s+)?(sang|trua|chieu|toi|dem)\s*$")]
    private static partial Regex PartOfDay();

    [GeneratedRegex(@"^(?:(?<h>\d{1,2}(?:[.,]\d)?)\s*tieng(?<half>\s*ruoi)?(?:\s*(?<m>\d{1,2})(?:\s*(?:phut|p))?)?|(?<m>\d{1,3})\s*(?:phut|p))$")]
    private static partial Regex SpanRegex();
}
