using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Summaries;

/// <summary>The summaries as short Vietnamese text for a phone screen.</summary>
public static class SummaryText
{
    const int Names = 5;

    static string List(IEnumerable<string> names)
    {
        var all = names.ToList();
        return all.Count <= Names ? string.Join(", ", all) : string.Join(", ", all.Take(Names)) + $" và {all.Count - Names} chi bộ khác";
    }

    static string Pct(int part, int whole) => whole == 0 ? "0%" : VnText.Percent((double)part / whole);

    static string Change(double now, double before, string unit = "")
    {
        var d = VnText.Round1(now - before);
        return d == 0 ? "=" : d > 0 ? $"↑ +{VnText.Number(d)}{unit}" : $"↓ −{VnText.Number(-d)}{unit}";
    }

    /// <summary>"Phạm Thị Dung — Chi bộ Công ty May Yên Mỹ (10/06, 10/07)": one line per staff member and cell, cut with a count.</summary>
    static string Reports(List<UnitSummary.StaffReportDue> reports)
    {
        var groups = reports.GroupBy(r => (r.Staff, r.Cell.Name)).ToList();
        var shown = groups.Take(Names).Select(g => $"{g.Key.Staff} — {g.Key.Name} ({string.Join(", ", g.Select(r => r.Meeting.ToString("dd/MM") + (r.NotHeld is not null ? ": chi bộ không họp" : "")))})");
        return string.Join("; ", shown) + (groups.Count > Names ? $"; và {groups.Count - Names} cán bộ, chi bộ khác (xem Excel)" : "");
    }

    /// <summary>"Lê Văn Cường (Chi bộ Công ty May Yên Mỹ) 2 lần, …": most times first, cut with a count.</summary>
    static string Absentees(List<UnitSummary.Absentee> absent) =>
        string.Join(", ", absent.Take(Names).Select(a => $"{a.Name} ({a.Cell.Name}) {a.Times} lần")) +
        (absent.Count > Names ? $" và {absent.Count - Names} đồng chí khác (xem Excel)" : "");

    const int UnitsShown = 10;

    /// <summary>A sub-unit's subtotal: held of due, attendance, scored meetings and their average.</summary>
    static string UnitLine(List<CellStats> cells, Period period)
    {
        var due = cells.Count(c => c.DueMonths > 0);
        var parts = new List<string>
        {
            due == 0 ? $"{cells.Count} chi bộ, chưa đến lịch" : $"{cells.Count(c => c.HeldAll)}/{due} chi bộ {(period.Kind == PeriodKind.Month ? "đã sinh hoạt" : "đủ các tháng")}",
        };
        var meetings = cells.Sum(c => c.Meetings);
        if (meetings > 0) parts.Add($"dự {VnText.Percent(cells.Sum(c => c.AttendanceSum) / meetings)}");
        var evaluated = cells.Sum(c => c.Evaluated);
        if (evaluated > 0) parts.Add($"điểm {VnText.Number(VnText.Round1(cells.Sum(c => c.ScoreSum) / evaluated))}");
        return string.Join(", ", parts);
    }

