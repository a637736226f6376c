using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ChiBo.Dialogs.Text;

/// <summary>Vietnamese text helpers: folding for forgiving matches, number and date formats of ux.md.</summary>
public static partial class VnText
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>
    /// What the code writes without naming a culture (month keys "2026-11", ids, some dates) follows the process's
    /// culture, which on Linux comes from LANG: on a server whose culture has another calendar (fa_IR, ar_SA, th_TH)
    /// November 2026 was "1405-08" and /tonghop found no data. The program and the test assemblies call this first:
    /// every thread formats as the tests verified; Vietnamese text names <see cref="Culture"/> where it needs it.
    /// </summary>
    public static void PinProcessCulture()
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
    }

    /// <summary>The text with its first letter capital (a phrase used to begin a sentence or a cell).</summary>
    public static string Capital(string s) => s.Length == 0 ? s : char.ToUpper(s[0], Culture) + s[1..];

    /// <summary>Letters inserted, deleted or changed to make one string the other (Levenshtein).</summary>
    public static int EditDistance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }

    /// <summary>Lower case, no diacritics, đ→d, single spaces: "Thường Kỳ " → "thuong ky".</summary>
    public static string Fold(string s)
    {
        var d = s.Trim().ToLowerInvariant().Replace('đ', 'd').Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(d.Length);
        foreach (var ch in d)
            if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark) sb.Append(ch);
        return Spaces().Replace(sb.ToString().Normalize(NormalizationForm.FormC), " ");
    }

    /// <summary>87.5 → "87,5"; 1250 → "1.250".</summary>
    public static string Number(int n) => Number((decimal)n);
    public static string Number(decimal n) => n.ToString(n == Math.Floor(n) ? "#,0" : "#,0.##", Culture);
    public static string Number(double n) => Number(Round1(n));

    /// <summary>"50.000 đ"</summary>
    public static string Money(long dong) => Number((decimal)dong) + " đ";

    public static string Percent(double ratio) => Number(Round1(ratio * 100)) + "%";

    /// <summary>
    /// The one rounding of reported figures: one decimal, half up (72,25 → 72,3). Through decimal, so a double's binary
    /// noise (0,7225 × 100 = 72,2499…) does not move the half.
    /// </summary>
    public static decimal Round1(double n) => Math.Round((decimal)n, 1, MidpointRounding.AwayFromZero);
    public static decimal Round1(decimal n) => Math.Round(n, 1, MidpointRounding.AwayFromZero);

    /// <summary>
    /// A person's name as typed after a title ("Đ/c Minh", "đồng chí Lan", "anh Tuấn", "chị Thu"): the name alone. A
    /// word alone is a name, never a title ("Chi", "Đông").
    /// </summary>
    public static string WithoutTitle(string typed)
    {
        var words = typed.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count > 2 && Fold(words[0]) == "dong" && Fold(words[1]) == "chi") words.RemoveRange(0, 2);
        else if (words.Count > 1 && IsTitle(Fold(words[0]).Replace(".", "").TrimEnd(':'))) words.RemoveAt(0);
        return string.Join(' ', words);
    }

    /// <summary>A folded word said before a name: "đ/c" and the words of address (anh, chị, cô, chú, bác, ông, bà, em).</summary>
    public static bool IsTitle(string folded) => folded is "d/c" or "dc" or "anh" or "chi" or "co" or "chu" or "bac" or "ong" or "ba" or "em";

    /// <summary>
    /// What a typed name means among named things: its id, or every name holding the typed words (case and
    /// diacritics aside; a title before them, "anh", "chị", "đ/c", when they name nobody with it); when several match, the one named exactly wins, then the only one holding them as whole words.
    /// </summary>
    public static List<T> NameMatches<T>(IEnumerable<T> items, string typed, Func<T, string> name, Func<T, string> id)
    {
        var key = typed.Trim();
        var wanted = Fold(key);
        var matches = items.Where(i => id(i) == key || Fold(name(i)).Contains(wanted)).ToList();
        // "anh Tuấn", "chị Lan": the name after the title, when the words with it name nobody.
        if (matches.Count == 0 && WithoutTitle(key) is var bare && bare != key) return NameMatches(items, bare, name, id);
        if (matches.Count <= 1) return matches;
        // A code typed (as the bot suggests for namesakes): that one, whatever names contain it.
        if (matches.Where(i => id(i) == key).ToList() is [var byId]) return [byId];
        // The typed full name: that person; several with that very name (namesakes are common): all of them, never the first.
        if (matches.Where(i => Fold(name(i)) == wanted).ToList() is { Count: > 0 } exact) return exact;
        // "Hoa" means Lê Thị Hoa rather than Hoàng Văn Kiên: whole words first, when that leaves one.
        var typedWords = wanted.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var whole = matches.Where(i => Fold(name(i)).Split(' ') is var words && typedWords.All(words.Contains)).ToList();
        return whole.Count == 1 ? whole : matches;
    }

    /// <summary>
    /// The longest run of first words that names exactly one item (<see cref="NameMatches"/>), and the words after it;
    /// null when none does. <paramref name="restAtLeast"/>: how many words must be left after the name.
    /// </summary>
    public static (T Item, string After)? LeadingName<T>(IEnumerable<T> items, IReadOnlyList<string> words, Func<T, string> name, Func<T, string> id,
        int restAtLeast = 0) where T : notnull
    {
        var list = items as IReadOnlyCollection<T> ?? items.ToList();
        for (var n = words.Count - restAtLeast; n >= 1; n--)
            if (NameMatches(list, string.Join(' ', words.Take(n)), name, id) is [var one])
                return (one, string.Join(' ', words.Skip(n)));
        return null;
    }

    /// <summary>Sorted in Vietnamese alphabetical order (sort keys computed once: fast for thousands of names).</summary>
    public static List<T> SortedByName<T>(IEnumerable<T> items, Func<T, string> name) =>
        items.Select(i => (Item: i, Key: Culture.CompareInfo.GetSortKey(name(i))))
            .OrderBy(x => x.Key, Comparer<SortKey>.Create(SortKey.Compare)).Select(x => x.Item).ToList();

    /// <summary>Sorted as Vietnamese lists of people are: by given name (the last word), then the full name.</summary>
    public static List<T> SortedByGivenName<T>(IEnumerable<T> items, Func<T, string> name) =>
        SortedByName(items, i => name(i).Trim().Split(' ').Last() + " " + name(i));

    public static string Date(DateTime d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    static readonly string[] Weekdays = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];

    /// <summary>"Thứ Sáu", "Chủ nhật".</summary>
    public static string Weekday(DayOfWeek d) => Weekdays[(int)d];
    public static string Weekday(DateTime d) => Weekday(d.DayOfWeek);

    /// <summary>"19:30 Thứ Sáu 01/01/2027": a meeting's time, weekday and date, as notices give it.</summary>
    public static string MeetingAt(DateTime d) => $"{d.ToString("HH:mm", CultureInfo.InvariantCulture)} {Weekday(d)} {Date(d)}";

    /// <summary>"01/2027": the one month style of messages and documents ("tháng 01/2027").</summary>
    public static string MonthOf(DateTime d) => $"{d.Month:00}/{d.Year}";

    /// <summary>True when the text has at least one letter or digit (not only emoji, punctuation or control characters).</summary>
    public static bool HasWords(string s) => s.Any(char.IsLetterOrDigit);

    /// <summary>A courtesy word around an answer, lower case as typed ("ạ", "nhé"; "nhà" is a word, so diacritics decide).</summary>
    public static bool IsCourtesy(string word) => word is "ạ" or "a" or "ah" or "nhé" or "nhe" or "nha" or "nhá";

    /// <summary>The text without the courtesy words around it ("dạ", "ạ", "nhé"; and any of <paramref name="alsoAfter"/> at its end), as typed.</summary>
    public static string WithoutCourtesy(string text, params string[] alsoAfter)
    {
        var words = Clean(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        static string Word(string w) => w.Trim(',', '.', ':', ';', '!', '?', '(', ')', '"').ToLower(Culture);
        while (words.Count > 0 && (Word(words[^1]) is var last && (IsCourtesy(last) || last == "" || alsoAfter.Contains(last)))) words.RemoveAt(words.Count - 1);
        while (words.Count > 0 && (Word(words[0]) is var first && (IsCourtesy(first) || first is "dạ" or ""))) words.RemoveAt(0);
        return string.Join(' ', words).TrimEnd(',', ';', ':');
    }

    /// <summary>A person's name with each word capitalised: "trần văn mười", "TRẦN VĂN MƯỜI" → "Trần Văn Mười".</summary>
    public static string TitleCase(string name) => Culture.TextInfo.ToTitleCase(name.ToLower(Culture));

    /// <summary>Whether a name is typed in capitals throughout (at least two letters, none lower case).</summary>
    public static bool AllCaps(string name) => name.Count(char.IsLetter) >= 2 && !name.Any(char.IsLower);

    /// <summary>
    /// Drops control characters except new lines, trims, and writes accents precomposed (NFC: some keyboards send "ế" as
    /// "e" and two combining marks); text that is not valid Unicode (a lone surrogate) is left as it is.
    /// </summary>
    public static string Clean(string s)
    {
        var kept = new string(s.Where(c => c == '\n' || !(char.IsControl(c) || IsFormat(c))).ToArray()).Trim();
        try { return kept.Normalize(NormalizationForm.FormC); }
        catch (ArgumentException) { return kept; }
    }

    /// <summary>Invisible format characters: bidi overrides and isolates, zero-width spaces and joiners, BOM.</summary>
    static bool IsFormat(char c) => char.GetUnicodeCategory(c) == UnicodeCategory.Format;

    /// <summary>A name from a platform (a display name, a group title): one line, no invisible characters, at most 64 characters.</summary>
    public static string DisplayName(string s)
    {
        var one = Spaces().Replace(Clean(s), " ");
        return one.Length <= 64 ? one : one[..64].TrimEnd();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
