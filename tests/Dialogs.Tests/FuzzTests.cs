using System.Text.RegularExpressions;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Storage;
using CsCheck;
using LiteDB;

namespace ChiBo.Dialogs.Tests;

/// <summary>
/// Random and hostile input at every step of every flow (the meeting, its evaluation, the practice quiz), in the
/// private chat and as commands in the group: no unhandled error, a Vietnamese reply every time, and a rejected
/// input changes nothing. The normal suite runs a short sample; CHIBO_FUZZ_INPUTS=100000 runs the long one
/// (bench/README.md).
/// </summary>
public sealed partial class FuzzTests
{
    static int PerStep(int steps) =>
        int.TryParse(Environment.GetEnvironmentVariable("CHIBO_FUZZ_INPUTS"), out var total) && total > 0 ? Math.Max(1, total / steps) : 20;

    /// <summary>What a hostile or clumsy user might send.</summary>
    public abstract record Input;
    public sealed record Typed(string Text) : Input;
    public sealed record Tapped(string Data) : Input;
    public sealed record Sticker : Input;
    public sealed record InGroup(string Text) : Input;

    static readonly string[] Hostile =
    [
        "", " ", "\n\n\n", new string('a', 10_000), new string('9', 400), "\u0000\u0001\u001b[31m\u007f", "\u202e\u200b\ufeff", "١٢٣", "𝟙𝟚𝟛", "😀😀🎉",
        "-1", "-0", "0", "99999999999999999999", "1e10", "NaN", "3.5", "1,5", "½", "/", "//", "/ ", "/sinhhoat@KhacBot", "/huy thêm chữ", "/quaylai",
        "/tamdung", "/tieptuc", "/trogiup", "/ketqua", "/moi quantri", "/dangvien minh xoa", "/nhap abc", "/bienban sửa kết luận: x", "<script>alert(1)</script>",
        "' OR 1=1 --", "{\"a\":1}", "Thường kỳ\u200b", "THƯỜNG KỲ", "thuong ky", "1.", " 2 ", "@Bot 2", "31/02/2026", "32/13/2026", "25:61", "24:00", "00:00",
        "5 0 0", "-5 0 0", "100 100 100", "a - b - c", ";;;;", "Có", "không", "Lưu", "Sửa", "Hủy bỏ", "Đã họp", "ŠČŘ Ωμέγα Кириллица 中文 العربية",
        "/lichhop 29/02", "/lichhop 31/11, 25:99 vì", "/lichhop chuyên đề 01/01/0001 00:00", "/lichhop bất thường 99/99/9999: x", "/lichhop hủy 1/1/1",
        "/lichhop thứ 9 đầu tiên", "/lichhop chủ nhật thứ 5", "/lichhop thu 7 cuoi cung luc 99h", "/lichhop dời sang 0/0", "/lichhop " + new string('4', 300) + "/12",
    ];

    static readonly Gen<Input> Inputs = Gen.Frequency(
        (4, Gen.OneOf(Hostile.Select(Gen.Const).ToArray()).Select(t => (Input)new Typed(t))),
        (3, Gen.String.Select(t => (Input)new Typed(t))),
        (2, Gen.Int[-1_000_000, 1_000_000].Select(n => (Input)new Typed(n.ToString()))),
        (2, Gen.OneOf(Gen.Select(Gen.Int[-5, 200], Gen.Int[-3, 40], (a, b) => $"{a}:{b}"), Gen.String,
            Gen.OneOf(Gen.Const("cmd:/moi quantri"), Gen.Const("cmd:/dangvien minh xoa"), Gen.Const("cmd:/"), Gen.Const("cancel:yes"), Gen.Const("cancel:no"))).Select(d => (Input)new Tapped(d))),
        (1, Gen.Const((Input)new Sticker())),
        (1, Gen.OneOf(Gen.OneOf(Hostile.Select(Gen.Const).ToArray()), Gen.Const("/sinhhoat"), Gen.Const("/danhgia"), Gen.Const("/hoithi luyện"), Gen.Const("/baocao"), Gen.Const("/vang"))
            .Select(t => (Input)new InGroup(t.StartsWith('/') ? t : "/" + t))));

    [GeneratedRegex("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđÀ-Ỹ]")]
    private static partial Regex Vietnamese();

    sealed class Snapshot(ChiBoStore store, string chatKey)
    {
        readonly BsonDocument? _chat = store.Db.GetCollection("chat_states").FindById(chatKey);
        readonly Dictionary<string, HashSet<BsonValue>> _ids = Collections.ToDictionary(c => c, c => store.Db.GetCollection(c).FindAll().Select(d => d["_id"]).ToHashSet());
        static readonly string[] Collections = ["meetings", "evaluations", "cell_months", "invites", "rsvps", "members", "group_chats"];

        /// <summary>The chat's task as it was (kept in the chat's state).</summary>
        public BsonDocument? Session => SessionIn(_chat);

        public static BsonDocument? SessionIn(BsonDocument? chat) => chat?["Session"] is { IsDocument: true } s ? s.AsDocument : null;

        /// <summary>Puts the chat back as it was and removes records the input created.</summary>
        public void Restore()
        {
            store.InTransaction(() =>
            {
                Put("chat_states", _chat);
                foreach (var (name, ids) in _ids)
                {
                    var c = store.Db.GetCollection(name);
                    foreach (var id in c.FindAll().Select(d => d["_id"]).Where(id => !ids.Contains(id)).ToList()) c.Delete(id);
                }
            });
            store.ForgetCached(); // raw documents were written around the typed collections
        }

