using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Summaries;

/// <summary>
/// One cell's year-end review as the level above sees it: its vote, the members' levels, the cap, the self-reviews in
/// (of <see cref="ToReview"/>: the members who write one, QĐ 124-QĐ/TW, Điều 5).
/// </summary>
public sealed record CellRollup(Cell Cell, CellReview? Review, int Members, int SelfReviews, int ToReview)
{
    public bool Done => Review is { Approved: true };
    /// <summary>Members at a level as it stands (the committee's decision, else the cell's proposal).</summary>
    public int At(string level) => Review?.Ratings.Count(r => r.FinalLevel == level) ?? 0;
    public int NotRated => Review?.Ratings.Count(r => r.Level == "") ?? 0;
}

/// <summary>/tonghop năm 2026 xếp loại — the year-end review of the cells under a unit: text and workbook from the same figures.</summary>
public static class ReviewRollup
{
    public static List<CellRollup> Build(ChiBoStore store, OrgUnit unit, int year)
    {
        var cells = store.Cells.FindAll().Where(c => ChiBo.Rules.OrgTree.Holds(unit.Path, c.Path)).ToList();
        var reviews = ReviewsOf(store, cells, year);
        // A commune: its cells' own self-reviews counted, not the province's (~150,000 a year).
        var counts = cells.Count <= UnitSummary.ByCellUpTo ? null : store.SelfReviewsPerCell(year);
        int SelfReviews(Cell c) => counts?.GetValueOrDefault(c.Id) ?? store.SelfReviews.Count(r => r.CellId == c.Id && r.Year == year);
        CellRollup Rollup(Cell c)
        {
            var members = store.CellMembers(c.Id);
            return new(c, reviews.GetValueOrDefault(c.Id), members.Count, SelfReviews(c), members.Count(m => SelfReview.NotReviewed(m, year) is null));
        }
        return [.. VnText.SortedByName(cells, c => c.Name).Select(Rollup)];
    }

    /// <summary>The cells' reviews of a year, by cell: read by key for a commune's cells, by the year's index for more.</summary>
    public static Dictionary<string, CellReview> ReviewsOf(ChiBoStore store, IReadOnlyCollection<Cell> cells, int year)
    {
        if (cells.Count <= UnitSummary.ByCellUpTo)
            return cells.Select(c => store.CellReviews.FindById(CellReview.KeyOf(c.Id, year))).OfType<CellReview>().ToDictionary(r => r.CellId);
        var ids = cells.Select(c => c.Id).ToHashSet();
        return store.CellReviews.Find(r => r.Year == year).Where(r => ids.Contains(r.CellId)).ToDictionary(r => r.CellId);
    }

    /// <summary>The cap of the self-review template, as "đạt (1/1)" or "vượt (2/1)" for a recorded review.</summary>
    static string Cap(CellRollup c, SelfReviewTemplate t)
    {
        var (excellent, allowed) = Capped(c.Review!.Ratings.Select(r => r.FinalLevel), t);
        return $"{(excellent <= allowed ? "đạt" : "vượt")} ({excellent}/{allowed})";
    }

    /// <summary>Of these levels (members' or cells'): how many "xuất sắc", and how many the template's cap allows.</summary>
    static (int Excellent, int Allowed) Capped(IEnumerable<string> levels, SelfReviewTemplate t)
    {
        var list = levels.ToList();
        return (list.Count(l => l == "EXCELLENT"), ChiBo.Rules.MeetingRules.ExcellentAllowed(list.Count(l => t.ExcellentCapOf.Contains(l)), t.ExcellentCapPercent));
    }

    /// <summary>
    /// The same 20% cap among the cells the level above has rated (QĐ 124-QĐ/TW: collectives as members), when exceeded:
    /// a warning once every cell is rated (<paramref name="all"/>), before that what the decisions so far allow.
    /// </summary>
    static string CellsCap(List<string> levels, SelfReviewTemplate t, bool all)
    {
        var (excellent, allowed) = Capped(levels, t);
        return excellent <= allowed ? ""
            : all ? $" — ⚠ {CellsOverCap(levels, t)}"
            : $" (giới hạn {t.ExcellentCapPercent}% xuất sắc: {excellent}/{allowed} với các chi bộ đã quyết định)";
    }

