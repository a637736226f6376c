using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Summaries;

/// <summary>
/// A sheet of a workbook: Vietnamese headers, then rows of plain values (text, numbers, <see cref="DateTime"/> dates
/// written as date cells). A report to send upward has a <see cref="Heading"/> and a <see cref="Totals"/> row.
/// </summary>
public sealed record ReportSheet(string Name, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    /// <summary>The document's header block above the table (Party document style); none for a data file to re-import.</summary>
    public ReportHeading? Heading { get; init; }
    /// <summary>A last row in bold under the table ("Tổng cộng", sums, weighted averages).</summary>
    public IReadOnlyList<object?>? Totals { get; init; }
    /// <summary>Rows the columns are sized for when the sheet is a form to fill in (its example).</summary>
    public IReadOnlyList<IReadOnlyList<object?>>? SizedLike { get; init; }
    /// <summary>Fixed values offered as a drop-down list, by column index (other values are warned about, not refused).</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<string>>? Lists { get; init; }
}

/// <summary>
/// The header block of a report (HD 36-HD/VPTW's layout): the upper committee and the issuing unit on the left, the
/// Party's name and the date on the right, then the title, the period and who prepared it.
/// </summary>
public sealed record ReportHeading(string? UpperUnit, string Unit, string Title, string Subtitle, DateTime Date, string PreparedBy);

/// <summary>What the chart shows: levels by unit (or cell) over the period, and a month-by-month trend.</summary>
/// <param name="BarsOf">The axis's name for the bars: "Chi bộ" or "Đơn vị".</param>
/// <param name="More">Units (or cells) left off the bars, the busiest shown.</param>
public sealed record SummaryChart(string Title, string BarsOf, IReadOnlyList<LevelBar> Levels, int More, IReadOnlyList<TrendPoint> Trend);
public sealed record LevelBar(string Name, int Good, int Fair, int Average, int Poor)
{
    public int Total => Good + Fair + Average + Poor;
}
/// <summary>A month of the trend; HeldPercent is null when no cell was due to meet yet (or none existed); Partial: the month is not over.</summary>
public sealed record TrendPoint(string Month, double? HeldPercent, double? AverageScore, bool Partial = false);

/// <summary>Writes report files (the host renders them: Excel, PNG) and returns their paths.</summary>
public interface IReportFiles
{
    string SaveWorkbook(string name, IReadOnlyList<ReportSheet> sheets);
    /// <summary>One sheet as CSV (UTF-8 with a byte-order mark, so Excel shows the diacritics).</summary>
    string SaveCsv(string name, ReportSheet sheet);
    string SaveChart(string name, SummaryChart chart);
    /// <summary>A drafted document as .docx (A4, Times New Roman 14 pt).</summary>
    string SaveDocument(string name, Documents.DocumentModel document);
    /// <summary>
    /// An .xlsx's "Tổ chức" sheet (else its first), or a .csv (comma or semicolon separated, UTF-8), as rows of text;
    /// a file that cannot be read throws <see cref="TableFileException"/> with a Vietnamese message.
    /// </summary>
    TableFile ReadTable(string path);
}

