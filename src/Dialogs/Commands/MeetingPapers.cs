using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Documents;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Summaries;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Commands;

/// <summary>
/// /bienban and /nghiquyet — the minutes and the draft resolution of the cell's latest meeting (or the meeting of a
/// given date) as Word documents, filled from what was recorded; "/bienban sửa &lt;mục&gt;: &lt;nội dung&gt;" corrects a
/// recorded text before generating again (audited).
/// </summary>
public sealed partial class MeetingPapers(IReportFiles? files)
{
    public const string MinutesForm = "bien-ban-sinh-hoat";
    public const string ResolutionForm = "nghi-quyet-chi-bo";

    /// <summary>The form for a meeting of that kind: a thematic and an extraordinary meeting have their own minutes and resolution.</summary>
    public static string FormFor(MeetingKind kind, bool minutes) => (kind, minutes) switch
    {
        (MeetingKind.THEMATIC, true) => "bien-ban-chuyen-de",
        (MeetingKind.EXTRAORDINARY, true) => "bien-ban-bat-thuong",
        (MeetingKind.THEMATIC or MeetingKind.EXTRAORDINARY, false) => "nghi-quyet-theo-viec",
        (_, true) => MinutesForm,
        _ => ResolutionForm,
    };

    /// <summary>The texts that can be corrected by chat: the names people type (folded), the label they read, read, write.</summary>
    static readonly (string[] Names, string Label, Func<Meeting, string> Get, Action<Meeting, string> Set)[] Texts =
    [
        (["chu tri", "chutri"], "người chủ trì", m => m.Chair, (m, v) => m.Chair = Person(m, v)),
        (["thu ky", "thuky"], "thư ký", m => m.MinuteTaker, (m, v) => m.MinuteTaker = Person(m, v)),
        (["dia diem", "diadiem"], "địa điểm", m => m.Venue, (m, v) => m.Venue = v),
        (["dai bieu", "khach", "khach moi"], "đại biểu dự", m => m.Guests, (m, v) => m.Guests = v),
        (["vang", "ly do vang", "vang mat", "nguoi vang"], "ghi chú về đảng viên vắng", m => m.AbsenceNotes, (m, v) => m.AbsenceNotes = v),
        (["thoi su", "thoisu"], "thông tin thời sự", m => m.News, (m, v) => m.News = v),
        (["kiem diem", "kiemdiem"], "kiểm điểm nhiệm vụ tháng trước", m => m.ReviewSummary, (m, v) => m.ReviewSummary = v),
        (["danh gia", "danhgia"], "đánh giá kết quả tháng", m => m.MonthAssessment, (m, v) => m.MonthAssessment = v),
        (["thao luan", "thaoluan"], "nội dung thảo luận", m => m.Discussion, (m, v) => m.Discussion = v),
        (["ket luan", "ketluan"], "kết luận của đồng chí chủ trì", m => m.Conclusion, (m, v) => m.Conclusion = v),
        (["chu de", "chude", "van de", "viec"], "chuyên đề (việc cần bàn)", m => m.Topic ?? "", (m, v) => m.Topic = v),
        (["nguoi trinh bay"], "người trình bày chuyên đề", m => m.Presenter, (m, v) => m.Presenter = Person(m, v)),
        (["muc dich", "mucdich"], "mục đích, yêu cầu của chuyên đề", m => m.Purpose, (m, v) => m.Purpose = v),
        (["trinh bay", "trinhbay"], "nội dung đã trình bày", m => m.Presentation, (m, v) => m.Presentation = v),
        (["thao luan chuyen de"], "nội dung thảo luận chuyên đề", m => m.TopicDiscussion, (m, v) => m.TopicDiscussion = v),
        (["ket luan chuyen de"], "kết luận chuyên đề", m => m.TopicConclusion, (m, v) => m.TopicConclusion = v),
    ];

    /// <summary>"anh An" for the chair: the one attendee so named, by full name (as the meeting's own steps write it); else as typed.</summary>
    static string Person(Meeting m, string typed) =>
        Flows.Meeting.MeetingSteps.FullNameOf(m.Attendance.Select(a => a.Name), typed) ?? typed;