        void Put(string collection, BsonDocument? doc)
        {
            var c = store.Db.GetCollection(collection);
            if (doc is null) c.Delete(chatKey);
            else c.Upsert(doc);
        }
    }

    /// <summary>Walks a conversation with good answers; before each, throws a sample of bad ones at that step.</summary>
    static async Task WalkAsync(TestStore t, string user, IReadOnlyList<string> good)
    {
        var seq = 0;
        var chatKey = $"{DemoData.Channel}:{user}";
        var groupChat = $"nhom-{t.Store.Members.FindById(user)!.CellId}";
        var perStep = PerStep(good.Count);
        for (var step = 0; step < good.Count; step++)
        {
            if (step > 0)
            {
                var before = new Snapshot(t.Store, chatKey);
                Inputs.Sample(input =>
                {
                    before.Restore();
                    t.Replies(user);
                    t.Replies(groupChat);
                    var update = input switch
                    {
                        Typed x => new IncomingUpdate(DemoData.Channel, $"f{++seq}", user, ChatKind.Private, user, user, x.Text),
                        Tapped x => new IncomingUpdate(DemoData.Channel, $"f{++seq}", user, ChatKind.Private, user, user, null, x.Data, "1", "tin cũ"),
                        InGroup x => new IncomingUpdate(DemoData.Channel, $"f{++seq}", groupChat, ChatKind.Group, user, user, x.Text),
                        _ => new IncomingUpdate(DemoData.Channel, $"f{++seq}", user, ChatKind.Private, user, user, null),
                    };
                    t.Pipeline.HandleAsync(update).GetAwaiter().GetResult();
                    if (t.Log.Errors.Count > 0) throw new Exception($"Turn failed at step {step} ({good[step - 1]} → ?) on {Describe(input)}: {t.Log.Errors[0]}");
                    var replies = t.Replies(input is InGroup ? groupChat : user);
                    if (replies.Count == 0) throw new Exception($"No reply at step {step} to {Describe(input)}");
                    foreach (var r in replies)
                        if (r.Trim() == "" || !Vietnamese().IsMatch(r)) throw new Exception($"Not a Vietnamese reply at step {step} to {Describe(input)}: \"{r}\"");
                    var after = Snapshot.SessionIn(t.Store.Db.GetCollection("chat_states").FindById(chatKey));
                    // A rejected input (the step did not move) leaves the answers as they were; keys starting with "_" are the flow's own bookkeeping (a pending "Sửa").
                    if (before.Session is { } s && after is not null && s["Step"] == after["Step"] && Recorded(s) != Recorded(after))
                        throw new Exception($"Rejected input changed the answers at step {s["Step"]}: {Describe(input)}: {Recorded(s)} → {Recorded(after)}");
                }, iter: perStep, threads: 1, seed: null);
                before.Restore();
                t.Replies(user);
                t.Replies(groupChat);
            }
            await t.Pipeline.HandleAsync(new IncomingUpdate(DemoData.Channel, $"g{step}", user, ChatKind.Private, user, user, good[step]));
            Assert.Empty(t.Log.Errors);
        }
    }

    static string Recorded(BsonDocument session) =>
        string.Join(";", session["Answers"].AsDocument.Where(kv => !kv.Key.StartsWith('_')).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));

    static string Describe(Input input) => input switch
    {
        Typed x => $"text \"{(x.Text.Length > 60 ? x.Text[..60] + "…" : x.Text)}\" ({x.Text.Length} chars)",
        Tapped x => $"button \"{x.Data}\"",
        InGroup x => $"group \"{x.Text}\"",
        _ => "sticker",
    };

    [Fact]
    public async Task Every_step_of_a_meeting_and_its_evaluation_survives_hostile_input()
    {
        using var t = new TestStore();
        var demo = File.ReadAllLines(Path.Combine(Scripts.Root, "demo", "sinh-hoat-va-cham-diem.txt")).Where(l => l.Trim() != "").ToList();
        await WalkAsync(t, "an", demo);
        Assert.Equal(1, t.Store.Meetings.Count(m => m.RecordedBy == "an"));
        Assert.Equal(1, t.Store.Evaluations.Count());
        // The meeting steps share each cell's roster objects from turn to turn (ChiBoStore.CellRoster): none changed one.
        // (A rolled-back turn drops them: a last clean turn of the meeting steps uses the ones compared below.)
        await t.Pipeline.HandleAsync(t.Private("an", "/sinhhoat"));
        Assert.Empty(t.Log.Errors);
        var stored = t.Store.Db.GetCollection("members");
        foreach (var cell in t.Store.Cells.FindAll())
            foreach (var m in t.Store.InTransaction(() => t.Store.CellRoster(cell.Id)))
                Assert.Equal(stored.FindById(m.Id).ToString(), t.Store.Db.Mapper.ToDocument(m).ToString());
    }

    [Fact]
    public async Task Every_question_of_the_practice_quiz_survives_hostile_input()
    {
        using var t = new TestStore();
        await WalkAsync(t, "minh", ["/hoithi luyện", .. Enumerable.Repeat("1", 10)]);
        Assert.Null(t.Store.SessionOf("console:minh"));
    }

    static class Scripts
    {
        public static string Root { get; } = Find();
        static string Find()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "ChiBo.Bot.sln"))) return dir.FullName;
            throw new InvalidOperationException("ChiBo.Bot.sln not found");
        }
    }
}
