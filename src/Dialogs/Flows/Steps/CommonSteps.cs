using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Flows.Steps;

/// <summary>Step kinds every flow uses: yes/no, free text, and the final summary with "save" or "edit step N".</summary>
public static class CommonSteps
{
    /// <summary>A question that also takes typed answers; the choices are suggestions.</summary>
    public static Reply Open(string text, params Choice[] suggestions) => new(text, suggestions, ChoicesOnly: false);
    /// <summary>A question answered in words, whose suggestions a typed number picks too (numbered on text channels).</summary>
    public static Reply Worded(string text, params Choice[] suggestions) => new(text, suggestions, ChoicesOnly: false, NumberedSuggestions: true);
    /// <summary>A question answered only by one of the choices (by tap, number or label).</summary>
    public static Reply Closed(string text, params Choice[] choices) => new(text, choices, ChoicesOnly: true);

    /// <summary>
    /// The same step with its summary label (and, optionally, when it applies, and its question's words adapted to the
    /// turn: <paramref name="worded"/> rewrites the text it asks).
    /// </summary>
    public static Step With(Step s, string label, Func<StepContext, bool>? applies = null, Func<StepContext, bool>? counted = null,
        Func<StepContext, string, string>? worded = null, bool? reshapes = null) => new()
    {
        Label = label, Id = s.Id, Part = s.Part, Help = s.Help, Read = s.Read, Applies = applies ?? s.Applies,
        Ask = worded is null ? s.Ask : c => Reworded(c, s.Ask(c), worded),
        AskAgain = worded is null || s.AskAgain is not { } again ? s.AskAgain : c => Reworded(c, again(c), worded),
        Counted = counted ?? s.Counted, Recheck = s.Recheck, Show = s.Show, IsConfirm = s.IsConfirm, Reshapes = reshapes ?? s.Reshapes,
    };

    static Reply Reworded(StepContext c, Reply asked, Func<StepContext, string, string> worded) => asked with { Text = worded(c, asked.Text) };

    public static Step YesNo(string id, string part, string prompt, string help, string yes = "Có", string no = "Không")
    {
        Choice[] choices = [new("yes", yes), new("no", no)];
        return new()
        {
            Id = id, Part = part, Help = help,
            Ask = _ => Closed(prompt, choices),
            Read = (_, input) =>
            {
                var choice = Inputs.Match(input, choices);
                if (choice is null && input.ChoiceKey is null)
                    choice = Inputs.YesOrNo(input.Text) is { } yes ? choices[yes ? 0 : 1]
                        : Inputs.Started(input.Text, choices) ?? Said(input.Text, prompt, choices);
                return choice is null ? new StepResult.Error($"Đồng chí chọn một trong: {Inputs.Menu(choices)}.") : new StepResult.Ok(choice.Key);
            },
            Show = (_, v) => v == "yes" ? choices[0].Label : choices[1].Label,
        };
    }

    /// <summary>
    /// "chưa họp", "không thông báo ạ" (no) and "có họp", "đã đọc và thông qua" (yes) for a question whose yes is "Đã họp",
    /// "Đã thông báo", "Đã thông qua": a yes or no word, then only words of the yes label or the question (no second
    /// negation after a yes: "đã đọc, chưa thông qua" is neither); or the yes label without its "đã", whole or its first
    /// two words ("thông qua" for "Đã thông qua, đã gửi"). "Duyệt" a draft counts as "thông qua".
    /// </summary>
    static Choice? Said(string text, string prompt, Choice[] choices)
    {
        var yes = Inputs.AnswerWords(choices[0].Label);
        var words = Approved(Inputs.WithoutSelf(Inputs.AnswerWords(text)), yes);
        if (words is [not ("co" or "da" or "khong" or "chua"), _, ..] && Inputs.YesOrNo(words[0]) == true) words = words[1..]; // "vâng, đã họp": the words after
        // The yes label without its "đã", whole or its first words ("thông qua" for "Đã thông qua, đã gửi").
        if (yes.Count > 1 && yes[0] is "da" or "co" && words.Count >= Math.Min(2, yes.Count - 1) && words.SequenceEqual(yes.Skip(1).Take(words.Count))) return choices[0];
        string[] negations = ["khong", "chua", "chang", "ko"];
        string[] fillers = ["duoc", "xong", "het", "du", "day", "roi"]; // "không dự được", "đã chuẩn bị xong", "đã thông báo hết"
        var echo = yes.Concat(Inputs.AnswerWords(prompt)).Concat(fillers).Except(negations).ToHashSet();
        var no = words.Count > 0 && words[0] is "khong" or "chua"; // "chưa duyệt, chưa gửi": negations only after a no
        if (words.Count < 2 || !words.Skip(1).All(w => echo.Contains(w) || no && negations.Contains(w))) return null;
        return words[0] switch { "khong" or "chua" => choices[1], "co" or "da" => choices[0], _ => null };
    }

