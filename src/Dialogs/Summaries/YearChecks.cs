using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Summaries;

/// <summary>
/// The "chi bộ bốn tốt" indicators the bot can check from a year of its data (NQ 21-NQ/TW; the criteria set names
/// which): each as ✔ or ✘ with the figure, or "chưa đủ số liệu" when the bot did not track the whole year.
/// </summary>
public static class YearChecks
{
    public static readonly IReadOnlyDictionary<string, string> Measures = new Dictionary<string, string>
    {
        ["regular_months"] = "sinh hoạt thường kỳ đủ số tháng",
        ["thematic_each_quarter"] = "sinh hoạt chuyên đề mỗi quý",
        ["meetings_fair_or_better"] = "mọi buổi đã chấm đạt Khá trở lên",
        ["good_meetings"] = "số buổi đạt Tốt",
        ["members_done_or_better"] = "mọi đảng viên hoàn thành nhiệm vụ trở lên",
        ["no_discipline"] = "không có đảng viên bị kỷ luật trong năm",
    };

    /// <param name="ratings">The members' levels the cell is proposing (null before they are known).</param>
    public static List<string> Lines(CriteriaSetTemplate set, CellStats year, ThematicStanding thematic, IReadOnlyList<MemberRating>? ratings, IReadOnlyList<Member> roster, int reviewYear)
    {
        var lines = new List<string>();
        var partial = year.TrackedMonths < 12 ? $" (bot có số liệu từ {year.TrackedFrom:MM/yyyy})" : "";
        var disciplined = roster.Count(m => m.Disciplines.Any(d => d.Year == reviewYear));
        foreach (var criterion in set.Criteria.Where(c => c.Checks.Count > 0))
            foreach (var check in criterion.Checks)
            {
                var (ok, figure) = check.Measure switch
                {
                    "regular_months" => (year.HeldMonths.Count >= check.Min, $"{year.HeldMonths.Count}/{check.Min} tháng{partial}"),
                    // Quarters the bot tracked in part are untracked (Cadence.Thematic): "có" only for a whole year's data.
                    "thematic_each_quarter" => (thematic.EachQuarter && partial == "",
                        thematic.Missed.Count > 0 ? $"thiếu {Period.Quarters(thematic.Missed, withYear: false)}"
                        : thematic.EachQuarter ? partial == "" ? "có" : "đủ ở các quý bot có số liệu" : "chưa có quý nào"),
                    "meetings_fair_or_better" => (year.Evaluated > 0 && year.Levels.Average + year.Levels.Poor == 0,
                        $"{year.Levels.Good + year.Levels.Fair}/{year.Evaluated} buổi đã chấm"),
                    "good_meetings" => (year.Levels.Good >= check.Min, $"{year.Levels.Good}/{check.Min} buổi"),
                    "members_done_or_better" => ratings is null ? (false, "chưa xếp loại")
                        : (ratings.All(r => r.Level != "NOT_DONE"), $"{ratings.Count(r => r.Level is not ("NOT_DONE" or ""))}/{ratings.Count(r => r.Level != "")} đảng viên"),
                    "no_discipline" => (disciplined == 0, disciplined == 0 ? "không có" : $"{disciplined} đảng viên"),
                    _ => (false, ""),
                };
                // A count short of its minimum by no more than the months the bot has no data for cannot be judged here.
                // So is the thematic rule when no quarter the bot tracked whole was missed.
                var unknown = !ok && partial != "" && (check.Measure is "regular_months" or "good_meetings"
                    ? (check.Measure == "regular_months" ? year.HeldMonths.Count : year.Levels.Good) + 12 - year.TrackedMonths >= check.Min
                    : check.Measure == "thematic_each_quarter" && thematic.Missed.Count == 0);
                lines.Add(unknown ? $"❔ {criterion.Title}: {Measures[check.Measure]} — {figure}{(check.Measure is "good_meetings" or "thematic_each_quarter" ? partial : "")}, các tháng trước đối chiếu sổ sách của chi bộ"
                    : $"{(ok ? "✔" : "✘")} {criterion.Title}: {Measures[check.Measure]} — {figure}");
            }
        return lines;
    }
}
