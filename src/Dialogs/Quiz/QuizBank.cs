using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Quiz;

/// <summary>Checks a question bank when the templates load: every question answerable from its choices and sourced.</summary>
public static partial class QuizBank
{
    public static void Validate(QuizTemplate q)
    {
        TemplateRules.Require(q, q.RoundSize is >= 1 and <= 50, q.Line, "round_size: từ 1 đến 50 câu.");
        TemplateRules.Require(q, q.Questions.Count >= q.RoundSize, q.Line, $"ngân hàng cần ít nhất {q.RoundSize} câu (round_size), đang có {q.Questions.Count}.");
        var ids = new HashSet<string>();
        foreach (var x in q.Questions)
        {
            TemplateRules.Require(q, x.Id != "" && ids.Add(x.Id), x.Line, $"câu hỏi cần \"id\" riêng (\"{x.Id}\" trùng hoặc trống).");
            TemplateRules.Require(q, x.Topic != "" && x.Question != "", x.Line, $"câu {x.Id}: cần topic và question.");
            TemplateRules.Require(q, x.Choices.Count is >= 2 and <= 5, x.Line, $"câu {x.Id}: cần 2–5 lựa chọn.");
            TemplateRules.Require(q, x.Choices.All(c => c.Trim() != "") && x.Choices.Select(VnText.Fold).Distinct().Count() == x.Choices.Count, x.Line,
                $"câu {x.Id}: các lựa chọn phải khác nhau và không trống.");
            TemplateRules.Require(q, x.Answer >= 1 && x.Answer <= x.Choices.Count, x.Line, $"câu {x.Id}: answer phải là số thứ tự của một lựa chọn (1–{x.Choices.Count}).");
            TemplateRules.Require(q, x.Explanation != "" && x.Source != "", x.Line, $"câu {x.Id}: cần explanation và source (văn bản, điều khoản).");
            TemplateRules.Require(q, !CitesProjectNotes(x.Source) && !CitesProjectNotes(x.Explanation), x.Line,
                $"câu {x.Id}: nguồn chỉ ghi văn bản và điều, mục mà người dùng tra được — không ghi tài liệu nội bộ của dự án (domain.md, khóa S1, R4…).");
        }
    }

    /// <summary>
    /// A reference to the project's own notes (their file, sections, source keys, or the labels of the procedure's steps
    /// there: "Bước N1", "M5"), which users cannot look up.
    /// </summary>
    public static bool CitesProjectNotes(string text) => text.Contains(".md") || text.Contains('§') || ProjectKey().IsMatch(text);

    [System.Text.RegularExpressions.GeneratedRegex(@"\b[SR]\d+[a-z]?\b|\b[MNK]\d\b")]
    private static partial System.Text.RegularExpressions.Regex ProjectKey();
}
