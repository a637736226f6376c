using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Flows.Joining;

/// <summary>
/// /gioithieu — a newcomer who joined with a shared code (not a record made for them) gives their full name and status;
/// the cell's leaders are told and confirm (/dangvien &lt;tên&gt; xacnhan). Until then the record says "tự khai".
/// Started by itself right after such a join; may be run again until a leader confirms.
/// </summary>
public sealed class IntroductionFlow : StepFlow
{
    public const string CommandName = "gioithieu";
    public override string Command => CommandName;
    public override string Title => "giới thiệu bản thân với chi bộ";
    public override int Version => 1;
    const string Part = "Giới thiệu";

    public override bool MayStart(Turn turn) => turn.Member is { SelfDeclared: true, CellId: not null };

    public override Cell? CellFor(Turn turn, string args)
    {
        var member = turn.Member!;
        var cell = member.CellId is null ? null : turn.Store.Cells.FindById(member.CellId);
        if (cell is not null && MayStart(turn)) return cell;
        turn.Say(cell is null
            ? "Lệnh /gioithieu dành cho đảng viên vừa vào chi bộ bằng mã mời."
            : $"Hồ sơ của đồng chí ở {cell.Name} đã được xác nhận; muốn sửa, đồng chí báo bí thư chi bộ.");
        return null;
    }

    public override void Start(Turn turn, Cell cell) =>
        Begin(turn, NewSession(turn, cell, null),
            $"Để {cell.Name} ghi đúng hồ sơ, đồng chí cho biết họ tên và tình trạng đảng viên (2 câu hỏi). Bí thư chi bộ sẽ xác nhận.");

    static readonly Choice[] Statuses = [new("Full", "Chính thức"), new("Probationary", "Dự bị")];
    /// <summary>Scratch answer: a name typed without diacritics once, taken if typed the same again.</summary>
    const string Undotted = "_khong_dau";

    protected override IReadOnlyList<Step> StepsOf(StepContext ctx) =>
    [
        new Step
        {
            Id = "ho_ten", Part = Part, Label = "Họ và tên",
            Help = "Họ và tên đầy đủ, có dấu, như trong hồ sơ đảng viên. Ví dụ: Nguyễn Thị Lan.",
            Ask = c => CommonSteps.Open($"Họ và tên đầy đủ của đồng chí (có dấu)?" +
                (VnText.DisplayName(c.Turn.Update.UserName) is { Length: > 0 } shown ? $" (tên trên ứng dụng: {shown})" : "")),
            Read = (c, input) =>
            {
                var name = VnText.DisplayName(input.Text);
                if (name.Split(' ').Length < 2 || !name.All(ch => char.IsLetter(ch) || ch is ' ' or '-' or '\''))
                    return new StepResult.Error("Đồng chí ghi đủ họ và tên, chỉ gồm chữ (ví dụ: Nguyễn Thị Lan).");
                if (name.Length > 80) return new StepResult.Error("Họ tên dài quá 80 ký tự.");
                // Asked "có dấu": a name with none is asked once more (records and minutes print it); typed the same again, it stands.
                if (name.All(char.IsAscii) && c.Get(Undotted) != VnText.Fold(name))
                {
                    c.Answers[Undotted] = VnText.Fold(name);
                    return new StepResult.Error($"Họ tên \"{Inputs.Preview(name)}\" chưa có dấu. Đồng chí gõ lại có dấu (ví dụ: Nguyễn Thị Lan) để hồ sơ, biên bản ghi đúng; " +
                                                "nếu tên đúng là không dấu, gõ lại y như vậy.");
                }
                c.Answers.Remove(Undotted);
                return new StepResult.Ok(VnText.TitleCase(name)); // "trần văn mười" → "Trần Văn Mười"
            },
        },
        CommonSteps.Choose("tinh_trang", Part, "Tình trạng",
            "Đảng viên dự bị: kết nạp chưa đủ 12 tháng và chưa có quyết định công nhận chính thức.",
            _ => "Đồng chí là đảng viên chính thức hay dự bị?", Statuses),
        CommonSteps.Confirm("xac_nhan", Part, "Chọn Lưu để gửi cho bí thư chi bộ xác nhận, hoặc Sửa một bước.",
            c => $"Kiểm tra trước khi gửi:\n{c.Summary()}"),
    ];

    protected override (string Message, string StepId)? Complete(StepContext ctx)
    {
        var turn = ctx.Turn;
        var member = turn.Store.Members.FindById(turn.Member!.Id) ?? throw new InvalidOperationException("Member not found.");
        var before = member.Name;
        member.Name = ctx.Get("ho_ten")!;
        member.Status = Enum.Parse<MemberStatus>(ctx.Get("tinh_trang")!);
        turn.Store.Members.Update(member);
        turn.Member = member;
        var status = Commands.Members.StatusLabel(member.Status);
        turn.Audit("member.introduced", ctx.Cell.Id, $"Đ/c {member.Name} (trước là \"{before}\") tự khai: đảng viên {status}");
        ctx.Session.Finished = true;
        var confirm = new Choice($"cmd:/dangvien {member.Id} xacnhan", "Xác nhận"); // a notice button carries its command: within 64 bytes
        // A namesake already on the roster (or someone giving a leader's name): said, and commands name the newcomer by id.
        var roster = turn.Store.CellMembers(ctx.Cell.Id);
        var handle = Commands.Members.Handle(member, roster);
        var namesake = handle == member.Id
            ? $"\n⚠ Chi bộ đã có đồng chí cùng họ tên {member.Name}: kiểm tra kỹ trước khi xác nhận; trong lệnh, gõ mã {member.Id} thay cho tên." : "";
        turn.TellLeaders(ctx.Cell, new Reply(
            $"Đ/c {member.Name} vừa vào {ctx.Cell.Name} bằng mã mời và tự khai: đảng viên {status}. Đồng chí xác nhận nếu đúng; " +
            $"nếu sai, sửa bằng /dangvien {handle} chinhthuc | duby, hoặc /dangvien {handle} xoa.{namesake}", [confirm], Notice: true));
        turn.Say($"Cảm ơn đồng chí. Đã ghi: {member.Name}, đảng viên {status} ({ctx.Cell.Name}); bí thư chi bộ sẽ xác nhận. Gõ /trogiup để xem những việc bot giúp được.");
        return null;
    }
}
