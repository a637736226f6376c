using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Domain;

/// <summary>
/// The year-end levels (QĐ 124-QĐ/TW) as officials type them: in full or without "nhiệm vụ" ("hoàn thành tốt"; not
/// "hoàn thành" alone, which begins three of them), by the
/// usual abbreviations ("HTXS", "HTT", "HT", "KHT", also with "NV"), by the word that sets a level apart ("xuất sắc",
/// "tốt"), or by the start of exactly one level ("không hoàn thành"). Never by "không" alone: a careless "no" must not rate
/// anyone "Không hoàn thành nhiệm vụ".
/// </summary>
public static class YearLevels
{
    const string Duty = " nhiem vu";
    const string Done = "hoan thanh ";

    /// <summary>The level meant by <paramref name="typed"/> among <paramref name="levels"/> (key, label), or null.</summary>
    public static T? Find<T>(string typed, IReadOnlyList<T> levels, Func<T, string> label) where T : class
    {
        var f = string.Join(' ', VnText.Fold(typed).Trim().TrimEnd('.', '!').Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (f.Length == 0 || f == "khong") return null;
        var compact = f.Replace(" ", "").Replace(".", "");
        var labels = levels.Select(l => VnText.Fold(label(l))).ToList();
        for (var i = 0; i < levels.Count; i++)
        {
            var full = labels[i];
            var core = full.EndsWith(Duty, StringComparison.Ordinal) ? full[..^Duty.Length] : full;
            var apart = core.StartsWith(Done, StringComparison.Ordinal) ? core[Done.Length..] : "";
            // "hoàn thành" alone begins every level but one: not taken for "Hoàn thành nhiệm vụ".
            var coreSaysIt = !labels.Any(other => other != full && other.StartsWith(core + " ", StringComparison.Ordinal));
            if (f == full || (coreSaysIt && f == core) || (apart != "" && f == apart) || compact == Initials(full) || compact == Initials(core)) return levels[i];
        }
        return labels.Select((l, i) => (l, i)).Where(x => x.l.StartsWith(f + " ", StringComparison.Ordinal)).ToList() is [var only] ? levels[only.i] : null;
    }

    static string Initials(string folded) => string.Concat(folded.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w[0]));
}
