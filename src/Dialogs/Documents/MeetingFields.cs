using System.Text.RegularExpressions;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Documents;

/// <summary>A value a document form can use: its Vietnamese name (for "missing" notes) and its text ("" when not recorded).</summary>
public sealed record Field(string Label, string Value);

/// <summary>Everything a meeting's documents can say, by placeholder name: single fields and lists of items.</summary>
public sealed class MeetingValues
{
    public Dictionary<string, Field> Fields { get; } = [];
    public Dictionary<string, List<Dictionary<string, string>>> Lists { get; } = [];
}

/// <summary>
/// The placeholders of the document forms and how each is read from the stored meeting (and its cell,
/// evaluation, RSVPs). The forms decide wording and layout; nothing here invents text: an unrecorded value is "".
/// </summary>
public static partial class MeetingFields
{
    /// <summary>Field names with their labels; the forms may use only these (checked when templates load).</summary>
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["don_vi"] = "đảng bộ cấp trên", ["chi_bo"] = "tên chi bộ (chữ in hoa)", ["ten_chi_bo"] = "tên chi bộ", ["dia_danh"] = "địa danh", ["ngay"] = "ngày sinh hoạt",
        ["ngay_so"] = "ngày", ["thang"] = "tháng", ["nam"] = "năm", ["thang_toi"] = "tháng của nhiệm vụ",
        ["so_nghi_quyet"] = "số nghị quyết", ["cap_uy_cap_tren"] = "cấp ủy cấp trên", ["loai_buoi"] = "loại buổi sinh hoạt",
        ["chu_de"] = "chuyên đề", ["gio_bat_dau"] = "giờ bắt đầu", ["gio_ket_thuc"] = "giờ kết thúc", ["thoi_luong"] = "thời lượng",
        ["dia_diem"] = "địa điểm", ["chu_tri"] = "người chủ trì", ["thu_ky"] = "thư ký", ["bi_thu"] = "bí thư chi bộ",
        ["khach"] = "đại biểu dự", ["trieu_tap"] = "số đảng viên triệu tập", ["co_mat"] = "số có mặt", ["ty_le"] = "tỷ lệ dự",
        ["vang_co_ly_do"] = "số vắng có lý do", ["vang_khong_ly_do"] = "số vắng không lý do", ["ly_do_vang"] = "ghi chú về đảng viên vắng",
        ["chuong_trinh"] = "chương trình được thông qua", ["thoi_su"] = "thông tin thời sự", ["kiem_diem"] = "kiểm điểm nhiệm vụ tháng trước",
        ["danh_gia_thang"] = "đánh giá kết quả tháng", ["so_phat_bieu"] = "số ý kiến phát biểu", ["thao_luan"] = "nội dung thảo luận",
        ["ket_luan"] = "kết luận của đồng chí chủ trì", ["tan_thanh"] = "số tán thành", ["khong_tan_thanh"] = "số không tán thành",
        ["khong_bieu_quyet"] = "số không biểu quyết", ["ket_qua_bieu_quyet"] = "kết quả biểu quyết", ["diem"] = "điểm chất lượng",
        ["xep_loai"] = "xếp loại", ["bien_ban_thong_qua"] = "biên bản được thông qua",
        ["thanh_phan"] = "thành phần đảng viên của chi bộ", ["ds_co_mat"] = "danh sách đảng viên có mặt",
        ["ds_vang_co_ly_do"] = "đảng viên vắng có lý do", ["ds_vang_khong_ly_do"] = "đảng viên vắng không lý do",
        ["ds_tam_thoi"] = "đảng viên sinh hoạt tạm thời",
        ["nguoi_trinh_bay"] = "người trình bày chuyên đề", ["duyet_chuyen_de"] = "dự thảo chuyên đề được thông qua trước",
        ["muc_dich"] = "mục đích, yêu cầu của chuyên đề", ["trinh_bay"] = "nội dung đã trình bày",
        ["cd_so_phat_bieu"] = "số ý kiến thảo luận chuyên đề", ["cd_thao_luan"] = "nội dung thảo luận chuyên đề",
        ["cd_ket_luan"] = "kết luận chuyên đề", ["bieu_quyet_diem"] = "biểu quyết mức điểm chất lượng",
        ["thong_qua_diem_truoc"] = "biểu quyết điểm của buổi trước", ["ket_luan_buoi"] = "kết luận của buổi sinh hoạt", ["ve_viec"] = "chủ đề của nghị quyết", ["diem_khac_ghi_nhan"] = "mục chấm khác ghi nhận và lý do", ["so_bieu_quyet"] = "số đảng viên chính thức được tính khi biểu quyết",
    };

    /// <summary>Lists and the fields of their items.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ListFields = new Dictionary<string, string[]>
    {
        ["nhiem_vu"] = ["noi_dung", "phu_trach", "han", "so"],
        ["viec_thang_truoc"] = ["viec", "ket_qua"],
        ["vang_mat"] = ["ten", "ly_do"],
        ["dinh_chinh"] = ["ngay_dinh_chinh", "nguoi", "muc", "cu", "moi"],
    };

    /// <summary>The fields of list items, as people read them (a missing one is named with its item).</summary>
    static readonly Dictionary<string, string> ItemLabels = new()
    {
        ["noi_dung"] = "nội dung", ["phu_trach"] = "người phụ trách", ["han"] = "thời hạn", ["viec"] = "việc", ["ket_qua"] = "kết quả",
        ["ten"] = "họ tên", ["ly_do"] = "lý do",
    };

    /// <summary>"người phụ trách (nhiệm vụ 2 "Tổng vệ sinh đường làng")": a missing item field, with the item it belongs to.</summary>
    public static string ItemLabel(string field) => ItemLabels.GetValueOrDefault(field, field);

    public static string ItemLabel(string field, IReadOnlyDictionary<string, string> item) =>
        ItemLabel(field) +
        (item.TryGetValue("noi_dung", out var task) ? $" (nhiệm vụ {item.GetValueOrDefault("so")} \"{task}\")" : "");

    static readonly Dictionary<string, string> ListLabels = new()
    {
        ["nhiem_vu"] = "nhiệm vụ", ["viec_thang_truoc"] = "việc tháng trước", ["vang_mat"] = "danh sách đảng viên báo vắng",
        ["dinh_chinh"] = "đính chính",
    };

    public static string LabelOf(string name) => Labels.TryGetValue(name, out var l) ? l : ListLabels.GetValueOrDefault(name, name);

    /// <param name="tasksNextMonthFromDay">A meeting from this day of the month sets the next month's tasks; before it, its own month's (procedure rule).</param>
    public static MeetingValues Of(ChiBoStore store, Meeting m, int tasksNextMonthFromDay = 16)
    {
        var v = new MeetingValues();
        void Set(string name, string value) => v.Fields[name] = new Field(Labels[name], value.Trim());
        var cell = store.Cells.FindById(m.CellId);
        var unit = cell is null ? null : store.OrgUnits.FindById(cell.OrgUnitId);
        // The cell's scores, read once: this meeting's, and earlier ones voted at this meeting.
        var evaluations = store.Evaluations.Find(e => e.CellId == m.CellId).ToList();
        var evaluation = evaluations.FirstOrDefault(e => e.MeetingId == m.Id);
        var secretary = cell is null ? null : store.Members.Find(x => x.CellId == cell.Id && !x.Removed).FirstOrDefault(x => x.Has(Role.Secretary, cell.Id));
        var tasksMonth = m.Date.Day >= tasksNextMonthFromDay ? m.Date.AddMonths(1) : m.Date;

        Set("don_vi", unit?.Name.ToUpper(VnText.Culture) ?? "");
        Set("chi_bo", cell?.Name.ToUpper(VnText.Culture) ?? "");
        Set("ten_chi_bo", cell?.Name ?? "");
        Set("dia_danh", PlaceOf(unit?.Name ?? ""));
        Set("ngay", VnText.Date(m.Date));
        Set("ngay_so", m.Date.Day.ToString("00"));
        Set("thang", m.Date.Month.ToString("00"));
        Set("nam", m.Date.Year.ToString());
        Set("thang_toi", $"{tasksMonth.Month:00}/{tasksMonth.Year}");
        // Numbered in the cell's year: the meetings of that year up to this one (by date, then when recorded).
        var ofYear = store.Meetings.Find(x => x.CellId == m.CellId).Where(x => x.Date.Year == m.Date.Year)
            .OrderBy(x => x.Date).ThenBy(x => x.RecordedAtUtc).Select(x => x.Id).ToList();
        Set("so_nghi_quyet", $"{ofYear.IndexOf(m.Id) + 1:00}");
        Set("cap_uy_cap_tren", UpperCommittee(unit?.Name ?? ""));
        Set("loai_buoi", MeetingKinds.Phrase(m.Kind));
        Set("chu_de", m.Topic ?? "");
        // The resolution's subject line: "về chuyên đề “…”" or "về việc “…”".
        Set("ve_viec", m.Topic is not { Length: > 0 } topic ? "" : m.Kind == MeetingKind.EXTRAORDINARY ? $"việc “{topic}”" : $"chuyên đề “{topic}”");
        Set("gio_bat_dau", m.StartTime);
        Set("gio_ket_thuc", m.EndTime);
        Set("thoi_luong", m.DurationMinutes > 0 ? $"{m.DurationMinutes} phút" : "");
        Set("dia_diem", m.Venue);
        Set("chu_tri", m.Chair);
        Set("thu_ky", m.MinuteTaker);
        Set("bi_thu", secretary?.Name ?? m.Chair);
        Set("khach", m.Guests);
        Set("trieu_tap", m.Summoned > 0 ? m.Summoned.ToString() : "");
        Set("co_mat", m.Summoned > 0 ? m.Present.ToString() : "");
        Set("ty_le", m.Summoned > 0 ? VnText.Percent(m.AttendanceRate) : "");
        Set("vang_co_ly_do", m.Summoned > 0 ? m.ExcusedAbsent.ToString() : "");
        Set("vang_khong_ly_do", m.Summoned > 0 ? m.UnexcusedAbsent.ToString() : "");
        Set("ly_do_vang", m.AbsenceNotes);
        Set("chuong_trinh", m.AgendaApproved ? "đã được chi bộ thông qua" : "");
        Set("thoi_su", m.News);
        Set("kiem_diem", m.ReviewSummary);
        Set("danh_gia_thang", m.MonthAssessment);
        Set("so_phat_bieu", m.Speakers > 0 ? m.Speakers.ToString() : "");
        Set("thao_luan", m.Discussion);
        Set("ket_luan", m.Conclusion);
        Set("nguoi_trinh_bay", m.Presenter);
        Set("duyet_chuyen_de", !MeetingKinds.IsThematic(m.Kind) ? "" : m.TopicApproved
            ? "dự thảo chuyên đề đã được chi ủy thông qua và gửi đảng viên nghiên cứu trước" : "dự thảo chuyên đề chưa được thông qua, gửi trước");
        Set("muc_dich", m.Purpose);
        Set("trinh_bay", m.Presentation);
        Set("cd_so_phat_bieu", m.TopicSpeakers > 0 ? m.TopicSpeakers.ToString() : "");
        Set("cd_thao_luan", m.TopicDiscussion);
        Set("cd_ket_luan", m.TopicConclusion);
        Set("ket_luan_buoi", m.Kind == MeetingKind.THEMATIC ? m.TopicConclusion : m.Conclusion);
        var voted = m.VotesFor + m.VotesAgainst + m.VotesAbstain > 0;
        Set("tan_thanh", voted ? m.VotesFor.ToString() : "");
        Set("khong_tan_thanh", voted ? m.VotesAgainst.ToString() : "");
        Set("khong_bieu_quyet", voted ? m.VotesAbstain.ToString() : "");
        var basis = m.NamedAttendance ? "đảng viên chính thức được tính" : "đồng chí có mặt";
        Set("ket_qua_bieu_quyet", !voted ? "" : m.ResolutionPassed
            ? $"Nghị quyết được thông qua ({m.VotesFor}/{m.VoteBase} {basis} tán thành, quá một nửa)."
            : $"Nghị quyết KHÔNG được thông qua ({m.VotesFor}/{m.VoteBase} {basis} tán thành, chưa quá một nửa).");
        SetAttendance(m, Set);
        Set("diem", evaluation is null ? "" : VnText.Number(evaluation.Total));
        Set("xep_loai", evaluation?.LevelLabel ?? "");
        Set("bieu_quyet_diem", evaluation is null || !evaluation.NeedsVote && evaluation.Vote is null ? "" : ScoreVoteText(evaluation, m));
        var earlier = evaluations.Where(e => e.MeetingId != m.Id && e.Vote?.AtMeetingId == m.Id).ToList();
        Set("thong_qua_diem_truoc", string.Join(" ", earlier.Select(e =>
            $"Chi bộ biểu quyết điểm chất lượng buổi ngày {(store.Meetings.FindById(e.MeetingId) is { } em ? VnText.Date(em.Date) : "trước")} " +
            $"({VnText.Number(e.Total)} điểm, {e.LevelLabel}, chấm sau buổi họp): {Votes(e.Vote!)}.")));
        Set("diem_khac_ghi_nhan", evaluation is null ? "" : string.Join("; ", evaluation.Overrides.Select(o => $"mục {o.Key} chấm {o.Value}")));
        Set("bien_ban_thong_qua", m.MinutesApproved ? "biên bản đã được đọc lại và thông qua trước khi kết thúc" : "");

        v.Lists["nhiem_vu"] = m.NextTasks.Select((t, i) => new Dictionary<string, string>
        {
            ["noi_dung"] = t.Content.Trim(), ["phu_trach"] = t.Owner?.Trim() ?? "", ["han"] = t.Due?.Trim() ?? "", ["so"] = (i + 1).ToString(),
        }).ToList();
        v.Lists["dinh_chinh"] = m.Corrections.Select(c => new Dictionary<string, string>
        {
            ["ngay_dinh_chinh"] = VnText.Date(VnClock.Local(c.AtUtc)), ["nguoi"] = c.By, ["muc"] = c.Section, ["cu"] = c.Before == "" ? "(trống)" : c.Before, ["moi"] = c.After,
        }).ToList();
        v.Lists["viec_thang_truoc"] = m.Review.Select(r => new Dictionary<string, string>
        {
            ["viec"] = r.Task.Trim(),
            ["ket_qua"] = r.Status switch { Domain.TaskStatus.Done => "đã hoàn thành", Domain.TaskStatus.InProgress => "đang thực hiện", _ => "chưa thực hiện" },
        }).ToList();
        // Names by the answer's member (who may have moved to another cell since); the named attendance supersedes them.
        v.Lists["vang_mat"] = m.NamedAttendance ? [] : store.Rsvps.Find(r => r.CellId == m.CellId).ToList().Where(r => r.MeetingDate.Date == m.Date.Date && !r.Present)
            .Select(r => new Dictionary<string, string> { ["ten"] = store.Members.FindById(r.MemberId)?.Name ?? r.MemberId, ["ly_do"] = r.Reason.Trim() })
            .OrderBy(r => r["ten"], StringComparer.Create(VnText.Culture, false)).ToList();
        return v;
    }

    static string Votes(ScoreVote v) =>
        $"tán thành {v.For}, không tán thành {v.Against}, không biểu quyết {v.Abstain} — {(v.Passed ? "thông qua" : "không thông qua")}";

    /// <summary>How the meeting's own score was approved, as the minutes say it.</summary>
    static string ScoreVoteText(Evaluation e, Meeting m) => e.Vote switch
    {
        { } v when v.AtMeetingId == m.Id => $"Chi ủy đề xuất, chi bộ biểu quyết mức điểm: {Votes(v)}.",
        { } v => $"Điểm chấm sau buổi sinh hoạt; chi bộ biểu quyết tại buổi ngày {VnText.Date(v.AtDate)}: {Votes(v)}.",
        null => "Điểm chấm sau buổi sinh hoạt, chưa được chi bộ biểu quyết thông qua.",
    };

    /// <summary>The attendance section of the minutes: members by category, by name (meetings taken from the roster).</summary>
    static void SetAttendance(Meeting m, Action<string, string> set)
    {
        var members = m.Attendance.Where(a => !a.Temporary).ToList();
        string Names(IEnumerable<Attendee> people, Func<Attendee, string>? note = null) =>
            string.Join(", ", people.Select(a => a.Name + (note?.Invoke(a) ?? "")));
        var full = members.Count(a => a.Status != MemberStatus.Probationary);
        var probationary = members.Count(a => a.Status == MemberStatus.Probationary);
        var exempt = members.Count(a => a.Status == MemberStatus.Exempt);
        var suspended = members.Where(a => a.Suspended).ToList();
        set("thanh_phan", members.Count == 0 ? "" :
            $"{members.Count} đồng chí ({full} chính thức, {probationary} dự bị" + (exempt > 0 ? $"; {exempt} được miễn sinh hoạt" : "") +
            (suspended.Count > 0 ? $"; {suspended.Count} đang bị đình chỉ sinh hoạt đảng, không triệu tập: {Names(suspended)}" : "") + ")");
        set("ds_co_mat", Names(members.Where(a => a.Presence == ChiBo.Rules.Presence.Present), a =>
            a.Status == MemberStatus.Probationary ? " (dự bị)" : a.Status == MemberStatus.Exempt ? " (miễn sinh hoạt, có đến dự)" : ""));
        set("ds_vang_co_ly_do", string.Join("; ", members.Where(a => a.Presence == ChiBo.Rules.Presence.Excused)
            .Select(a => a.Reason == "" ? a.Name : $"{a.Name} ({a.Reason})")));
        set("ds_vang_khong_ly_do", Names(members.Where(a => a.Presence == ChiBo.Rules.Presence.Unexcused)));
        set("ds_tam_thoi", Names(m.Attendance.Where(a => a.Temporary && a.Presence == ChiBo.Rules.Presence.Present)));
        set("so_bieu_quyet", m.NamedAttendance ? m.VoteBase.ToString() : "");
    }

    /// <summary>"Đảng bộ xã Yên Mỹ" → "Đảng ủy xã Yên Mỹ": the committee of the unit above, which the resolution reports to.</summary>
    public static string UpperCommittee(string unitName) =>
        unitName.StartsWith("Đảng bộ ", StringComparison.OrdinalIgnoreCase) ? "Đảng ủy " + unitName["Đảng bộ ".Length..] : unitName;

    /// <summary>"Đảng bộ xã Yên Mỹ" → "Yên Mỹ": the place name of the date line.</summary>
    public static string PlaceOf(string unitName)
    {
        var s = unitName.Trim();
        foreach (var prefix in new[] { "Đảng bộ ", "Đảng ủy ", "Chi bộ " })
            if (s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) s = s[prefix.Length..];
        foreach (var level in new[] { "xã ", "phường ", "thị trấn ", "đặc khu ", "tỉnh ", "thành phố ", "huyện ", "quận ", "khối " })
            if (s.StartsWith(level, StringComparison.OrdinalIgnoreCase)) { s = s[level.Length..]; break; }
        return s;
    }

    public static IEnumerable<string> Placeholders(string text) => Placeholder().Matches(text).Select(m => m.Groups[1].Value);

    /// <summary>Checked when the templates load: known styles, lists and placeholders.</summary>
    public static void Validate(DocumentTemplate d)
    {
        TemplateRules.Require(d, d.Subject is "meeting" or "self_review", d.Line, "subject: meeting hoặc self_review.");
        var labels = d.Subject == "self_review" ? SelfReviewFields.Labels : Labels;
        IReadOnlyDictionary<string, string[]> lists = d.Subject == "self_review" ? new Dictionary<string, string[]>() : ListFields;
        string[] styles = ["header", "title", "center", "heading", "text", "item", "signatures"];
        TemplateRules.Require(d, d.FileName != "" && d.FileName.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'), d.Line, "file_name: chữ không dấu, số hoặc -.");
        TemplateRules.Require(d, d.Blocks.Count > 0, d.Line, "mẫu văn bản cần ít nhất một khối (blocks).");
        foreach (var b in d.Blocks)
        {
            TemplateRules.Require(d, styles.Contains(b.Style), b.Line, $"style \"{b.Style}\" không có; dùng {string.Join(", ", styles)}.");
            TemplateRules.Require(d, b.Style is "header" or "signatures" ? b.Columns.Count is >= 1 and <= 3 : b.Text != "", b.Line,
                b.Style is "header" or "signatures" ? "header/signatures cần 1–3 cột (columns)." : "khối cần \"text\".");
            TemplateRules.Require(d, b.Each is null || lists.ContainsKey(b.Each), b.Line, $"each: danh sách \"{b.Each}\" không có; dùng {string.Join(", ", lists.Keys)}.");
            foreach (var cond in new[] { b.When, b.Unless }.OfType<string>())
                TemplateRules.Require(d, labels.ContainsKey(cond) || lists.ContainsKey(cond), b.Line, $"when/unless: \"{cond}\" không phải trường nào.");
            var itemFields = b.Each is null ? [] : lists[b.Each];
            foreach (var name in b.Columns.Append(b.Text).SelectMany(Placeholders))
                TemplateRules.Require(d, labels.ContainsKey(name) || itemFields.Contains(name), b.Line, $"chỗ điền {{{name}}} không có" +
                    (b.Each is null ? "." : $" (trong each: {b.Each} dùng được {string.Join(", ", itemFields)})."));
        }
    }

    /// <summary>A {placeholder} of a form; group 1 is its name.</summary>
    [GeneratedRegex(@"\{([a-z_]+)\}")]
    public static partial Regex Placeholder();
}
