using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Quiz;

/// <summary>
/// /hoithi luyện — a practice round for the "Bí thư chi bộ giỏi" contest: questions drawn from the bank without
/// repeats, each answered by number or words and told right or wrong with the explanation and source, then the
/// score and the weakest topics. Anyone may practise; nothing is recorded but the session.
/// </summary>
public sealed class QuizFlow(Random? random = null) : IFlow
{
    public const string BankId = "hoi-thi-cau-hoi";
    readonly Random _random = random ?? Random.Shared;

    public string Command => "luyenthi";
    public string Title => "luyện thi Bí thư chi bộ giỏi";
    public int Version => 1;

    const string Questions = "_cau";
    const string Index = "_so";

    /// <summary>The quiz needs no cell; the member's own (or none) is kept on the session.</summary>
    public Cell? CellFor(Turn turn, string args) =>
        turn.Member!.CellId is { } id && turn.Store.Cells.FindById(id) is { } cell ? cell : new Cell();

    public void Start(Turn turn, Cell cell)
    {
        var bank = turn.Templates.Get<QuizTemplate>(BankId);
        var picked = bank.Questions.OrderBy(_ => _random.Next()).Take(bank.RoundSize).Select(q => q.Id).ToList();
        var session = new DialogSession
        {
            Id = turn.ChatKey, Flow = Command, FlowVersion = Version, TemplateId = bank.Id, TemplateVersion = bank.Version, MemberId = turn.Member!.Id,
            CellId = cell.Id, StartedAtUtc = turn.UtcNow, UpdatedAtUtc = turn.UtcNow, Step = "q0",
        };
        session.Answers[Questions] = string.Join(',', picked);
        session.Answers[Index] = "0";
        turn.SetSession(session);
        turn.Say($"Luyện thi \"Bí thư chi bộ giỏi\": {picked.Count} câu trắc nghiệm từ ngân hàng {bank.Questions.Count} câu ({bank.Name}, phiên bản {bank.Version}). " +
                 "Trả lời bằng số thứ tự (1, 2…), chữ cái (A, B…) hoặc nội dung đáp án. /huy để dừng.");
        Ask(turn, session);
    }

    static List<string> Picked(DialogSession s) => s.Answers[Questions].Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
    static int At(DialogSession s) => int.Parse(s.Answers[Index]);

    static QuizQuestion? Current(Turn turn, DialogSession s)
    {
        var ids = Picked(s);
        var at = At(s);
        return at < ids.Count ? turn.Templates.Get<QuizTemplate>(BankId).Questions.FirstOrDefault(q => q.Id == ids[at]) : null;
    }

    static List<Choice> ChoicesOf(QuizQuestion q) => q.Choices.Select((c, i) => new Choice((i + 1).ToString(), c)).ToList();

    void Ask(Turn turn, DialogSession s, string? preface = null)
    {
        var q = Current(turn, s);
        if (q is null)
        {
            Finish(turn, s, "Ngân hàng câu hỏi vừa được cập nhật nên vòng luyện dừng ở đây.");
            return;
        }
        turn.Say(new Reply($"{(preface is null ? "" : preface + "\n")}Câu {At(s) + 1}/{Picked(s).Count} — {q.Topic}{(q.Local == "" ? "" : $" (quy định, cách làm của {q.Local}; nơi khác có thể khác)")}\n{q.Question}", ChoicesOf(q)));
    }

    public void Handle(Turn turn, DialogSession s, UserInput input)
    {
        var q = Current(turn, s);
        if (q is null)
        {
            Finish(turn, s, "Ngân hàng câu hỏi vừa được cập nhật nên vòng luyện dừng ở đây.");
            return;
        }
        var choices = ChoicesOf(q);
        var chosen = Inputs.Match(input, choices) ?? Lettered(input, choices);
        if (chosen is null)
        {
            turn.Say(new Reply($"Đồng chí chọn một trong: {Inputs.Menu(choices)}.", choices));
            return;
        }
        var right = chosen.Key == q.Answer.ToString();
        var at = At(s);
        s.Answers[$"a{at}"] = chosen.Key;
        var feedback = right
            ? $"✔ Đúng. {q.Explanation}"
            : $"✘ Chưa đúng. Đáp án: {q.Answer}. {q.Choices[q.Answer - 1]}. {q.Explanation} (Nguồn: {q.Source})";
        s.Answers[Index] = (at + 1).ToString();
        s.Step = $"q{at + 1}";
        if (at + 1 < Picked(s).Count) Ask(turn, s, feedback);
        else Finish(turn, s, feedback);
    }

    /// <summary>"A", "b.", "C)": an answer by its letter, as on a paper test (A is the first).</summary>
    static Choice? Lettered(UserInput input, List<Choice> choices)
    {
        if (input.ChoiceKey is not null) return null;
        var t = input.Text.Trim().TrimEnd('.', ')').Trim();
        if (t.Length != 1 || !char.IsAsciiLetter(t[0])) return null;
        var i = char.ToLowerInvariant(t[0]) - 'a';
        return i < choices.Count ? choices[i] : null;
    }

    /// <summary>The score, what was missed and the topics to study.</summary>
    static void Finish(Turn turn, DialogSession s, string preface)
    {
        var bank = turn.Templates.Get<QuizTemplate>(BankId).Questions.ToDictionary(q => q.Id);
        var answered = Picked(s).Select((id, i) => (Q: bank.GetValueOrDefault(id), Given: s.Answers.GetValueOrDefault($"a{i}")))
            .Where(x => x.Q is not null && x.Given is not null).ToList();
        var right = answered.Count(x => x.Given == x.Q!.Answer.ToString());
        var weak = answered.GroupBy(x => x.Q!.Topic)
            .Select(g => (Topic: g.Key, Wrong: g.Count(x => x.Given != x.Q!.Answer.ToString()), Total: g.Count()))
            .Where(t => t.Wrong > 0).OrderByDescending(t => (double)t.Wrong / t.Total).ThenByDescending(t => t.Wrong).ThenBy(t => t.Topic).Take(3).ToList();
        var lines = new List<string> { preface, "", $"Kết quả: {right}/{answered.Count} câu đúng." };
        lines.Add(weak.Count == 0 ? "Đồng chí trả lời đúng tất cả. Rất tốt!" : "Chủ đề cần ôn thêm: " + string.Join("; ", weak.Select(w => $"{w.Topic} (sai {w.Wrong}/{w.Total})")) + ".");
        lines.Add("Luyện vòng khác: /hoithi luyện");
        s.Finished = true;
        turn.Say(string.Join('\n', lines));
    }

    public void Back(Turn turn, DialogSession s) =>
        Ask(turn, s, "Trong vòng luyện không quay lại câu trước được; đáp án đã được giải thích ngay sau mỗi câu.");

    public void Reprompt(Turn turn, DialogSession s, string? preface = null) => Ask(turn, s, preface);

    public string Help(Turn turn, DialogSession s) =>
        "Chọn đáp án đúng: gõ số thứ tự (1, 2, 3…) hoặc chữ của đáp án. Sau mỗi câu bot cho biết đúng hay sai, kèm giải thích và nguồn.";

    public string Position(Turn turn, DialogSession s) => $"câu {Math.Min(At(s) + 1, Picked(s).Count)}/{Picked(s).Count}";
}