    /// <summary>What /bienban sửa offers, as users type it.</summary>
    static string Sections(MeetingKind kind)
    {
        const string opening = "chủ trì, thư ký, địa điểm, đại biểu, vắng, lý do vắng <tên> (có lý do … hoặc không lý do), giờ bắt đầu, giờ kết thúc (hoặc thời lượng), ";
        const string regular = "thời sự, kiểm điểm, đánh giá, thảo luận, kết luận, " +
                               "nhiệm vụ (cả danh sách) hoặc nhiệm vụ <số> (nội dung - phụ trách - hạn), phụ trách <số>, hạn <số>, ";
        const string thematic = "chuyên đề, người trình bày, mục đích, trình bày, thảo luận chuyên đề, kết luận chuyên đề, ";
        const string vote = "biểu quyết (tán thành, không tán thành, không biểu quyết)";
        return opening + kind switch
        {
            MeetingKind.THEMATIC => thematic,
            MeetingKind.COMBINED => regular + thematic,
            MeetingKind.EXTRAORDINARY => "việc (việc cần bàn), trình bày, thảo luận, kết luận, ",
            _ => regular,
        } + vote;
    }

    /// <summary>
    /// A section named by what was typed before the colon, with its label, current text and how to set it; or an error.
    /// <paramref name="OfPerson"/>: it is about a member (an absence's reason), and a correction of approved minutes is
    /// recorded too, as the Party's rules about that member count it (Điều lệ Điều 8: three months absent without reason).
    /// </summary>
    sealed record Section(string Key, string Label, Func<Meeting, string> Get, Func<Meeting, string, string?> Set, bool OfPerson = false);

    static Section? SectionOf(string typed, Meeting m, out string? error)
    {
        error = null;
        var key = VnText.Fold(typed).Trim();
        var text = Texts.FirstOrDefault(t => t.Names.Contains(key));
        if (text.Label is not null)
            return new(text.Names[0], text.Label, text.Get, (x, v) => { text.Set(x, v); return null; });
        if (key is "gio bat dau" or "bat dau" or "thoi gian bat dau")
            return new("gio bat dau", "giờ bắt đầu", x => x.StartTime, SetStart);
        if (key is "gio ket thuc" or "ket thuc" or "thoi gian ket thuc")
            return new("gio ket thuc", "giờ kết thúc", x => x.EndTime, SetEnd);
        if (key is "thoi luong")
            return new("gio ket thuc", "giờ kết thúc", x => x.EndTime, SetLength);
        if (key is "thoi gian" or "thoi gian hop" or "gio hop")
            return new("thoi gian", "thời gian họp", x => $"{x.StartTime} - {x.EndTime}", SetRange);
        if (NotCorrectable(key) is { } why)
        {
            error = why;
            return null;
        }
        if (key is "bieu quyet" or "bieuquyet")
            return new("bieu quyet", "kết quả biểu quyết", x => $"{x.VotesFor} {x.VotesAgainst} {x.VotesAbstain}", SetVote);
        if (key is "nhiem vu" or "nhiemvu")
            return new("nhiem vu", "nhiệm vụ", x => string.Join("; ", x.NextTasks.Select(TaskText)), (x, v) =>
            {
                if (Flows.Meeting.MeetingRecord.ParseTasks(v) is not { Count: > 0 } tasks) return "Ghi các nhiệm vụ, mỗi nhiệm vụ một dòng (hoặc cách nhau bằng ;) dạng \"nội dung - người phụ trách - hạn\".";
                x.NextTasks = tasks;
                return null;
            });
        if (AbsentKey().Match(key) is { Success: true } absent) return AbsenceOf(absent.Groups[1].Value, m, out error);
        var task = TaskKey().Match(key);
        if (!task.Success) return null;
        var n = int.Parse(task.Groups[2].Value);
        if (n < 1 || n > m.NextTasks.Count)
        {
            error = m.NextTasks.Count == 0 ? "Buổi này chưa ghi nhiệm vụ nào." : $"Không có nhiệm vụ {n}: buổi này ghi {m.NextTasks.Count} nhiệm vụ.";
            return null;
        }
        return task.Groups[1].Value switch
        {
            "phu trach" => new($"phu trach {n}", $"người phụ trách nhiệm vụ {n}", x => x.NextTasks[n - 1].Owner ?? "", (x, v) => { x.NextTasks[n - 1].Owner = v; return null; }),
            "han" => new($"han {n}", $"thời hạn nhiệm vụ {n}", x => x.NextTasks[n - 1].Due ?? "", (x, v) => { x.NextTasks[n - 1].Due = v; return null; }),
            _ => new($"nhiem vu {n}", $"nhiệm vụ {n}", x => TaskText(x.NextTasks[n - 1]), (x, v) =>
            {
                if (Flows.Meeting.MeetingRecord.ParseTasks(v) is not [var one]) return "Ghi một nhiệm vụ, dạng \"nội dung - người phụ trách - hạn\".";
                x.NextTasks[n - 1] = one;
                return null;
            }),
        };
    }

