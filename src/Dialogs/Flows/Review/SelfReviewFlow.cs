using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Flows.Review;

/// <summary>
/// /tukiemdiem — a member writes their year-end self-review (QĐ 124-QĐ/TW) section by section, then proposes their
/// level; /tukiemdiem &lt;tên&gt; lets a cell leader enter it for a member who does not use the bot. Pauses and resumes
/// like a meeting; at the end the Word form is one tap away (/bantukiemdiem).
/// </summary>
public sealed class SelfReviewFlow : StepFlow
{
    public const string CommandName = "tukiemdiem";
    public const string TemplateId = "tu-kiem-diem-dang-vien";
    public override string Command => CommandName;
    public override string Title => "viết bản tự kiểm điểm cuối năm";
    public override int Version => 1;
    const string Part = "Tự kiểm điểm";
    /// <summary>Whose review it is (the member's id) and for which year: set at the start.</summary>
    const string ForKey = "_cho";
    const string YearKey = "_nam";

    static SelfReviewTemplate Template(StepContext c) => TemplateOf<SelfReviewTemplate>(c);

    const string LeaderAction = "ghi bản tự kiểm điểm thay đảng viên";
    const string OwnHint = "Đồng chí gõ /tukiemdiem (không kèm tên) để viết bản của mình.";

    public override bool MayStart(Turn turn) => true; // every member writes their own

    public override Cell? CellFor(Turn turn, string args) => Commands.SelfReviews.Whose(turn, args, LeaderAction, OwnHint)?.Cell;

    public override void Start(Turn turn, Cell cell) => Start(turn, cell, "");

    public override void Start(Turn turn, Cell cell, string args)
    {
        var template = turn.Templates.Get<SelfReviewTemplate>(TemplateId);
        var member = Commands.SelfReviews.Whose(turn, args, LeaderAction, OwnHint)!.Value.Member; // CellFor found it
        var year = SelfReview.YearOn(turn.Now);
        var s = NewSession(turn, cell, template);
        s.Answers[ForKey] = member.Id;
        s.Answers[YearKey] = year.ToString();
        var existing = turn.Store.SelfReviews.FindById(SelfReview.KeyOf(member.Id, year));
        if (existing is not null)
            foreach (var (id, text) in existing.Sections) s.Answers[id] = text; // start from what was filed: each answer can be kept
        var whose = member.Id == turn.Member!.Id ? "của đồng chí" : $"của Đ/c {member.Name} (bí thư ghi thay)";
        Begin(turn, s,
            $"Bản tự kiểm điểm năm {year} {whose} — {template.Name} ({template.Guideline}).\n" +
            $"{template.Sections.Count} phần và mức tự xếp loại; viết ngắn gọn, mỗi phần một tin nhắn." +
            (existing is null ? "" : " Đã có bản nộp trước: chọn \"Giữ nguyên\" ở phần không đổi.") +
            "\n/tamdung tạm dừng, /tieptuc làm tiếp · /quaylai sửa phần trước · /huy hủy.");
    }

    protected override IReadOnlyList<Step> StepsOf(StepContext ctx)
    {
        var t = Template(ctx);
        var steps = t.Sections.Select(sec => CommonSteps.With(
            CommonSteps.Text(sec.Id, Part, sec.Prompt, sec.Help, t.TextMaxLength, sec.Optional, minWords: t.TextMinWords), sec.Title, worded: Whose)).ToList();
        var levels = t.Levels.Select(l => new Choice(l.Code, l.Label)).ToArray();
        steps.Add(CommonSteps.Choose("tu_xep_loai", Part, "Tự nhận mức xếp loại",
            "Mức đồng chí tự nhận; chi bộ sẽ nhận xét và đề nghị mức xếp loại tại buổi kiểm điểm (QĐ 124-QĐ/TW).",
            c => Whose(c, "Đồng chí tự nhận mức xếp loại chất lượng năm nay?"), levels, CellReviewFlow.Typed, byFirstWords: false));
        steps.Add(CommonSteps.Confirm("xac_nhan", Part, "Chọn Lưu để nộp bản tự kiểm điểm; \"Sửa một bước\" rồi gõ số phần để viết lại phần đó.",
            c => $"Bản tự kiểm điểm năm {c.Get(YearKey)} — kiểm tra trước khi nộp:\n{c.Summary()}"));
        return steps;
    }