    /// <summary>What the level above has yet to decide on a passed review ("mức của chi bộ, xếp loại đảng viên"); "" when nothing.</summary>
    public static string Awaiting(CellReview r) => !r.Approved ? "" : string.Join(", ", new[]
    {
        r.DecidedLevel == "" ? "mức của chi bộ" : null,
        MembersAwait(r) ? "xếp loại đảng viên" : null,
    }.OfType<string>());

    /// <summary>A member rated by the cell has no decision of the level above yet.</summary>
    public static bool MembersAwait(CellReview r) => r.Ratings.Any(m => m.Level != "" && m.DecidedLevel == "");

    /// <summary>"2 chi bộ "Hoàn thành xuất sắc nhiệm vụ", vượt giới hạn 20% (tối đa 1)" for cells' levels over the cap; null within it.</summary>
    public static string? CellsOverCap(IEnumerable<string> levels, SelfReviewTemplate t) =>
        Capped(levels, t) is var (excellent, allowed) && excellent > allowed
            ? $"{excellent} chi bộ \"{t.Levels.FirstOrDefault(l => l.Code == "EXCELLENT")?.Label ?? "Hoàn thành xuất sắc nhiệm vụ"}\", vượt giới hạn {t.ExcellentCapPercent}% (tối đa {allowed})"
            : null;

    static string Short(SelfReviewLevel l) => string.Concat(VnText.Fold(l.Label).Split(' ').Where(w => w != "").Select(w => char.ToUpperInvariant(w[0])))
        .Replace("NV", "") is var s && s.Length > 0 ? s : l.Code;

    public static string Text(ChiBoStore store, TemplateCatalog templates, OrgUnit unit, int year, DateTime now, List<UnitSummary.TargetProgress> targets)
    {
        var t = templates.Get<SelfReviewTemplate>(Flows.Review.SelfReviewFlow.TemplateId);
        var cells = Build(store, unit, year);
        var done = cells.Count(c => c.Done);
        var lines = new List<string> { $"{unit.Name} — kiểm điểm, xếp loại năm {year} (đến {VnText.Date(now)}): {done}/{cells.Count} chi bộ đã thông qua kết quả" };
        if (cells.Count == 0) return lines[0] + "\nChưa có chi bộ nào trong đơn vị này.";
        string Levels(CellRollup c) => string.Join(" · ", t.Levels.Select(l => $"{Short(l)} {c.At(l.Code)}")) + (c.NotRated > 0 ? $" · không xếp loại {c.NotRated}" : "");
        foreach (var c in cells.Take(30))
            lines.Add(c.Review is null ? $"• {c.Cell.Name}: chưa ghi kết quả (tự kiểm điểm {c.SelfReviews}/{c.ToReview})"
                : $"• {c.Cell.Name}: {(c.Done ? "đã thông qua" : "CHƯA thông qua")} — {Levels(c)}; giới hạn {t.ExcellentCapPercent}% xuất sắc: {Cap(c, t)}; " +
                  $"chi bộ tự nhận: {c.Review.CellLevelLabel}; " + (c.Review.DecidedLevel == "" ? "" : $"cấp trên quyết định: {c.Review.DecidedLevelLabel}; ") +
                  (Awaiting(c.Review) is { Length: > 0 } awaiting ? $"chờ cấp trên quyết định: {awaiting}; " : "") +
                  $"tự kiểm điểm {c.SelfReviews}/{c.ToReview}");
        if (cells.Count > 30) lines.Add($"… và {cells.Count - 30} chi bộ khác (xem đủ trong Excel)");
        var rated = cells.Where(c => c.Done).ToList();
        if (rated.Count > 0)
            lines.Add($"• Đảng viên đã xếp loại: {string.Join(" · ", t.Levels.Select(l => $"{l.Label} {rated.Sum(c => c.At(l.Code))}"))}");
        var decided = rated.Where(c => c.Review!.DecidedLevel != "").ToList();
        if (decided.Count > 0)
            lines.Add($"• Cấp trên đã quyết định xếp loại {decided.Count}/{cells.Count} chi bộ: {string.Join(" · ", t.Levels.Select(l => $"{l.Label} {decided.Count(c => c.Review!.DecidedLevel == l.Code)}"))}" +
                      CellsCap(decided.Select(c => c.Review!.DecidedLevel).ToList(), t, all: decided.Count == cells.Count));
        lines.Add($"Viết tắt: {string.Join(", ", t.Levels.Select(l => $"{Short(l)} = {l.Label}"))}.");
        foreach (var target in targets.Where(x => TargetMeasures.FromYearEndReview(x.Item.Measure)))
            lines.Add(target.NoData || rated.Count == 0 ? $"• Mục tiêu: {target.Item.Name}: {TargetMeasures.NoDataText(target.Item.Measure)}, mục tiêu {VnText.Number(target.Item.MinPercent)}%"
                : $"• Mục tiêu: {target.Item.Name}: {VnText.Number(target.Percent)}% ({target.Met}/{target.Of}{(TargetMeasures.CountsMembers(target.Item.Measure) ? " đảng viên" : "")}), " +
                  $"mục tiêu {VnText.Number(target.Item.MinPercent)}% {(target.Reached ? "✔" : "✘")}");
        return string.Join('\n', lines);
    }