/// <summary>A table read from a file: the sheet it came from (named when the workbook has several), and its rows as text.</summary>
public sealed record TableFile(string? Sheet, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>A table file that cannot be read at all (not a spreadsheet, damaged, wrong encoding); the message is for the user.</summary>
public sealed class TableFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The summary as workbook sheets and chart data.</summary>
public static class SummaryExport
{
    static object? Round(double? v) => v is null ? null : VnText.Round1(v.Value * 100);

    /// <summary>Attendance over the cells' meetings, weighted by meetings (%), or nothing without meetings.</summary>
    static object? AverageAttendance(IReadOnlyCollection<CellStats> cells) =>
        cells.Sum(c => c.Meetings) is var meetings and > 0 ? Round(cells.Sum(c => c.AttendanceSum) / meetings) : null;

    /// <summary>The average score over the cells' scored meetings, or nothing without one.</summary>
    static object? AverageScore(IReadOnlyCollection<CellStats> cells) =>
        cells.Sum(c => c.Evaluated) is var evaluated and > 0 ? VnText.Round1(cells.Sum(c => c.ScoreSum) / evaluated) : null;

    /// <summary>The header block for a sheet of a unit's report prepared today by <paramref name="preparedBy"/>.</summary>
    public static ReportHeading Heading(ChiBoStore store, OrgUnit unit, string title, string subtitle, DateTime now, string preparedBy) =>
        new(unit.ParentId is { } parent ? store.OrgUnits.FindById(parent)?.Name : null, unit.Name, title, subtitle, now.Date, preparedBy);

    /// <summary>"Tháng 11/2026 (số liệu đến ngày 05/12/2026)": the period as a sheet's subtitle.</summary>
    public static string PeriodLine(Period p, DateTime now) =>
        char.ToUpper(p.Label[0], VnText.Culture) + p.Label[1..] + $" (số liệu đến ngày {VnText.Date(now)})";

    /// <summary>The workbook's sheets; the meetings sheet reads the period's meetings themselves.</summary>
    public static List<ReportSheet> Sheets(ChiBoStore store, TemplateCatalog templates, UnitSummary s, string preparedBy)
    {
        var period = PeriodLine(s.Period, s.Now);
        ReportHeading Heading(string title) => SummaryExport.Heading(store, s.Unit, title, period, s.Now, preparedBy);
        var cells = s.Cells;
        var meetings = cells.Sum(c => c.Meetings);
        var evaluated = cells.Sum(c => c.Evaluated);
        var levels = Levels.Sum(cells.Select(c => c.Levels));
        var overview = new List<IReadOnlyList<object?>>
        {
            Row("Đơn vị", s.Unit.Name), Row("Kỳ", s.Period.Label), Row("Số liệu đến ngày", s.Now.Date),
            Row("Số chi bộ", cells.Count),
            Row("Chi bộ đến lịch sinh hoạt trong kỳ", cells.Count(c => c.DueMonths > 0)),
            Row(s.Period.Kind == PeriodKind.Month ? "Chi bộ đã sinh hoạt thường kỳ" : "Chi bộ sinh hoạt thường kỳ đủ các tháng", cells.Count(c => c.HeldAll)),
            Row("Chi bộ chậm sinh hoạt", cells.Count(c => c.LateMonths.Count > 0)),
            Row("Chi bộ chưa đến lịch", cells.Count(c => c.HasData && c.DueMonths == 0)),
            Row("Chi bộ chưa có số liệu", cells.Count(c => !c.HasData)),
            Row("Chi bộ có sinh hoạt chuyên đề trong quý", s.ThematicCells),
            Row("Số buổi sinh hoạt", meetings),
            Row("Tỷ lệ dự bình quân (%)", AverageAttendance(cells)),
            Row("Lượt vắng không lý do", cells.Sum(c => c.Unexcused)),
            Row("Số buổi đã chấm điểm", evaluated),
            Row("Điểm bình quân", AverageScore(cells)),
            Row("Xếp loại Tốt", levels.Good), Row("Xếp loại Khá", levels.Fair), Row("Xếp loại Trung bình", levels.Average), Row("Xếp loại Kém", levels.Poor),
        };
        var roster = cells.ToDictionary(c => c.Cell.Id, c => CellHistory.Statuses(store, c.Cell));
        var byCell = cells.Select(c => Row(c.Cell.Name, templates.CellType(c.Cell.Type).Name, roster[c.Cell.Id].Full, roster[c.Cell.Id].Probationary, roster[c.Cell.Id].Exempt, roster[c.Cell.Id].Suspended,
            c.Meetings, c.RegularLabel, Round(c.Attendance), c.Unexcused, c.Short, c.Evaluated, c.AverageScore is { } a ? VnText.Round1(a) : null, c.LastLevelLabel)).ToList();
        var due = cells.Where(c => c.DueMonths > 0).ToList();
        var cellTotals = Row($"Tổng cộng ({cells.Count} chi bộ)", null, roster.Values.Sum(r => r.Full), roster.Values.Sum(r => r.Probationary), roster.Values.Sum(r => r.Exempt), roster.Values.Sum(r => r.Suspended), meetings, due.Count == 0 ? "Chưa đến lịch" : $"Đủ {due.Count(c => c.HeldAll)}/{due.Count}",
            AverageAttendance(cells), cells.Sum(c => c.Unexcused), cells.Sum(c => c.Short), evaluated,
            AverageScore(cells), null);
        var data = ScopeData.Load(store, s.Unit.Path, s.Period.FirstMonth, s.Period.LastMonth, meetings: true);
        var byMeeting = data.Cells.SelectMany(c => data.Meetings[c.Id].Select(m => (c, m))).OrderBy(x => x.m.Date).ThenBy(x => x.c.Name, StringComparer.Create(VnText.Culture, false))
            .Select(x =>
            {
                var e = data.EvaluationOf.GetValueOrDefault(x.m.Id);
                return Row(x.c.Name, x.m.Date.Date, MeetingKinds.Label(x.m.Kind), x.m.Summoned, x.m.Present, Round(x.m.AttendanceRate),
                    x.m.ExcusedAbsent, x.m.UnexcusedAbsent, x.m.DurationMinutes, e?.Total, e?.LevelLabel ?? "Chưa chấm");
            }).ToList();
        var meetingTotals = Row($"Tổng cộng ({byMeeting.Count} buổi)", null, null, byMeeting.Sum(r => (int)r[3]!), byMeeting.Sum(r => (int)r[4]!),
            AverageAttendance(cells), byMeeting.Sum(r => (int)r[6]!), byMeeting.Sum(r => (int)r[7]!), null,
            AverageScore(cells), null);
        var sheets = new List<ReportSheet>
        {
            new("Tổng hợp", ["Chỉ tiêu", "Giá trị"], overview) { Heading = Heading("BÁO CÁO TỔNG HỢP\nTÌNH HÌNH SINH HOẠT CHI BỘ") },
            new("Chi bộ", ["Chi bộ", "Loại hình", "Đảng viên chính thức", "Đảng viên dự bị", "Miễn sinh hoạt", "Đang bị đình chỉ sinh hoạt", "Số buổi", "Sinh hoạt thường kỳ", "Tỷ lệ dự (%)", "Vắng không lý do", "Buổi ngắn", "Đã chấm", "Điểm bình quân", "Xếp loại gần nhất"], byCell)
                { Heading = Heading("TÌNH HÌNH SINH HOẠT THEO CHI BỘ"), Totals = cellTotals },
            new("Buổi sinh hoạt", ["Chi bộ", "Ngày", "Loại", "Triệu tập", "Có mặt", "Tỷ lệ dự (%)", "Vắng có lý do", "Vắng không lý do", "Thời lượng (phút)", "Điểm", "Xếp loại"], byMeeting)
                { Heading = Heading("CÁC BUỔI SINH HOẠT CHI BỘ TRONG KỲ"), Totals = meetingTotals },
        };
        if (s.ByUnit.Count > 0)
            sheets.Add(new("Theo đơn vị", ["Đơn vị", "Số chi bộ", "Chi bộ đến lịch", "Sinh hoạt đủ", "Số buổi", "Tỷ lệ dự (%)", "Vắng không lý do", "Đã chấm", "Điểm bình quân", "Tốt", "Khá", "Trung bình", "Kém"],
                s.ByUnit.Select(u => UnitRow(u.Unit.Name, u.Cells)).ToList()) { Heading = Heading("TÌNH HÌNH SINH HOẠT THEO ĐƠN VỊ"), Totals = UnitRow($"Tổng cộng ({s.ByUnit.Count} đơn vị)", cells) });
        if (s.Unexcused.Count > 0)
            sheets.Add(new("Vắng không lý do", ["Họ và tên", "Chi bộ", "Số lần vắng không lý do"], s.Unexcused.Select(a => Row(a.Name, a.Cell.Name, a.Times)).ToList())
                { Heading = Heading("ĐẢNG VIÊN VẮNG SINH HOẠT KHÔNG CÓ LÝ DO"), Totals = Row($"Tổng cộng ({s.Unexcused.Count} đồng chí)", null, s.Unexcused.Sum(a => a.Times)) });
        if (s.Probation.Count > 0)
            sheets.Add(new("Đảng viên dự bị", ["Họ và tên", "Chi bộ", "Ngày kết nạp", "Hết 12 tháng dự bị", "Hạn chi bộ xét", "Tình trạng"],
                s.Probation.Select(p => Row(p.Member.Name, p.Cell.Name, p.Member.AdmittedOn, p.End, p.ConsiderBy, p.State switch
                {
                    UnitSummary.ProbationState.Overdue => "Quá hạn xét",
                    UnitSummary.ProbationState.ToConsider => "Đến hạn xét",
                    UnitSummary.ProbationState.AwaitingDecision => "Chờ quyết định của cấp ủy",
                    UnitSummary.ProbationState.NoAdmissionDay => "Chưa ghi ngày kết nạp",
                    _ => "Chưa hết 12 tháng",
                })).ToList())
                { Heading = Heading($"ĐẢNG VIÊN DỰ BỊ (ĐẾN NGÀY {VnText.Date(s.Now)})"), Totals = Row($"Tổng cộng ({s.Probation.Count} đồng chí)") });
        if (s.Suspended.Count > 0)
            sheets.Add(new("Đình chỉ sinh hoạt", ["Họ và tên", "Chi bộ", "Từ ngày", "Quyết định"],
                s.Suspended.Select(x => Row(x.Member.Name, x.Cell.Name, x.Member.Suspension!.Since, x.Member.Suspension.Decision is "" ? null : x.Member.Suspension.Decision)).ToList())
                { Heading = Heading($"ĐẢNG VIÊN ĐANG BỊ ĐÌNH CHỈ SINH HOẠT ĐẢNG (ĐẾN NGÀY {VnText.Date(s.Now)})"), Totals = Row($"Tổng cộng ({s.Suspended.Count} đồng chí)") });
        if (s.Dues.Count > 0)
            sheets.Add(new("Đảng phí", ["Chi bộ", "Đã thu (đ)", "Số đồng chí chưa nộp", "Số tiền chưa nộp (đ)", "Chưa nộp từ 3 tháng trong năm"],
                s.Dues.Select(d => Row(d.Cell.Name, d.Collected, d.Owing, d.OwingAmount, d.Arrears.Count == 0 ? null : string.Join(", ", d.Arrears.Select(a => $"{a.Member.Name} ({DuesBook.MonthList(a.Months)})")))).ToList())
                { Heading = Heading("TÌNH HÌNH THU ĐẢNG PHÍ"), Totals = Row($"Tổng cộng ({s.Dues.Count} chi bộ)", s.Dues.Sum(d => d.Collected), s.Dues.Sum(d => d.Owing), s.Dues.Sum(d => d.OwingAmount), s.Dues.Sum(d => d.Arrears.Count) is > 0 and var n ? $"{n} đồng chí" : null) });
        if (s.Handbook is { } hb)
        {
            var when = hb.Span.Label.ToUpper(VnText.Culture);
            sheets.Add(new("Điểm Sổ tay", ["Chi bộ", "Số lượt chưa ghi điểm", "Số lượt dưới mức tối thiểu", "Đảng viên dưới mức (tháng: điểm/mức)"],
                hb.Cells.Select(c => Row(c.Cell.Name, c.Missing is { } missing ? missing : "chưa ghi điểm", hb.Under.Count(u => u.Cell.Id == c.Cell.Id),
                    hb.Under.Where(u => u.Cell.Id == c.Cell.Id).GroupBy(u => u.Member).Select(g => $"{g.Key} ({string.Join(", ", g.Select(u => $"{Period.MonthText(u.Month)}: {u.Points}/{u.Min}"))})")
                        .ToList() is { Count: > 0 } under ? string.Join("; ", under) : null)).ToList())
                { Heading = Heading($"ĐIỂM SỔ TAY ĐẢNG VIÊN ĐIỆN TỬ {when} (CHI BỘ CÓ YÊU CẦU ĐIỂM TỐI THIỂU)"), Totals = Row($"Tổng cộng ({hb.Cells.Count} chi bộ)", hb.Cells.Sum(c => c.Missing ?? 0), hb.Under.Count, null) });
        }
        if (s.Candidates.Count > 0)
        {
            string CellOf(Candidate c) => s.Cells.FirstOrDefault(x => x.Cell.Id == c.CellId)?.Cell.Name ?? c.CellId;
            sheets.Add(new("Phát triển đảng viên", ["Họ và tên", "Chi bộ", "Tình trạng", "Học lớp nhận thức", "Chi bộ đề nghị", "Quyết định kết nạp", "Hạn lễ kết nạp", "Ngày kết nạp"],
                s.Candidates.Select(c => Row(c.Name, CellOf(c), Commands.Admissions.StageLabel(c, s.Now), c.ClassOn,
                    c.Votes.LastOrDefault(v => v.Carried) is { } v ? $"{v.For}/{v.FullMembers}" : null, c.Decision == "" ? null : c.Decision,
                    c.DecisionOn is null ? null : c.CeremonyBy!.Value, c.CeremonyOn)).ToList())
                { Heading = Heading("PHÁT TRIỂN ĐẢNG VIÊN"), Totals = Row($"Tổng cộng ({s.Candidates.Count} người; đã kết nạp {s.Candidates.Count(c => c.Stage == CandidateStage.Admitted)})") });
        }
        if (s.Transfers.Count > 0)
        {
            string CellName(string id) => store.Cells.FindById(id)?.Name ?? id;
            sheets.Add(new("Chuyển sinh hoạt", ["Họ và tên", "Từ chi bộ", "Đến chi bộ", "Loại", "Giấy giới thiệu", "Tính hạn từ ngày", "Ngày ghi vào bot", "Hạn trình giấy", "Tình trạng"],
                s.Transfers.Select(t => Row(t.MemberName, CellName(t.FromCellId), CellName(t.ToCellId), t.Temporary ? "Tạm thời" : "Chính thức", t.Letter, t.IssuedOn,
                    t.RecordedAtUtc == default ? t.IssuedOn : VnClock.Local(t.RecordedAtUtc).Date, t.PresentBy,
                    t.Overdue(s.Now) ? "Quá hạn trình giấy" : "Chờ trình giấy")).ToList())
                { Heading = Heading($"ĐẢNG VIÊN CHUYỂN SINH HOẠT CHỜ TRÌNH GIẤY (ĐẾN NGÀY {VnText.Date(s.Now)})"), Totals = Row($"Tổng cộng ({s.Transfers.Count} đồng chí)") });
        }
        if (s.Targets.Count > 0)
            sheets.Add(new("Mục tiêu", ["Mục tiêu", "Tính theo", "Đạt", "Tổng số", "Tỷ lệ (%)", "Mục tiêu tối thiểu (%)", "Mục tiêu tối đa (%)", "Đánh giá", "Căn cứ"],
                s.Targets.Select(t => Row(t.Item.Name, TargetMeasures.UnitOf(t.Item.Measure), t.Met, t.Of, t.NoData ? null : t.Percent, t.Item.MinPercent, t.Item.MaxPercent,
                    t.NoData ? VnText.Capital(TargetMeasures.NoDataText(t.Item.Measure)) : t.Reached ? "Đạt" : "Chưa đạt", t.Item.Basis)).ToList())
                { Heading = Heading($"KẾT QUẢ THỰC HIỆN MỤC TIÊU NĂM {s.Period.Year}") });
        if (s.ContestEntries.Count > 0)
            sheets.Add(new("Hội thi", ["Năm", "Chi bộ", "Thí sinh", "Ngày đăng ký"],
                s.ContestEntries.Select(e => Row(e.Year, store.Cells.FindById(e.CellId)?.Name ?? e.CellId, e.ContestantName, VnClock.Local(e.RegisteredAtUtc).Date)).ToList())
                { Heading = Heading("ĐĂNG KÝ HỘI THI BÍ THƯ CHI BỘ GIỎI") });
        if (s.StaffReports.Count > 0)
            sheets.Add(new("Cấp ủy viên cấp trên dự họp", ["Cấp ủy viên cấp trên", "Chi bộ", "Ngày họp", "Hạn báo cáo", "Tình trạng", "Ghi chú"],
                s.StaffReports.Select(r => Row(r.Staff, r.Cell.Name, r.Meeting.Date, r.Due.Date, r.Filed ? "Đã nộp" : "Quá hạn",
                    r.NotHeld is { } why ? $"Báo chi bộ không họp: {why}" : null)).ToList())
                { Heading = Heading("CẤP ỦY VIÊN CẤP TRÊN ĐƯỢC PHÂN CÔNG DỰ SINH HOẠT CHI BỘ") });
        return sheets;
    }

    static IReadOnlyList<object?> Row(params object?[] values) => values;

    /// <summary>A sub-unit's (or the total's) row: cells, held of due, meetings, weighted attendance and score, levels.</summary>
    static IReadOnlyList<object?> UnitRow(string name, IReadOnlyCollection<CellStats> cells)
    {
        var meetings = cells.Sum(c => c.Meetings);
        var evaluated = cells.Sum(c => c.Evaluated);
        var l = Levels.Sum(cells.Select(c => c.Levels));
        return Row(name, cells.Count, cells.Count(c => c.DueMonths > 0), cells.Count(c => c.HeldAll), meetings,
            AverageAttendance(cells), cells.Sum(c => c.Unexcused), evaluated,
            AverageScore(cells), l.Good, l.Fair, l.Average, l.Poor);
    }

    public const int MaxBars = 30;

    /// <summary>Levels over the period by sub-unit (or by cell when the cells sit right under the unit), and the last 12 months' trend.</summary>
    public static SummaryChart Chart(ChiBoStore store, TemplateCatalog templates, UnitSummary s)
    {
        static LevelBar Bar(string name, IEnumerable<CellStats> cells)
        {
            var l = Levels.Sum(cells.Select(c => c.Levels));
            return new LevelBar(name, l.Good, l.Fair, l.Average, l.Poor);
        }
        var all = s.ByUnit.Count > 0 ? s.ByUnit.Select(u => Bar(u.Unit.Name, u.Cells)).ToList() : s.Cells.Select(c => Bar(c.Cell.Name, [c])).ToList();
        // A readable chart holds so many bars: the ones with most meetings, in their order.
        var shown = all.Count <= MaxBars ? all : all.Select((b, i) => (b, i)).OrderByDescending(x => x.b.Total).Take(MaxBars).OrderBy(x => x.i).Select(x => x.b).ToList();
        var last = s.Period.End.AddMonths(-1);
        var first = last.AddMonths(-11);
        var months = Enumerable.Range(0, 12).Select(i => Period.KeyOf(first.AddMonths(i))).ToList();
        var data = ScopeData.Load(store, s.Unit.Path, months[0], months[^1]);
        var trend = months.Where(m => string.CompareOrdinal(m, Period.KeyOf(s.Now)) <= 0).Select(m =>
        {
            var stats = data.Cells.Select(c => CellStats.Of(c, data, [m], s.Now, templates)).ToList();
            var held = stats.Count(c => c.HeldAll);
            var counted = stats.Count(c => c.DueMonths > 0); // cells not yet due, or not yet existing, are left out
            var evaluated = stats.Sum(c => c.Evaluated);
            return new TrendPoint($"{m[5..]}/{m[2..4]}", counted == 0 ? null : 100.0 * held / counted, evaluated == 0 ? null : (double)(stats.Sum(c => c.ScoreSum) / evaluated),
                Partial: m == Period.KeyOf(s.Now));
        }).ToList();
        return new SummaryChart($"{s.Unit.Name} — {s.Period.Label}", s.ByUnit.Count > 0 ? "Đơn vị" : "Chi bộ", shown, all.Count - shown.Count, trend);
    }
}
