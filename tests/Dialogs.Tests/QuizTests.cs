using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Flows;
using ChiBo.Dialogs.Quiz;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChiBo.Dialogs.Tests;

public sealed class QuizTests
{
    static QuizTemplate Bank => TestStore.Templates.Get<QuizTemplate>(QuizFlow.BankId);

    [Fact]
    public void The_bank_has_at_least_40_sourced_questions_each_with_one_right_answer()
    {
        Assert.True(Bank.Questions.Count >= 40, $"{Bank.Questions.Count} questions");
        Assert.Equal(Bank.Questions.Count, Bank.Questions.Select(q => q.Id).Distinct().Count());
        foreach (var q in Bank.Questions)
        {
            Assert.InRange(q.Answer, 1, q.Choices.Count);
            Assert.Equal(q.Choices.Count, q.Choices.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            // Users read the source: a document and its article, never the project's notes or their keys.
            Assert.False(QuizBank.CitesProjectNotes(q.Source) || QuizBank.CitesProjectNotes(q.Explanation), $"{q.Id}: {q.Source}");
            Assert.False(string.IsNullOrWhiteSpace(q.Explanation), q.Id);
            Assert.DoesNotContain("09-HD", q.Question + q.Explanation + q.Source); // HD 09 was replaced by 12-HD
        }
        Assert.Equal("Điều lệ Đảng (2011), Điều 21", Bank.Questions.Single(q => q.Id == "dieu-le-toi-thieu").Source);
        Assert.Contains("có thể bầu phó bí thư", Bank.Questions.Single(q => q.Id == "dieu-le-chi-uy").Question);
        // One province's rule is marked as such.
        Assert.Equal("Phú Thọ", Bank.Questions.Single(q => q.Id == "thang-diem-to-chuc").Local);
        Assert.Equal("", Bank.Questions.Single(q => q.Id == "hd42-thoi-luong").Local);
        // The right answer is not always in the same place.
        Assert.True(Bank.Questions.Select(q => q.Answer).Distinct().Count() >= 3);
    }

    [Fact]
    public void A_bank_with_a_question_without_a_valid_answer_or_source_is_refused_with_its_line()
    {
        var yaml = """
            id: hong
            kind: quiz
            name: Hỏng
            guideline: thử
            version: "1"
            round_size: 1
            questions:
              - id: a
                topic: T
                question: Hỏi?
                choices: [Một, Hai]
                answer: 3
                explanation: Vì vậy.
                source: Điều 1
            """;
        var ex = Assert.Throws<TemplateException>(() => TemplateCatalog.Parse("hong.yaml", yaml));
        Assert.Contains("câu a: answer phải là số thứ tự của một lựa chọn (1–2)", ex.Message);
        Assert.Contains("hong.yaml", ex.Message);
        var noSource = Assert.Throws<TemplateException>(() => TemplateCatalog.Parse("hong.yaml", yaml.Replace("answer: 3", "answer: 1").Replace("source: Điều 1", "source: \"\"")));
        Assert.Contains("cần explanation và source", noSource.Message);
        var notes = Assert.Throws<TemplateException>(() => TemplateCatalog.Parse("hong.yaml", yaml.Replace("answer: 3", "answer: 1").Replace("source: Điều 1", "source: Điều 1 — domain.md §1.4, nguồn S13")));
        Assert.Contains("không ghi tài liệu nội bộ của dự án", notes.Message);
        // The procedure's step labels in the project's notes ("Bước N1") mean nothing to a secretary either.
        var label = Assert.Throws<TemplateException>(() => TemplateCatalog.Parse("hong.yaml", yaml.Replace("answer: 3", "answer: 1").Replace("explanation: Vì vậy.", "explanation: \"Bước N1: thời sự.\"")));
        Assert.Contains("không ghi tài liệu nội bộ của dự án", label.Message);
    }

    sealed class Quiz : IDisposable
    {
        public readonly TestStore T = new();
        public readonly TurnPipeline Pipeline;
        int _seq;

        public Quiz(int seed) =>
            Pipeline = new TurnPipeline(T.Store, TestStore.Templates, new Router([new QuizFlow(new Random(seed))]), T.Clock, NullLogger<TurnPipeline>.Instance);

        public async Task<List<string>> SayAsync(string text)
        {
            await Pipeline.HandleAsync(new IncomingUpdate(DemoData.Channel, $"q{++_seq}", "minh", ChatKind.Private, "minh", "minh", text));
            return T.Replies("minh");
        }

        public DialogSession? Session => T.Store.SessionOf("console:minh");
        public void Dispose() => T.Dispose();
    }

    [Fact]
    public async Task A_round_asks_ten_different_questions_explains_the_misses_and_names_the_weakest_topics()
    {
        using var quiz = new Quiz(seed: 3);
        var start = await quiz.SayAsync("/hoithi luyện");
        Assert.StartsWith($"Luyện thi \"Bí thư chi bộ giỏi\": 10 câu trắc nghiệm từ ngân hàng {Bank.Questions.Count} câu", start[0]);
        Assert.StartsWith("Câu 1/10 — ", start[1]);
        var ids = quiz.Session!.Answers["_cau"].Split(',');
        Assert.Equal(10, ids.Distinct().Count());
        var questions = ids.Select(id => Bank.Questions.Single(q => q.Id == id)).ToList();

        Assert.StartsWith("Đồng chí chọn một trong: 1. ", (await quiz.SayAsync("9"))[0]); // out of range: asked again, nothing recorded
        Assert.Equal("0", quiz.Session!.Answers["_so"]);

        var replies = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var q = questions[i];
            var answer = i < 7 ? q.Answer : q.Answer % q.Choices.Count + 1; // the last three wrong
            var text = i == 0 ? q.Choices[answer - 1].ToUpperInvariant() : answer.ToString(); // words work too
            replies.AddRange(await quiz.SayAsync(text));
        }
        Assert.StartsWith($"✔ Đúng. {questions[0].Explanation}", replies[0]);
        var miss = questions[7];
        Assert.Contains(replies, r => r.StartsWith($"✘ Chưa đúng. Đáp án: {miss.Answer}. {miss.Choices[miss.Answer - 1]}. {miss.Explanation} (Nguồn: {miss.Source})"));
        var result = replies[^1];
        Assert.Contains("Kết quả: 7/10 câu đúng.", result);
        var missedTopics = questions.Skip(7).Select(q => q.Topic).Distinct().ToList();
        Assert.All(missedTopics.Take(3), topic => Assert.Contains(topic, result));
        Assert.Null(quiz.Session); // the round is over
    }

    [Fact]
    public async Task Going_back_is_refused_politely_and_cancelling_keeps_nothing()
    {
        using var quiz = new Quiz(seed: 5);
        await quiz.SayAsync("/hoithi luyen");
        var back = await quiz.SayAsync("/quaylai");
        Assert.StartsWith("Trong vòng luyện không quay lại câu trước được", back[0]);
        Assert.Contains("Câu 1/10", back[0]);
        await quiz.SayAsync("/huy");
        Assert.StartsWith("Đã hủy luyện thi Bí thư chi bộ giỏi.", (await quiz.SayAsync("Hủy bỏ"))[0]);
        Assert.Null(quiz.Session);
    }
}