    /// <summary>A member's row: name, status, own proposal, the cell's level, the cell's comments.</summary>
    static object?[] MemberRow(MemberRating r, SelfReviewTemplate t) =>
    [
        r.Name, r.Status switch { MemberStatus.Probationary => "Dự bị", MemberStatus.Exempt => "Miễn sinh hoạt", _ => "Chính thức" },
        t.Levels.FirstOrDefault(l => l.Code == r.SelfLevel)?.Label ?? (r.Level == "" ? "Không phải kiểm điểm" : "Chưa nộp"), r.LevelLabel,
        r.DecidedLevel == "" ? null : r.DecidedLevelLabel, r.Comment,
    ];

    static string Passed(CellReview r) =>
        r.Approved ? $"chi bộ thông qua ngày {VnText.Date(VnClock.Local(r.RecordedAtUtc))}, {r.VotesFor}/{r.VoteBase} tán thành"
            : $"CHƯA thông qua ({r.VotesFor}/{r.VoteBase} tán thành)";

    /// <summary>One cell's review as its leaders read it: the vote, the members by level, the cell's own and the level above's.</summary>
    public static string CellText(CellReview r, Cell cell) =>
        $"{cell.Name} — kết quả kiểm điểm, xếp loại năm {r.Year} ({Passed(r)}):\n{Flows.Review.CellReviewFlow.Describe(r)}" +
        (r.Approved && r.DecidedLevel == "" ? "\n• Cấp ủy cấp trên: chưa quyết định" : "");

    /// <summary>One cell's list of members and levels, to print, sign and send upward.</summary>
    public static List<ReportSheet> CellSheets(ChiBoStore store, TemplateCatalog templates, Cell cell, CellReview r, DateTime now, string preparedBy)
    {
        var t = templates.Get<SelfReviewTemplate>(Flows.Review.SelfReviewFlow.TemplateId);
        var rows = r.Ratings.Select(x => (IReadOnlyList<object?>)MemberRow(x, t)).ToList();
        var subtitle = $"Năm {r.Year}: {Passed(r)}; chi bộ tự nhận: {r.CellLevelLabel}" +
                       (r.DecidedLevel == "" ? "" : $"; cấp ủy cấp trên quyết định: {r.DecidedLevelLabel} ({r.Decision})");
        var counts = string.Join(" · ", t.Levels.Select(l => $"{Short(l)} {r.Ratings.Count(x => x.Level == l.Code)}")) +
                     (r.Ratings.Any(x => x.Level == "") ? $" · không xếp loại {r.Ratings.Count(x => x.Level == "")}" : "");
        return
        [
            new("Xếp loại đảng viên", ["Họ và tên", "Tình trạng", "Tự nhận", "Chi bộ đề nghị", "Cấp trên quyết định", "Nhận xét của chi bộ"], rows)
            {
                Heading = new ReportHeading(store.OrgUnits.FindById(cell.OrgUnitId)?.Name, cell.Name, $"DANH SÁCH ĐẢNG VIÊN ĐỀ NGHỊ XẾP LOẠI CHẤT LƯỢNG NĂM {r.Year}",
                    subtitle, now.Date, preparedBy),
                Totals = [$"Tổng cộng ({r.Ratings.Count} đảng viên)", null, null, counts, r.MembersDecision == "" ? null : r.MembersDecision, null],
            },
        ];
    }

