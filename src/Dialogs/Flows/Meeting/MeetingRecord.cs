using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;
using TaskStatus = ChiBo.Dialogs.Domain.TaskStatus;

namespace ChiBo.Dialogs.Flows.Meeting;

/// <summary>Builds the Meeting record from a session's answers.</summary>
public static class MeetingRecord
{
    /// <summary>One task a line (or separated by ";"): "nội dung - người phụ trách - hạn" (owner and deadline optional).</summary>
    public static List<TaskItem> ParseTasks(string text) =>
        text.Split(['\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.TrimStart('-', '•', '*', '+', ' ').Trim())
            .Where(VnText.HasWords)
            .Select(line =>
            {
                var parts = line.Split([" - ", " – ", " — "], StringSplitOptions.TrimEntries);
                return new TaskItem
                {
                    Content = parts[0],
                    Owner = parts.Length > 1 && parts[1] != "" ? parts[1] : null,
                    Due = parts.Length > 2 && parts[2] != "" ? parts[2] : null,
                };
            }).ToList();

    /// <summary>
    /// The meeting the answers make now, recorded by the turn's member at the turn's time: made once per state of the
    /// answers (the proposed score reads it, then the filing stores the same). Shared: read it, never change it.
    /// </summary>
    public static Domain.Meeting Of(StepContext c, ProcedureTemplate p) =>
        c.FromAnswers(x => Build(x, p, x.Turn.Member?.Id ?? "", x.Turn.UtcNow));

    public static Domain.Meeting Build(StepContext c, ProcedureTemplate p, string recordedBy, DateTime nowUtc)
    {
        var date = DateTime.Parse(c.Get("ngay")!);
        var kind = Enum.Parse<MeetingKind>(c.Get("loai")!);
        // Only the steps of this kind of meeting: an answer given before the kind was changed is not part of it.
        var asked = c.Applicable.Select(s => s.Id).ToHashSet();
        string? Get(string id) => asked.Contains(id) ? c.Get(id) : null;
        int Int(string id) => int.TryParse(Get(id), out var n) ? n : 0;
        var votes = c.Get("bieu_quyet")!.Split(' ').Select(int.Parse).ToArray();
        var review = Get("kiem_diem") ?? "";
        var start = Inputs.Time(c.Get("gio_bat_dau")!)!.Value;
        var end = Inputs.Time(c.Get("gio_ket_thuc")!)!.Value;
        var previous = MeetingSteps.Facts(c).PreviousTasks;
        var tally = MeetingSteps.TallyOf(c);
        var extra = c.Applicable.Where(s => !MeetingSteps.Required.ContainsKey(s.Id) && c.Has(s.Id))
            .ToDictionary(s => s.Id, s => c.Answers[s.Id]);
        return new Domain.Meeting
        {
            Id = LiteDB.ObjectId.NewObjectId().ToString(),
            CellId = c.Cell.Id,
            CellPath = c.Cell.Path,
            Month = Summaries.Period.KeyOf(date),
            Date = date,
            Kind = kind,
            Topic = kind == MeetingKind.EXTRAORDINARY ? Get("van_de") : MeetingKinds.IsThematic(kind) ? Get("chuyen_de") : null,
            Presenter = Get("nguoi_trinh_bay") ?? "",
            TopicApproved = Get("duyet_chuyen_de") == "yes",
            Venue = c.Get("dia_diem")!,
            CommitteeMet = c.Get("hop_chi_uy") == "yes",
            DraftPrepared = c.Get("du_thao") == "yes",
            NoticeSent = c.Get("thong_bao") == "yes",
            Documents = Enum.Parse<DocumentsAhead>(c.Get("tai_lieu")!),
            StartTime = c.Get("gio_bat_dau")!,
            Guests = c.Get("dai_bieu") ?? "",
            Attendance = MeetingSteps.AttendanceOf(c) ?? [],
            Summoned = tally.Summoned,
            Present = tally.Present,
            ExcusedAbsent = tally.Excused,
            UnexcusedAbsent = tally.Unexcused,
            AbsenceNotes = tally.Summoned > tally.Present ? c.Get("ly_do_vang") ?? "" : "",
            Chair = c.Get("chu_tri")!,
            MinuteTaker = c.Get("thu_ky")!,
            AgendaApproved = c.Get("chuong_trinh") == "yes",
            News = Get("thoi_su") ?? "",
            ReviewSummary = review.StartsWith("text:") ? review[5..] : "",
            Review = review.StartsWith("items:")
                ? review[6..].Split('|').Select((s, i) => new ReviewItem { Task = previous.ElementAtOrDefault(i)?.Content ?? "", Status = Enum.Parse<TaskStatus>(s) }).ToList()
                : [],
            MonthAssessment = Get("danh_gia_thang") ?? "",
            NextTasks = ParseTasks(Get("nhiem_vu") ?? ""),
            Speakers = Int("so_phat_bieu"),
            Discussion = Int("so_phat_bieu") > 0 ? Get("y_kien") ?? "" : "",
            Conclusion = Get("ket_luan") ?? "",
            Purpose = Get("muc_dich") ?? "",
            Presentation = Get("trinh_bay") ?? Get("bt_trinh_bay") ?? "",
            TopicSpeakers = Int("cd_so_phat_bieu"),
            TopicDiscussion = Int("cd_so_phat_bieu") > 0 ? Get("cd_y_kien") ?? "" : "",
            TopicConclusion = Get("cd_ket_luan") ?? "",
            VotesFor = votes[0],
            VotesAgainst = votes[1],
            VotesAbstain = votes[2],
            MinutesApproved = c.Get("bien_ban") == "yes",
            EndTime = c.Get("gio_ket_thuc")!,
            DurationMinutes = end - start,
            Extra = extra,
            TemplateId = p.Id,
            TemplateVersion = p.Version,
            RecordedBy = recordedBy,
            RecordedAtUtc = nowUtc,
        };
    }

    /// <summary>"21/24 có mặt (87,5%), 112 phút, nghị quyết thông qua 20/21."</summary>
    public static string Figures(Domain.Meeting m, ProcedureTemplate p, Cell? cell)
    {
        var min = p.Rules.MinimumFor(cell, m.Kind);
        var duration = ChiBo.Rules.MeetingRules.LongEnough(m.DurationMinutes, min) ? $"{m.DurationMinutes} phút" : $"{m.DurationMinutes} phút (chưa đủ {min})";
        var vote = m.ResolutionPassed ? $"nghị quyết thông qua {m.VotesFor}/{m.VoteBase}" : $"nghị quyết không được thông qua ({m.VotesFor}/{m.VoteBase})";
        return $"{m.Present}/{m.Summoned} có mặt ({VnText.Percent(m.AttendanceRate)}), {duration}, {vote}";
    }

    public static string KeyFigures(StepContext c, ProcedureTemplate p)
    {
        if (!c.Has("gio_ket_thuc") || !c.Has("bieu_quyet")) return "";
        var start = Inputs.Time(c.Get("gio_bat_dau")!)!.Value;
        var end = Inputs.Time(c.Get("gio_ket_thuc")!)!.Value;
        var votes = c.Get("bieu_quyet")!.Split(' ').Select(int.Parse).ToArray();
        var tally = MeetingSteps.TallyOf(c);
        var m = new Domain.Meeting
        {
            Kind = Enum.Parse<MeetingKind>(c.Get("loai")!), Attendance = MeetingSteps.AttendanceOf(c) ?? [],
            Present = tally.Present, Summoned = tally.Summoned, DurationMinutes = end - start, VotesFor = votes[0],
        };
        return Figures(m, p, c.Cell) + ".";
    }
}