    /// <summary>"duyệt", "phê duyệt" a draft are said for "thông qua" when the yes label says it ("đã duyệt rồi").</summary>
    static List<string> Approved(List<string> words, List<string> yes)
    {
        if (!yes.Contains("thong") || !yes.Contains("qua") || !words.Contains("duyet")) return words;
        var said = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] == "phe" && i + 1 < words.Count && words[i + 1] == "duyet") continue;
            if (words[i] == "duyet") said.AddRange(["thong", "qua"]);
            else said.Add(words[i]);
        }
        return said;
    }

    /// <summary>
    /// A closed menu: one of the choices (by tap, number or label; <paramref name="typed"/> reads other ways of writing
    /// one; the first words of one label, unless <paramref name="byFirstWords"/> is false: a rating of a person is never
    /// taken from "không" alone); the answer is the choice's key, shown as its label.
    /// </summary>
    public static Step Choose(string id, string part, string label, string help, Func<StepContext, string> prompt, IReadOnlyList<Choice> choices,
        Func<string, IReadOnlyList<Choice>, Choice?>? typed = null, bool byFirstWords = true) => new()
    {
        Id = id, Part = part, Label = label, Help = help,
        Ask = c => Closed(prompt(c), [.. choices]),
        Read = (_, input) => (Inputs.Match(input, choices)
                ?? (input.ChoiceKey is null ? typed?.Invoke(input.Text, choices) ?? (byFirstWords ? Inputs.Started(input.Text, choices) : null) : null)) is { } choice ? new StepResult.Ok(choice.Key)
            : new StepResult.Error($"Đồng chí chọn một trong: {Inputs.Menu(choices)}."),
        Show = (_, v) => choices.FirstOrDefault(x => x.Key == v)?.Label ?? v,
    };

    /// <summary>
    /// Free text up to maxLength; when optional, "Không có" stores an empty answer. <paramref name="minWords"/>: words
    /// with a letter it needs at least (a text printed in a signed document).
    /// </summary>
    public static Step Text(string id, string part, string prompt, string help, int maxLength, bool optional,
        Func<StepContext, IEnumerable<Choice>>? suggestions = null, int minWords = 0, IReadOnlySet<string>? otherAnswers = null)
    {
        var none = new Choice("_none", "Không có");
        var cut = new Choice(CutKey, $"Lưu phần đầu ({VnText.Number(maxLength)} ký tự)");
        var tooLong = $"{LongDraft}{id}";
        return new()
        {
            Id = id, Part = part, Help = help,
            Ask = c => Worded(prompt, [.. Offered(c)]),
            Read = (c, input) =>
            {
                if (optional && (input.ChoiceKey == none.Key || VnText.Fold(input.Text) is "khong co" or "khong")) return Kept(c, "");
                if (input.ChoiceKey == CutKey && c.Get(tooLong) is { } draft)
                {
                    var (head, rest) = CutAt(draft, maxLength);
                    return Kept(c, head, $"Đã lưu phần đầu. Phần chưa lưu ({VnText.Number(rest.Length)} ký tự), để chép sang bước khác nếu cần: «{Inputs.Preview(rest)}»");
                }
                var text = VnText.Clean(input.Text);
                if (text.Length > maxLength && VnText.HasWords(text))
                {
                    // Kept, not lost: the secretary shortens it by sending a new text, or keeps the first part.
                    c.Answers[tooLong] = text;
                    return new StepResult.Error($"Nội dung dài {VnText.Number(text.Length)} ký tự, quá giới hạn {VnText.Number(maxLength)}. Bot đã giữ bản này: " +
                                                $"đồng chí chọn \"{cut.Label}\" (phần sau cắt ra để chép sang bước khác), hoặc gửi bản tóm tắt ngắn hơn.");
                }
                var (v, e) = Inputs.FreeText(input.Text, maxLength);
                // A required part answered "không có": the record would say so as its content (a thematic meeting's topic).
                if (e is null && !optional && VnText.Fold(v!) is "khong co" or "khong" or "chua co")
                    e = "Phần này không bỏ trống được. Đồng chí gõ nội dung.";
                // "2", "5." or "..." is a choice missed or a slip, never the content asked for (minutes, a report).
                if (e is null && int.TryParse(v!.TrimEnd('.', ')'), out _) && Offered(c) is { Count: > 0 } offered)
                {
                    var shown = offered.Count + (c.Has(id) ? 1 : 0); // as shown: the flow adds "Giữ nguyên" to a step already answered
                    e = $"\"{Inputs.Preview(v)}\" không phải nội dung. " + (shown == 1 ? $"Gõ 1 để chọn \"{offered[0].Label}\"" : $"Gõ số từ 1 đến {shown} để chọn một gợi ý") +
                        ", hoặc gõ nội dung bằng chữ.";
                }
                // "Đã chuẩn bị" typed at the venue: the answer to another question of the flow (folded labels), sent a step late.
                if (e is null && otherAnswers is not null && otherAnswers.Contains(string.Join(' ', Inputs.AnswerWords(v!))))
                    e = $"\"{Inputs.Preview(v!)}\" là câu trả lời của một câu hỏi khác, không phải nội dung bước này. Đồng chí gõ nội dung cụ thể" +
                        (optional ? ", hoặc chọn \"Không có\"." : ".");
                if (e is null && !v!.Any(char.IsLetter))
                    e = $"\"{Inputs.Preview(v!)}\" không phải nội dung. Đồng chí gõ nội dung bằng chữ" + (optional ? ", hoặc chọn \"Không có\"." : ".");
                if (e is null && v!.Split(' ', '\n').Count(w => w.Any(char.IsLetter)) < minWords)
                    e = $"Phần này được in vào bản để ký: đồng chí viết rõ hơn, ít nhất một câu (từ {minWords} từ trở lên)" +
                        (optional ? ", hoặc chọn \"Không có\"." : ".");
                return e is null ? Kept(c, v!) : new StepResult.Error(e);
            },
            Show = (_, v) => v == "" ? none.Label : v,
        };

        List<Choice> Offered(StepContext c)
        {
            var offered = suggestions?.Invoke(c).ToList() ?? [];
            if (optional) offered.Add(none);
            if (c.Has(tooLong)) offered.Insert(0, cut);
            return offered;
        }

        StepResult Kept(StepContext c, string value, string? note = null)
        {
            c.Answers.Remove(tooLong);
            return new StepResult.Ok(value, note);
        }
    }

    const string CutKey = "_cut";
    /// <summary>Scratch answer holding a text over the limit until it is shortened or cut.</summary>
    const string LongDraft = "_long_";

    /// <summary>The first part of a text within the limit, ending at a sentence (or a word) where one is near; and the rest.</summary>
    public static (string Head, string Tail) CutAt(string text, int maxLength)
    {
        if (text.Length <= maxLength) return (text, "");
        var window = text[..maxLength];
        var end = window.LastIndexOfAny(['.', ';', '\n', '!', '?']);
        if (end < maxLength / 2) end = window.LastIndexOf(' ') - 1;
        if (end < maxLength / 2) end = maxLength - 1;
        return (text[..(end + 1)].Trim(), text[(end + 1)..].Trim());
    }

    /// <summary>The last step: shows the numbered summary; "Lưu" files, "Sửa một bước" then a step number goes back to it.</summary>
    public static Step Confirm(string id, string part, string help, Func<StepContext, string> summary)
    {
        Choice[] choices = [new("save", "Lưu"), new("edit", "Sửa một bước")];
        const string Editing = "_sua";
        return new()
        {
            Id = id, Part = part, Help = help, IsConfirm = true,
            Ask = c => c.Has(Editing)
                ? Open("Gõ số bước cần sửa (xem số bước trong bản tóm tắt), hoặc chọn Lưu.", choices[0])
                : Closed(summary(c), choices),
            Read = (c, input) =>
            {
                // Asked for a step, a typed number is that step (never the menu's "1. Lưu" or "2. Sửa một bước").
                if (c.Has(Editing) && input.ChoiceKey is null && Inputs.Count(input.Text, 1, 100) is ({ } n, null))
                {
                    c.Answers.Remove(Editing);
                    return c.StepByNumber(n) is { } target ? new StepResult.GoTo(target) : new StepResult.Error($"Không có bước số {n}.");
                }
                var choice = Inputs.MatchAnswer(input, choices)
                    ?? (input.ChoiceKey is null && Inputs.AnswerWords(input.Text) is ["luu", "lai" or "di" or "luon"] ? choices[0] : null); // "lưu lại"
                if (choice?.Key == "save") { c.Answers.Remove(Editing); return new StepResult.Complete(); }
                if (choice?.Key == "edit") { c.Answers[Editing] = "1"; return new StepResult.Again(); }
                return new StepResult.Error(c.Has(Editing) ? $"\"{Inputs.Preview(input.Text)}\" không phải số bước."
                    : $"Đồng chí chọn một trong: {Inputs.Menu(choices)}.");
            },
        };
    }
}