    public static string Unit(UnitSummary s)
    {
        var cells = s.Cells;
        var lines = new List<string>();
        var through = s.Now < s.Period.End ? $" (đến {VnText.Date(s.Now)})" : "";
        lines.Add($"{s.Unit.Name} — {s.Period.Label}{through}: {cells.Count} chi bộ");
        if (cells.Count == 0) return lines[0] + "\nChưa có chi bộ nào trong đơn vị này.";

        // One definition (CellStats.HeldAll, from ChiBo.Rules.Cadence): of the cells whose meeting came due in the period,
        // those that held every due month. Not yet due, and not yet tracked, are named apart, not counted as held.
        var due = cells.Where(c => c.DueMonths > 0).ToList();
        var waiting = cells.Where(c => c.HasData && c.DueMonths == 0).ToList();
        var untracked = cells.Where(c => !c.HasData).ToList();
        static string Since(IEnumerable<CellStats> cs) => cs.Min(c => c.TrackedFrom).ToString("MM/yyyy");
        var held = due.Count(c => c.HeldAll);
        var late = due.Where(c => c.LateMonths.Count > 0).ToList();
        var what = s.Period.Kind == PeriodKind.Month ? "đã sinh hoạt thường kỳ" : "sinh hoạt thường kỳ đủ các tháng";
        if (due.Count == 0 && waiting.Count == 0) lines.Add($"• Sinh hoạt thường kỳ: không có số liệu cho {s.Period.Label} (số liệu từ {Since(cells)}).");
        else
        {
            var line = due.Count == 0 ? "• Sinh hoạt thường kỳ: chưa chi bộ nào đến lịch"
                : $"• {held}/{due.Count} chi bộ {what} ({Pct(held, due.Count)})";
            // A month's late cell that staff reported not meeting says why, in the staff member's words (all of them in the Excel).
            string NotHeld(CellStats c) => s.StaffReports.FirstOrDefault(r => r.Cell.Id == c.Cell.Id && r.NotHeld is not null)?.NotHeld is { } why
                ? $" (không họp: {Inputs.Preview(why, 80)})" : "";
            if (late.Count > 0) line += $"; chậm: {List(late.Select(c => s.Period.Kind == PeriodKind.Month ? c.Cell.Name + NotHeld(c) : $"{c.Cell.Name} ({c.LateText})"))}";
            if (waiting.Count > 0) line += $"; chưa đến lịch: {waiting.Count}";
            if (untracked.Count > 0) line += $"; chưa có số liệu: {untracked.Count} (số liệu từ {Since(untracked)})";
            lines.Add(line);
        }

        var quarter = s.Period.Kind switch
        {
            PeriodKind.Quarter => s.Period.Label,
            PeriodKind.Month => Period.Of(PeriodKind.Quarter, s.Period.Start).Label,
            _ => "mỗi quý",
        };
        // Who missed a quarter, and who has yet to hold this quarter's, by name: staff ask whom to remind.
        var oneQuarter = s.Period.Kind is PeriodKind.Month or PeriodKind.Quarter;
        var oneYear = s.Period.Start.Year == s.Period.End.AddDays(-1).Year;
        string Missed(UnitSummary.ThematicGap g) => oneQuarter ? g.Cell.Name
            : $"{g.Cell.Name} ({Period.Quarters(g.Quarters, withYear: !oneYear)})";
        var missedThematic = s.ThematicMissed.Count == 0 ? "" : $"; thiếu: {List(s.ThematicMissed.Select(Missed))}";
        // A cell that has called its thematic meeting for a day still to come says when.
        string Waiting(Cell c) => c.ThematicCalledThisQuarter(s.Now) is { } called ? $"{c.Name} (đã báo lịch {called.When():dd/MM})" : c.Name;
        var waitingThematic = s.ThematicWaiting.Count == 0 ? "" : $"; chưa sinh hoạt (quý chưa hết): {List(s.ThematicWaiting.Select(Waiting))}";
        lines.Add(s.ThematicTracked == 0
            ? s.ThematicWaiting.Count == 0 ? $"• Chuyên đề {quarter}: không có số liệu" : $"• Chuyên đề {quarter}: chưa chi bộ nào sinh hoạt (quý chưa hết): {List(s.ThematicWaiting.Select(Waiting))}"
            // Of every cell asked, those still waiting included: "3/3" beside one named as not yet held read as all done.
            : $"• Chuyên đề {quarter}: {s.ThematicCells}/{s.ThematicTracked + s.ThematicWaiting.Count} chi bộ{(oneQuarter ? " đã sinh hoạt" : "")}{missedThematic}{waitingThematic}");
        var meetings = cells.Sum(c => c.Meetings);
        var shorts = cells.Where(c => c.Short > 0).ToList();
        if (shorts.Count > 0)
            lines.Add($"• {shorts.Sum(c => c.Short)} buổi ngắn hơn thời lượng tối thiểu: {List(shorts.Select(c => c.Cell.Name))}");

        if (meetings > 0)
        {
            var attendance = cells.Sum(c => c.AttendanceSum) / meetings;
            var low = cells.Where(c => c.Attendance is not null && !c.AttendanceOk).ToList();
            // The threshold is the procedure template's, per cell type: named once when all agree.
            var thresholds = cells.Select(c => c.ThresholdPercent).Distinct().ToList();
            var above = thresholds.Count == 1 ? $"trên {thresholds[0]}%" : "trên ngưỡng";
            lines.Add($"• Tỷ lệ dự bình quân {VnText.Percent(attendance)}" +
                      (low.Count == 0 ? $"; mọi chi bộ {above}" : $"; chưa đạt {above}: {List(low.Select(c => $"{c.Cell.Name} {VnText.Percent(c.Attendance!.Value)}"))}"));
            var unexcused = cells.Where(c => c.Unexcused > 0).ToList();
            lines.Add(unexcused.Count == 0 ? "• Không có đảng viên vắng không lý do"
                : $"• Vắng không lý do: {unexcused.Sum(c => c.Unexcused)} lượt" + (s.Unexcused.Count == 0
                    ? $" ({List(unexcused.Select(c => $"{c.Cell.Name}: {c.Unexcused}"))})"
                    : $" — {Absentees(s.Unexcused)}"));
        }
        else lines.Add("• Chưa có buổi sinh hoạt nào được ghi trong kỳ.");

        var evaluated = cells.Sum(c => c.Evaluated);
        var levels = Levels.Sum(cells.Select(c => c.Levels));
        if (meetings > 0)
            lines.Add(evaluated == 0 ? $"• Chưa chấm điểm buổi nào (0/{meetings})"
                : $"• Đã chấm điểm {evaluated}/{meetings} buổi, bình quân {VnText.Number(VnText.Round1(cells.Sum(c => c.ScoreSum) / evaluated))} điểm: {levels}");

        var prev = s.Previous;
        var prevMeetings = prev.Sum(c => c.Meetings);
        var compared = s.Compared == s.Period.SameLastYear && s.Period.Kind != PeriodKind.Year ? $"cùng kỳ năm trước ({s.Compared.Label})"
            : s.Compared.Kind == PeriodKind.Range ? $"kỳ trước ({s.Compared.Label})" : s.Compared.Label;
        if (prevMeetings == 0 && meetings > 0) lines.Add($"• So với {compared}: không có số liệu để so sánh");
        if (prevMeetings > 0 && meetings > 0)
        {
            var attendance = cells.Sum(c => c.AttendanceSum) / meetings;
            var prevAttendance = prev.Sum(c => c.AttendanceSum) / prevMeetings;
            var parts = new List<string>
            {
                $"sinh hoạt {Pct(held, Math.Max(1, due.Count))} ({Change(100.0 * held / Math.Max(1, due.Count), 100.0 * prev.Count(c => c.HeldAll) / Math.Max(1, prev.Count(c => c.DueMonths > 0)), " điểm %")})",
                $"tỷ lệ dự {VnText.Percent(attendance)} ({Change(100 * attendance, 100 * prevAttendance, " điểm %")})",
            };
            var prevEvaluated = prev.Sum(c => c.Evaluated);
            if (evaluated > 0 && prevEvaluated > 0)
            {
                var score = cells.Sum(c => c.ScoreSum) / evaluated;
                var prevScore = prev.Sum(c => c.ScoreSum) / prevEvaluated;
                var prevGood = Levels.Sum(prev.Select(c => c.Levels)).Good;
                parts.Add($"điểm {VnText.Number(VnText.Round1(score))} ({Change((double)score, (double)prevScore)})");
                parts.Add($"Tốt {levels.Good} ({Change(levels.Good, prevGood)})");
            }
            lines.Add($"• So với {compared}: {string.Join("; ", parts)}");
        }

        if (s.ByUnit.Count > 0)
        {
            lines.Add("• Theo đơn vị:");
            foreach (var (unit, unitCells) in s.ByUnit.Take(UnitsShown)) lines.Add($"  – {unit.Name}: {UnitLine(unitCells, s.Period)}");
            if (s.ByUnit.Count > UnitsShown) lines.Add($"  – và {s.ByUnit.Count - UnitsShown} đơn vị khác (xem Excel)");
        }

        if (s.Targets.Count > 0)
        {
            var upTo = s.Period.Kind is PeriodKind.Month or PeriodKind.Quarter ? s.Period.Label : VnText.Date(s.Now < s.Period.End ? s.Now : s.Period.End.AddDays(-1));
            lines.Add($"• Mục tiêu năm {s.Period.Year} (cộng dồn từ đầu năm đến {upTo}):");
            foreach (var t in s.Targets)
            {
                var goal = t.Item.MaxPercent is { } max ? $"{VnText.Number(t.Item.MinPercent)}–{VnText.Number(max)}%" : $"{VnText.Number(t.Item.MinPercent)}%";
                lines.Add(t.NoData ? $"  – {t.Item.Name}: {TargetMeasures.NoDataText(t.Item.Measure)}, mục tiêu {goal}"
                    : $"  – {t.Item.Name}: {VnText.Number(t.Percent)}% ({t.Met}/{t.Of}{(TargetMeasures.CountsMembers(t.Item.Measure) ? " đảng viên" : "")}), mục tiêu {goal} {(t.Reached ? "✔" : "✘")}");
            }
        }

        if (s.YearEnd is { } y)
            lines.Add($"• Kiểm điểm, xếp loại năm {y.Year}: {y.Passed}/{y.Cells} chi bộ đã thông qua kết quả" +
                      (y.Passed == 0 ? "" : $", cấp trên đã quyết định {y.Decided}/{y.Passed}") + $" (chi tiết: /tonghop năm {y.Year} xếp loại)");

        if (s.Probation.Count > 0)
        {
            var overdue = s.Probation.Where(p => p.State == UnitSummary.ProbationState.Overdue).ToList();
            var toConsider = s.Probation.Count(p => p.State == UnitSummary.ProbationState.ToConsider);
            var awaiting = s.Probation.Count(p => p.State == UnitSummary.ProbationState.AwaitingDecision);
            var parts = new List<string>();
            if (overdue.Count > 0)
                parts.Add($"{overdue.Count} quá hạn xét công nhận chính thức: " + string.Join(", ", overdue.Take(Names).Select(p => $"{p.Member.Name} ({p.Cell.Name}, hết dự bị {VnText.Date(p.End!.Value)})")) +
                          (overdue.Count > Names ? $" và {overdue.Count - Names} đồng chí khác" : ""));
            if (toConsider > 0) parts.Add($"{toConsider} đã hết 12 tháng, chi bộ đang trong hạn xét");
            if (awaiting > 0) parts.Add($"{awaiting} chờ quyết định của cấp ủy");
            lines.Add($"• Đảng viên dự bị: {s.Probation.Count}" + (parts.Count == 0 ? "" : $" ({string.Join("; ", parts)})"));
        }

        if (s.Suspended.Count > 0)
            lines.Add($"• Đang bị đình chỉ sinh hoạt đảng: {s.Suspended.Count} — " +
                      string.Join(", ", s.Suspended.Take(Names).Select(x => $"{x.Member.Name} ({x.Cell.Name}, từ {VnText.Date(x.Member.Suspension!.Since)})")) +
                      (s.Suspended.Count > Names ? $" và {s.Suspended.Count - Names} đồng chí khác" : ""));

        if (s.UnderStrength.Count > 0)
            lines.Add($"• Chi bộ chưa đủ 3 đảng viên chính thức (Điều lệ Đảng, Điều 21): " +
                      List(s.UnderStrength.Select(x => $"{x.Cell.Name} ({x.Full})")) + " — giới thiệu sinh hoạt ghép hoặc bổ sung đảng viên");

        if (s.Dues.Count > 0)
        {
            var arrears = s.Dues.SelectMany(d => d.Arrears.Select(a => (d.Cell, a))).ToList();
            var owing = s.Dues.Sum(d => d.Owing);
            lines.Add($"• Đảng phí ({s.Dues.Count}/{s.Cells.Count} chi bộ ghi sổ trên bot): đã thu {VnText.Money(s.Dues.Sum(d => d.Collected))}" +
                      (owing == 0 ? "; không ai chưa nộp" : $"; {owing} đồng chí chưa nộp" + (s.Dues.Sum(d => d.OwingAmount) is > 0 and var amount ? $" ({VnText.Money(amount)})" : "")) +
                      (arrears.Count == 0 ? "" : $"; chưa nộp từ 3 tháng trong năm {s.Period.Year}: " + string.Join(", ", arrears.Take(Names).Select(x => $"{x.a.Member.Name} ({x.Cell.Name}, {x.a.Months.Count} tháng)")) +
                          (arrears.Count > Names ? $" và {arrears.Count - Names} đồng chí khác" : "")));
        }

        if (s.Handbook is { } hb)
        {
            var when = hb.Span.Label;
            var short_ = hb.Cells.Where(c => c.Missing is > 0).ToList();
            var none = hb.Cells.Where(c => c.Missing is null).ToList();
            lines.Add($"• Điểm Sổ tay đảng viên điện tử {when} (chi bộ có yêu cầu điểm tối thiểu mỗi tháng): {hb.Cells.Count - short_.Count - none.Count}/{hb.Cells.Count} chi bộ ghi đủ" +
                      (short_.Count == 0 ? "" : $"; chưa ghi đủ: {List(short_.Select(c => $"{c.Cell.Name} (thiếu {c.Missing} {(hb.Months.Count == 1 ? "đồng chí" : "lượt")})"))}") +
                      (none.Count == 0 ? "" : $"; chưa ghi điểm: {List(none.Select(c => c.Cell.Name))}") +
                      (hb.Under.Count == 0 ? (none.Count < hb.Cells.Count ? "; không ai dưới mức" : "") : $"; dưới mức: " + string.Join(", ", hb.Under.GroupBy(u => (u.Cell.Name, u.Member)).Take(Names)
                          .Select(g => $"{g.Key.Member} ({g.Key.Name}) " + string.Join(", ", g.Select(u => (hb.Months.Count == 1 ? "" : $"tháng {Period.MonthText(u.Month)}: ") + $"{u.Points}/{u.Min}")))) +
                          (hb.Under.Select(u => (u.Cell.Id, u.Member)).Distinct().Count() > Names ? " và những đồng chí khác" : "")));
        }

        if (s.Candidates.Count > 0)
        {
            var open = s.Candidates.Where(c => c.Open).ToList();
            var decided = open.Where(c => c.Stage == CandidateStage.Decided).ToList();
            var lateCeremonies = decided.Where(c => s.Now.Date > c.CeremonyBy!.Value).ToList();
            var parts = new List<string>();
            if (open.Count(c => c.Stage == CandidateStage.ClassAttended) is > 0 and var classed) parts.Add($"{classed} đã học lớp nhận thức về Đảng");
            if (open.Count(c => c.Stage == CandidateStage.Proposed) is > 0 and var proposed) parts.Add($"{proposed} chi bộ đã đề nghị kết nạp");
            if (decided.Count > 0) parts.Add($"{decided.Count} chờ lễ kết nạp" + (lateCeremonies.Count == 0 ? "" : $", quá hạn: {string.Join(", ", lateCeremonies.Take(Names).Select(c => $"{c.Name} ({s.Cells.FirstOrDefault(x => x.Cell.Id == c.CellId)?.Cell.Name}, hạn {VnText.Date(c.CeremonyBy!.Value)})"))}"));
            lines.Add($"• Phát triển đảng viên: kết nạp trong kỳ {s.Candidates.Count(c => c.Stage == CandidateStage.Admitted)}; đang xem xét {open.Count} quần chúng ưu tú" + (parts.Count == 0 ? "" : $" ({string.Join("; ", parts)})"));
        }

        if (s.Transfers.Count > 0)
        {
            string Cell(string id) => s.Cells.FirstOrDefault(c => c.Cell.Id == id)?.Cell.Name ?? id;
            var overdueTransfers = s.Transfers.Where(t => t.Overdue(s.Now)).ToList();
            lines.Add($"• Chuyển sinh hoạt chờ trình giấy giới thiệu: {s.Transfers.Count}" + (overdueTransfers.Count == 0 ? "" : $"; quá hạn {overdueTransfers.Count}: " +
                string.Join(", ", overdueTransfers.Take(Names).Select(t => $"{t.MemberName} ({Cell(t.FromCellId)} → {Cell(t.ToCellId)}, hạn {VnText.Date(t.PresentBy)})")) +
                (overdueTransfers.Count > Names ? $" và {overdueTransfers.Count - Names} đồng chí khác" : "")));
        }

        if (s.StaffReports.Count > 0)
        {
            var filed = s.StaffReports.Where(r => r.Filed).ToList();
            var overdue = s.StaffReports.Where(r => !r.Filed).ToList();
            lines.Add($"• Cấp ủy viên cấp trên được phân công dự: {filed.Count} báo cáo đã nộp" + (filed.Count == 0 ? "" : $" ({Reports(filed)})") + (overdue.Count == 0 ? ""
                : $", {overdue.Count} quá hạn: {Reports(overdue)}"));
        }

        // Rounds whose deadline has passed in one line (in December all three are history), those to come one each.
        foreach (var edition in s.ContestRounds.GroupBy(x => x.Year, x => x.Round))
        {
            var passed = edition.Where(r => r.Deadline.Date < s.Now.Date).OrderBy(r => r.Deadline).ToList();
            if (passed.Count > 0)
                lines.Add($"• Hội thi Bí thư chi bộ giỏi {edition.Key} — {(passed.Count == edition.Count() ? "các vòng thi đã qua" : "đã qua")}: " +
                          string.Join(", ", passed.Select(r => $"{r.Name} ({VnText.Date(r.Deadline)})")));
            foreach (var round in edition.Except(passed))
                lines.Add($"• Hội thi Bí thư chi bộ giỏi {edition.Key} — {round.Name}: hạn {VnText.Date(round.Deadline)} ({Commands.Contest.TimeLeft(round.Deadline, s.Now)})");
        }
        if (s.ContestRounds.Count > 0)
        {
            var over = s.ContestRounds.All(x => x.Round.Deadline.Date < s.Now.Date);
            lines.Add(s.ContestEntries.Count == 0 ? $"• {(over ? "Không" : "Chưa")} có chi bộ nào đăng ký Hội thi {s.Period.Year}"
                : $"• Đăng ký Hội thi {s.Period.Year}: {s.ContestEntries.Count}/{cells.Count} chi bộ ({string.Join(", ", s.ContestEntries.Take(Names).Select(e => $"Đ/c {e.ContestantName}"))}{(s.ContestEntries.Count > Names ? "…" : "")})");
        }
        return string.Join('\n', lines);
    }

}