    public static List<ReportSheet> Sheets(ChiBoStore store, TemplateCatalog templates, OrgUnit unit, int year, DateTime now, string preparedBy)
    {
        var subtitle = $"Năm {year} (số liệu đến ngày {VnText.Date(now)})";
        var t = templates.Get<SelfReviewTemplate>(Flows.Review.SelfReviewFlow.TemplateId);
        var cells = Build(store, unit, year);
        var byCell = cells.Select(c => (IReadOnlyList<object?>)[
            c.Cell.Name, c.Review is null ? "Chưa ghi" : c.Done ? "Đã thông qua" : "Chưa thông qua", c.Members, c.ToReview, c.SelfReviews,
            .. t.Levels.Select(l => (object?)c.At(l.Code)), c.NotRated,
            c.Review is null ? null : Cap(c, t), c.Review?.CellLevelLabel,
            c.Review is not { Approved: true } ? null : c.Review.DecidedLevel == "" ? "Chờ quyết định" : c.Review.DecidedLevelLabel,
            c.Review?.Decision is { Length: > 0 } decision ? decision : null]).ToList();
        var byMember = cells.Where(c => c.Review is not null).SelectMany(c => c.Review!.Ratings.Select(r => (IReadOnlyList<object?>)[c.Cell.Name, .. MemberRow(r, t)])).ToList();
        return
        [
            new("Xếp loại chi bộ", ["Chi bộ", "Trạng thái", "Số đảng viên", "Phải kiểm điểm", "Đã nộp tự kiểm điểm", .. t.Levels.Select(l => l.Label), "Không xếp loại",
                $"Giới hạn {t.ExcellentCapPercent}% xuất sắc (có/tối đa)", "Chi bộ tự nhận", "Cấp trên quyết định", "Số, ngày quyết định"], byCell)
            {
                Heading = SummaryExport.Heading(store, unit, "KẾT QUẢ KIỂM ĐIỂM, XẾP LOẠI CHẤT LƯỢNG\nCHI BỘ VÀ ĐẢNG VIÊN", subtitle, now, preparedBy),
                Totals = [$"Tổng cộng ({cells.Count} chi bộ)", $"Đã thông qua {cells.Count(c => c.Done)}/{cells.Count}", cells.Sum(c => c.Members), cells.Sum(c => c.ToReview), cells.Sum(c => c.SelfReviews),
                    .. t.Levels.Select(l => (object?)cells.Sum(c => c.At(l.Code))), cells.Sum(c => c.NotRated), null, null,
                    $"Đã quyết định {cells.Count(c => c.Review is { Approved: true, DecidedLevel.Length: > 0 })}/{cells.Count}", null],
            },
            new("Xếp loại đảng viên", ["Chi bộ", "Họ và tên", "Tình trạng", "Tự nhận", "Chi bộ đề nghị", "Cấp trên quyết định", "Nhận xét của chi bộ"], byMember)
                { Heading = SummaryExport.Heading(store, unit, "KẾT QUẢ XẾP LOẠI ĐẢNG VIÊN", subtitle, now, preparedBy) },
        ];
    }
}