    /// <summary>
    /// Whether this chat has <paramref name="memberId"/>'s self-review of <paramref name="year"/> under way (null: no) or
    /// set aside paused (true).
    /// </summary>
    public static bool? Writing(Turn turn, string memberId, int year)
    {
        static bool Of(DialogSession? s, string memberId, int year) =>
            s is { Flow: CommandName } && s.Answers.GetValueOrDefault(ForKey) == memberId && s.Answers.GetValueOrDefault(YearKey) == year.ToString();
        var current = turn.Session;
        if (Of(current, memberId, year)) return current!.Paused;
        return !turn.InGroup && Of(turn.Chat.Parked, memberId, year) ? true : null;
    }

    /// <summary>A leader typing another member's review: the questions name that member, not "đồng chí" (who is typing).</summary>
    static string Whose(StepContext c, string question) =>
        c.Get(ForKey) is { } id && id != c.Turn.Member?.Id && c.Turn.Store.Members.FindById(id) is { } m
            ? question.Replace("của đồng chí", $"của Đ/c {m.Name}").Replace("Đồng chí tự nhận", $"Đ/c {m.Name} tự nhận")
            : question;

    protected override (string Message, string StepId)? Complete(StepContext ctx)
    {
        var turn = ctx.Turn;
        var t = Template(ctx);
        var member = turn.Store.Members.FindById(ctx.Get(ForKey)!);
        if (member is null || member.Removed || member.CellId != ctx.Cell.Id)
        {
            ctx.Session.Finished = true;
            turn.Say("Đảng viên này không còn trong chi bộ; bản tự kiểm điểm không được lưu.");
            return null;
        }
        var year = int.Parse(ctx.Get(YearKey)!);
        var level = t.Levels.First(l => l.Code == ctx.Get("tu_xep_loai"));
        var id = SelfReview.KeyOf(member.Id, year);
        var before = turn.Store.SelfReviews.FindById(id);
        turn.Store.SelfReviews.Upsert(new SelfReview
        {
            Id = id, MemberId = member.Id, CellId = ctx.Cell.Id, CellPath = ctx.Cell.Path, Year = year,
            Sections = t.Sections.ToDictionary(s => s.Id, s => ctx.Get(s.Id) ?? ""),
            ProposedLevel = level.Code, ProposedLevelLabel = level.Label, TemplateId = t.Id, TemplateVersion = t.Version,
            EnteredBy = turn.Member!.Id, FiledAtUtc = turn.UtcNow,
        });
        var byLeader = member.Id != turn.Member.Id ? $" (bí thư {turn.Member.Name} ghi thay)" : "";
        turn.Audit(before is null ? "self_review.filed" : "self_review.updated", ctx.Cell.Id,
            $"Bản tự kiểm điểm năm {year} của Đ/c {member.Name}{byLeader}: tự nhận {level.Label}");
        ctx.Session.Finished = true;
        var whose = member.Id == turn.Member.Id ? "của đồng chí" : $"của Đ/c {member.Name}";
        var word = member.Id == turn.Member.Id ? "cmd:/bantukiemdiem" : $"cmd:/bantukiemdiem {member.Id}";
        turn.Say(new Reply(
            $"Đã nộp bản tự kiểm điểm năm {year} {whose} cho {ctx.Cell.Name}: tự nhận mức \"{level.Label}\"." +
            (before is null ? "" : " (Thay bản nộp trước.)") +
            "\nIn bản Word, ký rồi nộp chi bộ trước buổi kiểm điểm.",
            [new Choice(word, "Bản tự kiểm điểm (Word)"), new Choice("cmd:/later bantukiemdiem", "Để sau")]));
        return null;
    }
}