    static string TaskText(TaskItem t) => string.Join(" - ", new[] { t.Content, t.Owner ?? "", t.Due ?? "" }.Where(p => p != "").DefaultIfEmpty(""));

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:ly do vang|vang)\s+(?:cua\s+)?(\S.*)$")]
    private static partial System.Text.RegularExpressions.Regex AbsentKey();

    /// <summary>"lý do vắng Tuấn: ốm", "vắng Tuấn: không lý do": one absentee's reason, or that there was none.</summary>
    static Section? AbsenceOf(string who, Meeting m, out string? error)
    {
        error = null;
        if (!m.NamedAttendance)
        {
            error = "Buổi này ghi điểm danh bằng số, không theo tên; ghi chú về người vắng: /bienban sửa vắng: <nội dung>.";
            return null;
        }
        var absentees = m.Attendance.Where(a => a.Presence is ChiBo.Rules.Presence.Excused or ChiBo.Rules.Presence.Unexcused).ToList();
        if (VnText.NameMatches(absentees, who, a => a.Name, a => a.MemberId ?? a.Name) is not [var one])
        {
            error = absentees.Count == 0 ? "Buổi này không có đảng viên nào vắng."
                : $"Không có một đồng chí vắng nào tên \"{Inputs.Preview(who)}\". Người vắng: {string.Join(", ", absentees.Select(a => a.Name))}.";
            return null;
        }
        var name = one.Name;
        Attendee Of(Meeting x) => x.Attendance.First(a => a.Name == name);
        return new($"vang {VnText.Fold(name)}", $"lý do vắng của Đ/c {name}",
            x => Of(x).Presence == ChiBo.Rules.Presence.Unexcused ? "vắng không lý do" : Of(x).Reason == "" ? "vắng có lý do" : $"vắng có lý do ({Of(x).Reason})",
            (x, v) =>
            {
                var text = System.Text.RegularExpressions.Regex.Replace(v, @"^\s*(?:vắng|vang)\s+", "", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
                var said = Flows.Meeting.AttendanceStep.Qualified(text); // "kld", "có phép: ốm", as at the roll call
                if (said is { Presence: ChiBo.Rules.Presence.Present, After: not "" }) said = null; // "đến dự đám cưới" is a reason
                if (said?.Presence == ChiBo.Rules.Presence.Present)
                    return $"Đ/c {name} được ghi vắng ở buổi này; điểm danh không sửa được sau khi đã lưu. Ghi lý do vắng, hoặc \"không lý do\".";
                var none = said?.Presence == ChiBo.Rules.Presence.Unexcused || VnText.Fold(text) == "khong";
                var reason = none ? "" : AbsenceReasons.Typed(said?.After ?? text);
                if (reason.Length > 1 && reason[0] == '(' && reason[^1] == ')') reason = reason[1..^1].Trim(); // as said back: "vắng có lý do (ốm)"
                if (reason.Length > Flows.Meeting.AttendanceStep.ReasonMax)
                    return $"Lý do vắng dài {VnText.Number(reason.Length)} ký tự, quá giới hạn {Flows.Meeting.AttendanceStep.ReasonMax}. Đồng chí ghi ngắn gọn, ví dụ \"đi làm xa\".";
                var a = Of(x);
                (a.Presence, a.Reason) = none ? (ChiBo.Rules.Presence.Unexcused, "") : (ChiBo.Rules.Presence.Excused, reason);
                var tally = x.Tally;
                (x.ExcusedAbsent, x.UnexcusedAbsent) = (tally.Excused, tally.Unexcused);
                return null;
            }, OfPerson: true);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(nhiem vu|phu trach|han)\s*(\d{1,2})$")]
    private static partial System.Text.RegularExpressions.Regex TaskKey();

    /// <summary>What is fixed once the meeting is saved, because the score, the vote and the summaries are counted from it.</summary>
    static string? NotCorrectable(string key) => key switch
    {
        "ngay" or "ngay hop" or "ngay sinh hoat" =>
            "Ngày họp không sửa được sau khi đã lưu buổi sinh hoạt: điểm, nhắc lịch và tổng hợp tính theo ngày đó. Nếu ghi nhầm ngày, đồng chí báo cấp ủy cấp trên.",
        "diem danh" or "co mat" or "so co mat" or "trieu tap" or "so vang" =>
            "Điểm danh không sửa được sau khi đã lưu buổi sinh hoạt: biểu quyết, điểm và tổng hợp tính theo đó. Ghi chú về người vắng: /bienban sửa vắng: <nội dung>.",
        "diem" or "cham diem" or "xep loai" => "Điểm chất lượng không sửa trong biên bản: chấm lại bằng /danhgia.",
        _ => null,
    };

    static string NotATime(string typed, string example) =>
        $"\"{Inputs.Preview(typed)}\" không phải giờ. Gõ giờ:phút, ví dụ {example}.";

    /// <summary>A start typed for the meeting: "7h" for one that began at 19:30 is 19:00.</summary>
    static int? StartTyped(Meeting m, string v) => Inputs.Time(m.StartTime) is { } was ? Inputs.TimeNear(v, was) : Inputs.Time(v);

    const string NoStart = "Buổi này chưa ghi giờ bắt đầu: đồng chí sửa giờ bắt đầu trước.";

    /// <summary>"7h" for a meeting that began at 19:30 is 19:00; the length follows.</summary>
    static string? SetStart(Meeting m, string v) =>
        StartTyped(m, v) is { } start ? SetTimes(m, start, Inputs.Time(m.EndTime)) : NotATime(v, "/bienban sửa giờ bắt đầu: 19:30");

    /// <summary>"21:15", "9h15" (after a 19:30 start: 21:15) or "2 tiếng" from the start.</summary>
    static string? SetEnd(Meeting m, string v)
    {
        if (Inputs.Time(m.StartTime) is not { } start) return NoStart;
        var end = Inputs.Span(v) is { } span ? start + span : Inputs.TimeAfter(v, start);
        return end is null ? NotATime(v, "/bienban sửa giờ kết thúc: 21:15, hoặc /bienban sửa thời lượng: 2 tiếng") : SetTimes(m, start, end);
    }

    /// <summary>"120 phút", "2 tiếng", "120": the end moves to the start plus that.</summary>
    static string? SetLength(Meeting m, string v)
    {
        if (Inputs.Time(m.StartTime) is not { } start) return NoStart;
        var minutes = Inputs.Span(v) ?? (int.TryParse(VnText.Clean(v), out var n) && n > 0 ? n : null);
        return minutes is null ? $"\"{Inputs.Preview(v)}\" không phải thời lượng. Gõ ví dụ /bienban sửa thời lượng: 120 phút (hoặc 2 tiếng)." : SetTimes(m, start, start + minutes);
    }

    /// <summary>"19:30 - 21:30", "7h30 đến 9h30" (for a meeting that began at 19:30: the evening's).</summary>
    static string? SetRange(Meeting m, string v)
    {
        var parts = RangeSplit().Split(VnText.Clean(v));
        if (parts is not [var from, var to] || from == "" || to == "") return "Gõ giờ bắt đầu và giờ kết thúc, ví dụ /bienban sửa thời gian: 19:30 - 21:30.";
        if (StartTyped(m, from) is not { } start) return NotATime(from, "/bienban sửa thời gian: 19:30 - 21:30");
        return Inputs.TimeAfter(to, start) is { } end ? SetTimes(m, start, end) : NotATime(to, "/bienban sửa thời gian: 19:30 - 21:30");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\s*(?:[-–—]|\bđến\b|\bden\b|\btới\b)\s*", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex RangeSplit();

    static string? SetTimes(Meeting m, int start, int? end)
    {
        if (end >= 24 * 60) return "Buổi sinh hoạt kéo dài qua nửa đêm? Đồng chí gõ giờ kết thúc, ví dụ 23:30.";
        if (end is { } e && e <= start) return $"Giờ kết thúc ({Inputs.FormatTime(e)}) phải sau giờ bắt đầu ({Inputs.FormatTime(start)}).";
        m.StartTime = Inputs.FormatTime(start);
        if (end is { } finish)
        {
            m.EndTime = Inputs.FormatTime(finish);
            m.DurationMinutes = finish - start;
        }
        return null;
    }

    /// <summary>
    /// What a correction changes that the score is counted from: " Thời lượng 120 phút, đủ tối thiểu 90 (trước: 60 phút).",
    /// " Vắng không lý do: 0 (trước: 1).", and what it means for a score already given.
    /// </summary>
    static string EffectNote(Turn turn, Cell cell, Meeting was, Meeting now, bool approved, bool recorded)
    {
        var note = "";
        if (was.DurationMinutes != now.DurationMinutes)
        {
            var min = turn.Templates.ProcedureFor(cell.Type).Rules.MinimumFor(cell, now.Kind);
            var enough = min == 0 ? "" : ChiBo.Rules.MeetingRules.LongEnough(now.DurationMinutes, min) ? $", đủ tối thiểu {min}" : $", chưa đủ tối thiểu {min}";
            note += $" Thời lượng {now.DurationMinutes} phút{enough} (trước: {was.DurationMinutes} phút).";
        }
        if (was.UnexcusedAbsent != now.UnexcusedAbsent) note += $" Vắng không lý do: {now.UnexcusedAbsent} (trước: {was.UnexcusedAbsent}).";
        if (note == "" || turn.Store.Evaluations.FindOne(e => e.MeetingId == was.Id) is null) return note;
        return note + (approved && !recorded
            ? " Điểm đã chấm giữ theo biên bản đã thông qua; nếu cần chấm lại: /danhgia (mục thời lượng ghi kèm lý do đính chính)."
            : " Điểm đã chấm chưa tính lại theo nội dung sửa này: chấm lại bằng /danhgia.");
    }

    /// <summary>"4 1 0": the vote, which must add up to those who vote (the full members present, on the roll call).</summary>
    static string? SetVote(Meeting m, string v)
    {
        var voters = m.NamedAttendance ? m.Tally.Voters : m.Present;
        if (Inputs.Votes(v, voters) is not [var votesFor, var against, var abstain])
            return $"Ghi ba số: tán thành, không tán thành, không biểu quyết (ví dụ {voters} 0 0).";
        if (votesFor + against + abstain != voters)
            return $"Tổng {votesFor + against + abstain} ({votesFor} + {against} + {abstain}) khác số {(m.NamedAttendance ? "đảng viên chính thức có mặt" : "đảng viên có mặt")} {voters}.";
        (m.VotesFor, m.VotesAgainst, m.VotesAbstain) = (votesFor, against, abstain);
        return null;
    }

    /// <summary>The meeting as the resolution's draft reads it: the record with its later corrections applied.</summary>
    public static Meeting Corrected(Meeting m)
    {
        if (m.Corrections.Count == 0) return m;
        var copy = m.Copy();
        foreach (var c in m.Corrections)
            if (SectionOf(c.Key, copy, out _) is { } section) section.Set(copy, c.After);
        return copy;
    }

    public const int MaxCorrection = 2000;
    /// <summary>Corrections of approved minutes kept for one meeting.</summary>
    public const int MaxCorrections = 50;

    public void Minutes(Turn turn, string args) => Draft(turn, args, minutes: true, "biên bản");
    public void Resolution(Turn turn, string args) => Draft(turn, args, minutes: false, "nghị quyết");

    void Draft(Turn turn, string args, bool minutes, string what)
    {
        var cell = Authorizer.LedCellOrRefuse(turn, $"lập {what} của chi bộ");
        if (cell is null) return;
        var text = VnText.Clean(args);
        var folded = VnText.Fold(text);
        if (folded.StartsWith("sua"))
        {
            Correct(turn, cell, text[3..].Trim(), minutes ? "bienban" : "nghiquyet");
            return;
        }
        var meeting = MeetingOf(turn, cell, text);
        if (meeting is null) return;
        if (files is null)
        {
            turn.Say("Bot này chưa được cấu hình để ghi tệp.");
            return;
        }
        var form = turn.Templates.Get<DocumentTemplate>(FormFor(meeting.Kind, minutes));
        // The minutes are the record as approved, their corrections printed after; the resolution's draft reads the corrected record.
        var rules = turn.Templates.ProcedureFor(cell.Type).Rules;
        var draft = DocumentDraftBuilder.Fill(form, MeetingFields.Of(turn.Store, minutes ? meeting : Corrected(meeting), rules.TasksNextMonthFromDay));
        var path = files.SaveDocument($"{form.FileName}-{cell.Id}-{meeting.Date:yyyyMMdd}", draft.Model);
        var command = minutes ? "/bienban" : "/nghiquyet";
        var lines = new List<string>
        {
            $"{(minutes ? "Biên bản" : "Dự thảo nghị quyết")} buổi sinh hoạt {MeetingKinds.Label(meeting.Kind).ToLowerInvariant()} ngày {VnText.Date(meeting.Date)} " +
            $"của {cell.Name} (Word, khổ A4, mẫu {form.Id} phiên bản {form.Version}).",
        };
        if (!minutes && meeting.VotesFor + meeting.VotesAgainst + meeting.VotesAbstain > 0 && !meeting.ResolutionPassed)
            lines.Add($"Lưu ý: nghị quyết không được thông qua ({meeting.VotesFor}/{meeting.VoteBase} tán thành, chưa quá một nửa); văn bản ghi đúng như vậy.");
        if (draft.Missing.Count > 0)
            lines.Add($"Còn thiếu: {string.Join("; ", draft.Missing)} — văn bản để \"[chưa ghi: …]\" ở các chỗ đó, không tự điền. " +
                      $"Bổ sung rồi lập lại: {command} sửa <mục>: <nội dung> (ví dụ {command} sửa thời sự: …; {command} sửa nhiệm vụ: Thu quỹ khuyến học - Đ/c Hoa - 15/12; {command} sửa phụ trách 2: Đ/c Hoa).");
        else lines.Add(minutes ? "In, ký (chủ trì và thư ký) rồi lưu vào sổ biên bản của chi bộ." : "Kiểm tra, in và trình bí thư ký ban hành.");
        turn.Say(new Reply(string.Join('\n', lines), FilePath: path));
    }

    /// <summary>The latest meeting of the cell, or the one on the date given ("03/12/2026", "3/12").</summary>
    static Meeting? MeetingOf(Turn turn, Cell cell, string text)
    {
        var store = turn.Store;
        if (text == "")
        {
            var latest = store.LatestMeeting(cell.Id);
            if (latest is null) turn.Say($"{cell.Name} chưa ghi buổi sinh hoạt nào. Ghi buổi sinh hoạt bằng /sinhhoat trước.");
            return latest;
        }
        var date = Inputs.PastDate(text, turn.Now.Date);
        if (date is null)
        {
            turn.Say($"\"{Inputs.Preview(text)}\" không phải ngày. Gõ ví dụ /bienban 03/12/2026, hoặc /bienban để lấy buổi gần nhất.");
            return null;
        }
        var meeting = store.CellMeetings(cell.Id, m => m.Date.Date == date.Value.Date).OrderByDescending(m => m.RecordedAtUtc).FirstOrDefault();
        if (meeting is null) turn.Say($"{cell.Name} không có buổi sinh hoạt nào ngày {VnText.Date(date.Value)}. Xem các buổi đã ghi: /ketqua");
        return meeting;
    }

    /// <summary>A recorded text as said back: whole up to a few lines.</summary>
    static string Quote(string s) => s == "" ? "(trống)" : s.Length <= 150 ? s : s[..147] + "…";

    /// <summary>
    /// "/bienban sửa thời sự: …": before the minutes were approved, replaces a recorded section of the latest meeting;
    /// after, the record stays and a dated correction (đính chính) is added, printed with the documents. Audited either way.
    /// </summary>

    static void Correct(Turn turn, Cell cell, string rest, string command)
    {
        var colon = rest.IndexOf(':');
        if (colon <= 0)
        {
            turn.Say($"Gõ: /{command} sửa <mục>: <nội dung>, ví dụ /{command} sửa kết luận: Chi bộ thống nhất… Các mục: {Sections(MeetingKind.REGULAR)}.");
            return;
        }
        var meeting = MeetingOf(turn, cell, "");
        if (meeting is null) return;
        var section = SectionOf(rest[..colon], meeting, out var sectionError);
        if (section is null)
        {
            turn.Say(sectionError ?? $"Không có mục \"{Inputs.Preview(rest[..colon])}\". Các mục sửa được: {Sections(meeting.Kind)}.");
            return;
        }
        var (value, error) = Inputs.FreeText(rest[(colon + 1)..], MaxCorrection);
        if (value is null) { turn.Say(error!); return; }
        var current = Corrected(meeting);
        var before = section.Get(current);
        // Checked on a copy: a vote that does not add up, a task that is not one line, changes nothing.
        var trial = current.Copy();
        if (section.Set(trial, value) is { } invalid) { turn.Say(invalid); return; }
        var after = section.Get(trial);
        if (before == after)
        {
            turn.Say($"Mục {section.Label} đã là như vậy; không có gì thay đổi.");
            return;
        }
        var date = VnText.Date(meeting.Date);
        if (meeting.MinutesApproved)
        {
            // Signed corrections print with the minutes: past a real page's worth, the minutes need redoing, not more notes.
            if (meeting.Corrections.Count >= MaxCorrections)
            {
                turn.Say($"Biên bản buổi ngày {date} đã có {MaxCorrections} lần đính chính, không ghi thêm được. Nếu biên bản sai nhiều, đồng chí báo cấp ủy cấp trên để lập lại biên bản.");
                return;
            }
            meeting.Corrections.Add(new MinutesCorrection { AtUtc = turn.UtcNow, By = turn.Member!.Name, Key = section.Key, Section = section.Label, Before = before, After = after });
            // About a member: the record follows too, so the rules about people count what was corrected.
            if (section.OfPerson) section.Set(meeting, value);
            turn.Store.Meetings.Update(meeting);
            if (section.OfPerson) CellMonth.Refresh(turn.Store, turn.Templates, cell.Id, meeting.Month); // its unexcused absences
            turn.Audit("meeting.correction_note", cell.Id, $"Đính chính buổi ngày {date}, {section.Label}: \"{Quote(before)}\" → \"{Quote(after)}\"");
            turn.Say(new Reply($"Biên bản buổi ngày {date} đã được chi bộ thông qua nên không sửa thẳng vào: đã ghi đính chính ngày {VnText.Date(turn.Now)} " +
                               $"({section.Label}: \"{Quote(before)}\" → \"{Quote(after)}\"), in kèm biên bản; dự thảo nghị quyết dùng nội dung đã đính chính." +
                               (section.OfPerson ? " Điểm danh của buổi ghi theo đính chính." : "") +
                               $"{EffectNote(turn, cell, current, trial, approved: true, recorded: section.OfPerson)} Lập lại văn bản:",
                [new Choice("cmd:/bienban", "Biên bản (/bienban)"), new Choice("cmd:/nghiquyet", "Nghị quyết (/nghiquyet)")]));
            return;
        }
        var was = meeting.Copy();
        section.Set(meeting, value);
        turn.Store.Meetings.Update(meeting);
        if (meeting.DurationMinutes != was.DurationMinutes || meeting.UnexcusedAbsent != was.UnexcusedAbsent)
            CellMonth.Refresh(turn.Store, turn.Templates, cell.Id, meeting.Month); // its short meetings, its unexcused absences
        turn.Audit("meeting.corrected", cell.Id, $"Buổi ngày {date}, {section.Label}: \"{Quote(before)}\" → \"{Quote(after)}\"");
        turn.Say(new Reply($"Đã sửa phần {section.Label} (buổi ngày {date}).{EffectNote(turn, cell, was, meeting, approved: false, recorded: true)} Lập lại văn bản:",
            [new Choice("cmd:/bienban", "Biên bản (/bienban)"), new Choice("cmd:/nghiquyet", "Nghị quyết (/nghiquyet)")]));
    }
}
