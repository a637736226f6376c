namespace ChiBo.Dialogs.Summaries;

/// <summary>What a target can measure: whether one cell meets it over the year so far.</summary>
public static class TargetMeasures
{
    public static readonly IReadOnlyDictionary<string, string> Known = new Dictionary<string, string>
    {
        ["met_every_month"] = "sinh hoạt thường kỳ đủ các tháng",
        ["good_level"] = "mọi buổi đã chấm đạt Tốt",
        ["attendance_ok"] = "tỷ lệ dự bình quân trên ngưỡng",
        ["thematic_each_quarter"] = "sinh hoạt chuyên đề mỗi quý",
        ["rated_good_or_better"] = "chi bộ xếp loại hoàn thành tốt nhiệm vụ trở lên (kiểm điểm cuối năm: mức cấp trên quyết định, chưa có thì mức chi bộ tự nhận đã thông qua)",
        ["members_rated_good_or_better"] = "đảng viên xếp loại hoàn thành tốt nhiệm vụ trở lên (kiểm điểm cuối năm: mức cấp trên quyết định, chưa có thì mức chi bộ đề nghị, ở các chi bộ đã thông qua; tính theo đảng viên được xếp loại)",
    };

    /// <summary>The measures that count members (over the cells' passed reviews), not cells.</summary>
    public static bool CountsMembers(string measure) => measure == "members_rated_good_or_better";

    /// <summary>What a target counts, for its figures: "chi bộ" or "đảng viên".</summary>
    public static string UnitOf(string measure) => CountsMembers(measure) ? "đảng viên" : "chi bộ";

    /// <summary>A members' measure over the cells' reviews: those rated "hoàn thành tốt" or better, of those rated.</summary>
    public static (int Met, int Of) Members(IEnumerable<Domain.CellReview> reviews)
    {
        var rated = reviews.Where(r => r.Approved).SelectMany(r => r.Ratings).Where(x => x.FinalLevel != "").ToList();
        return (rated.Count(x => x.FinalLevel is "EXCELLENT" or "GOOD"), rated.Count);
    }

    /// <summary>
    /// The measures read from the year-end review (<c>/xeploai</c>): until a cell has passed its results there is nothing
    /// to measure, and the target is shown as waiting, not as missed by every cell.
    /// </summary>
    public static bool FromYearEndReview(string measure) => measure is "rated_good_or_better" or "members_rated_good_or_better";

    /// <summary>What a target with nothing to count yet says instead of a percentage.</summary>
    public static string NoDataText(string measure) =>
        FromYearEndReview(measure) ? "chưa có chi bộ nào thông qua kết quả kiểm điểm cuối năm" : "chưa có số liệu";

    /// <summary>A cell counts toward the year's targets once a meeting of it came due (before that there is nothing to measure).</summary>
    public static bool Counts(CellStats year) => year.DueMonths > 0;

    public static bool Meets(string measure, CellStats year, bool thematicEachQuarter, Domain.CellReview? review = null) => measure switch
    {
        "rated_good_or_better" => review is { Approved: true } r && r.Level is "EXCELLENT" or "GOOD",
        "met_every_month" => year.HeldAll,
        "good_level" => year.AllGood,
        "attendance_ok" => year.AttendanceOk,
        "thematic_each_quarter" => thematicEachQuarter,
        _ => false,
    };
}
