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
public sealed class MeetingPapers(IReportFiles? files)
{
    public const string MinutesForm = "bien-ban-sinh-hoat";
    public const string ResolutionForm = "nghi-quyet-chi-bo";

    /// <summary>The texts that can be corrected by chat: folded name → label, read, write.</summary>
    static readonly (string[] Names, string Label, Func<Meeting, string> Get, Action<Meeting, string> Set)[] Correctable =
    [
        (["chu tri", "chutri"], "người chủ trì", m => m.Chair, (m, v) => m.Chair = v),
        (["thu ky", "thuky"], "thư ký", m => m.MinuteTaker, (m, v) => m.MinuteTaker = v),
        (["dia diem", "diadiem"], "địa điểm", m => m.Venue, (m, v) => m.Venue = v),
        (["dai bieu", "khach", "khach moi"], "đại biểu dự", m => m.Guests, (m, v) => m.Guests = v),
        (["vang", "ly do vang"], "ghi chú về đảng viên vắng", m => m.AbsenceNotes, (m, v) => m.AbsenceNotes = v),
        (["thoi su", "thoisu"], "thông tin thời sự", m => m.News, (m, v) => m.News = v),
        (["kiem diem", "kiemdiem"], "kiểm điểm nhiệm vụ tháng trước", m => m.ReviewSummary, (m, v) => m.ReviewSummary = v),
        (["danh gia", "danhgia"], "đánh giá kết quả tháng", m => m.MonthAssessment, (m, v) => m.MonthAssessment = v),
        (["thao luan", "thaoluan"], "nội dung thảo luận", m => m.Discussion, (m, v) => m.Discussion = v),
        (["ket luan", "ketluan"], "kết luận của chủ trì", m => m.Conclusion, (m, v) => m.Conclusion = v),
        (["chu de", "chude"], "chuyên đề", m => m.Topic ?? "", (m, v) => m.Topic = v),
    ];

    public const int MaxCorrection = 2000;

    public void Minutes(Turn turn, string args) => Draft(turn, args, MinutesForm, "biên bản");
    public void Resolution(Turn turn, string args) => Draft(turn, args, ResolutionForm, "nghị quyết");

    void Draft(Turn turn, string args, string formId, string what)
    {
        var cell = Authorizer.LedCellOrRefuse(turn, $"lập {what} của chi bộ");
        if (cell is null) return;
        var text = VnText.Clean(args);
        var folded = VnText.Fold(text);
        if (folded.StartsWith("sua"))
        {
            Correct(turn, cell, text[3..].Trim(), formId == MinutesForm ? "bienban" : "nghiquyet");
            return;
        }
        var meeting = MeetingOf(turn, cell, text);
        if (meeting is null) return;
        if (files is null)
        {
            turn.Say("Bot này chưa được cấu hình để ghi tệp.");
            return;
        }
        var form = turn.Templates.Get<DocumentTemplate>(formId);
        var draft = DocumentDraftBuilder.Fill(form, MeetingFields.Of(turn.Store, meeting));
        var path = files.SaveDocument($"{form.FileName}-{cell.Id}-{meeting.Date:yyyyMMdd}", draft.Model);
        var command = formId == MinutesForm ? "/bienban" : "/nghiquyet";
        var lines = new List<string>
        {
            $"{(formId == MinutesForm ? "Biên bản" : "Dự thảo nghị quyết")} buổi sinh hoạt {MeetingKinds.Label(meeting.Kind).ToLowerInvariant()} ngày {VnText.Date(meeting.Date)} " +
            $"của {cell.Name} (Word, khổ A4, mẫu {form.Id} phiên bản {form.Version}).",
        };
        if (formId == ResolutionForm && meeting.VotesFor + meeting.VotesAgainst + meeting.VotesAbstain > 0 && !meeting.ResolutionPassed)
            lines.Add($"Lưu ý: nghị quyết không được thông qua ({meeting.VotesFor}/{meeting.VoteBase} tán thành, chưa quá một nửa); văn bản ghi đúng như vậy.");
        if (draft.Missing.Count > 0)
            lines.Add($"Còn thiếu: {string.Join(", ", draft.Missing)} — văn bản để \"[chưa ghi: …]\" ở các chỗ đó, không tự điền. " +
                      $"Bổ sung rồi lập lại: {command} sửa <mục>: <nội dung> (ví dụ {command} sửa thời sự: …).");
        else lines.Add(formId == MinutesForm ? "In, ký (chủ trì và thư ký) rồi lưu vào sổ biên bản của chi bộ." : "Kiểm tra, in và trình bí thư ký ban hành.");
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
        var date = Inputs.Date(text, turn.Now.Date);
        if (date is null)
        {
            turn.Say($"\"{Inputs.Preview(text)}\" không phải ngày. Gõ ví dụ /bienban 03/12/2026, hoặc /bienban để lấy buổi gần nhất.");
            return null;
        }
        var meeting = store.Meetings.Find(m => m.CellId == cell.Id).Where(m => m.Date.Date == date.Value.Date).OrderByDescending(m => m.RecordedAtUtc).FirstOrDefault();
        if (meeting is null) turn.Say($"{cell.Name} không có buổi sinh hoạt nào ngày {VnText.Date(date.Value)}. Xem các buổi đã ghi: /ketqua");
        return meeting;
    }

    /// <summary>"/bienban sửa thời sự: …": replaces one recorded text of the latest meeting.</summary>
    static void Correct(Turn turn, Cell cell, string rest, string command)
    {
        var colon = rest.IndexOf(':');
        var names = string.Join(", ", Correctable.Select(c => c.Names[0]));
        if (colon <= 0)
        {
            turn.Say($"Gõ: /{command} sửa <mục>: <nội dung>, ví dụ /{command} sửa kết luận: Chi bộ thống nhất… Các mục: {names}.");
            return;
        }
        var field = VnText.Fold(rest[..colon]);
        var value = rest[(colon + 1)..].Trim();
        var target = Correctable.FirstOrDefault(c => c.Names.Contains(field));
        if (target.Label is null)
        {
            turn.Say($"Không có mục \"{Inputs.Preview(rest[..colon])}\". Các mục sửa được: {names}.");
            return;
        }
        var (ok, error) = Inputs.FreeText(value, MaxCorrection);
        if (ok is null)
        {
            turn.Say(error!);
            return;
        }
        var meeting = MeetingOf(turn, cell, "");
        if (meeting is null) return;
        var before = target.Get(meeting);
        if (before == ok)
        {
            turn.Say($"Mục {target.Label} đã là như vậy; không có gì thay đổi.");
            return;
        }
        target.Set(meeting, ok);
        turn.Store.Meetings.Update(meeting);
        turn.Audit("meeting.corrected", cell.Id,
            $"Buổi ngày {VnText.Date(meeting.Date)}, {target.Label}: \"{Inputs.Preview(before)}\" → \"{Inputs.Preview(ok)}\"");
        turn.Say(new Reply($"Đã sửa {target.Label} của buổi ngày {VnText.Date(meeting.Date)}. Lập lại văn bản:",
            [new Choice("cmd:/bienban", "Biên bản (/bienban)"), new Choice("cmd:/nghiquyet", "Nghị quyết (/nghiquyet)")]));
    }
}
