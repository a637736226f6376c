using System.Text.Json;
using System.Text.Json.Serialization;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;
using ChiBo.Rules;

namespace ChiBo.Dialogs.Flows.Meeting;

/// <summary>
/// Roll call from the cell's roster (kind: attendance). The list is numbered; the secretary types who was absent
/// ("vắng 6 có lý do ốm; 3 không lý do"), taps members (each tap: có mặt → vắng có lý do → vắng không lý do) or
/// "Tất cả có mặt". Exempt members are not summoned unless marked present; people attending temporarily from
/// another unit are added with "tạm thời: Họ tên". A cell without a roster on the bot gives the four counts instead.
/// </summary>
public static class AttendanceStep
{
    /// <summary>The list being marked, before the step is answered (a scratch value).</summary>
    const string Draft = "_diem_danh";
    /// <summary>Set while asking the reasons of those absent with a reason.</summary>
    const string AskingReasons = "_diem_danh_ly_do";
    const string CountsPrefix = "counts:";
    /// <summary>Above this many people the list gets no per-member buttons (typing numbers is quicker).</summary>
    const int MaxButtons = 20;
    /// <summary>An absence's reason at most (as the minutes print it).</summary>
    public const int ReasonMax = 200;
    const int MaxTemporary = 50;

    static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    static readonly Choice All = new("_all", "Tất cả có mặt");
    static readonly Choice Finish = new("_done", "Xong");
    static readonly Choice[] Reasons = [.. AbsenceReasons.AtRollCall.Select(r => new Choice(r, r))];

    /// <summary>The attendance list an answer holds; null for a meeting given as counts.</summary>
    public static List<Attendee>? ListOf(string? answer) =>
        IsList(answer) ? JsonSerializer.Deserialize<List<Attendee>>(answer!, Json) : null;

    /// <summary>The answer is an attendance list (not counts), without reading it.</summary>
    public static bool IsList(string? answer) => answer is not null && !answer.StartsWith(CountsPrefix);

    static string Store(List<Attendee> list) => JsonSerializer.Serialize(list, Json);

    /// <summary>The figures of the session's attendance: from the list, the counts answer, or (older template) the count steps.</summary>
    public static Tally TallyOf(StepContext c, string stepId)
    {
        var answer = c.Get(stepId);
        if (answer is null)
        {
            // A procedure of before 12/2026: separate count steps, everyone present votes.
            var present = c.Int("co_mat");
            return new Tally(c.Int("trieu_tap"), present, c.Int("vang_co_ly_do"), c.Int("vang_khong_ly_do"), 0, 0, present, present);
        }
        if (answer.StartsWith(CountsPrefix))
        {
            var n = answer[CountsPrefix.Length..].Split(' ').Select(int.Parse).ToArray();
            return new Tally(n[0], n[1], n[2], n[3], 0, 0, n[1], n[1]);
        }
        // Every step's condition asks for the figures: the list is read once per turn for each answer it had.
        return c.FromAnswer(answer, list => Tally.Of(ListOf(list)!.Select(a => a.Seat)));
    }

    public static Step Create(StepTemplate t, ProcedureTemplate p) => new()
    {
        Id = t.Id, Part = t.Part, Help = t.Help,
        Ask = c => Ask(c, t),
        AskAgain = c => Ask(c, t, again: true),
        Read = (c, input) => Read(c, t, p, input),
        Show = (_, v) => Show(v),
    };

    static List<Attendee> Current(StepContext c, string stepId) =>
        ListOf(c.Get(Draft)) ?? ListOf(c.Get(stepId)) ?? Commands.Transfers.AttendanceList(c.Turn.Store, c.Cell,
            Attendee.FromRoster(MeetingSteps.Facts(c).Roster, c.Cell.Id, MeetingSteps.Day(c)));

    /// <param name="again">After a wrong answer: the list just above is unchanged, so it is not repeated.</param>
    static Reply Ask(StepContext c, StepTemplate t, bool again = false)
    {
        var list = Current(c, t.Id);
        if (list.Count == 0)
            return CommonSteps.Open("Chi bộ chưa có danh sách đảng viên trên hệ thống (thêm bằng /dangvien hoặc /nhap). " +
                                    "Đồng chí gõ bốn số: triệu tập, có mặt, vắng có lý do, vắng không lý do (ví dụ 24 21 2 1).");
        if (c.Has(AskingReasons) && list.FirstOrDefault(NeedsReason) is { } who)
            return CommonSteps.Worded($"Lý do vắng của đồng chí {who.Name}?", Reasons);
        var members = list.Count(a => !a.Temporary);
        var exempt = list.Count(a => !a.Temporary && a.Status == MemberStatus.Exempt && !a.Suspended);
        var suspended = list.Count(a => !a.Temporary && a.Suspended);
        var notSummoned = string.Join(", ", new[] { exempt > 0 ? $"{exempt} miễn sinh hoạt" : "", suspended > 0 ? $"{suspended} đình chỉ sinh hoạt đảng, không triệu tập" : "" }.Where(x => x != ""));
        var choices = new List<Choice> { list.Any(a => a.Presence is Presence.Excused or Presence.Unexcused) || c.Has(Draft) ? Finish : All };
        if (list.Count <= MaxButtons)
            choices.AddRange(list.Select((a, i) => new Choice($"_m{i}", $"{i + 1}. {a.Name}")));
        if (again)
            return CommonSteps.Open($"{t.Prompt}\nĐồng chí gõ lại người vắng theo số thứ tự trong danh sách ở trên hoặc tên, " +
                                    $"ví dụ \"{Example(list)}\"" + (list.Count <= MaxButtons ? "; hoặc bấm tên từng người, rồi \"Xong\"." : "."), [.. choices]);
        var lines = list.Select((a, i) => $"{i + 1}. {a.Name}{StatusNote(a, c.Cell.Id, c)}{PresenceNote(a)}");
        var text = $"{t.Prompt}\nDanh sách chi bộ: {members} đảng viên" + (notSummoned != "" ? $" ({notSummoned})" : "") + $"{MeetingSteps.RsvpNote(c)}:\n" +
                   string.Join('\n', lines) +
                   $"\nGõ người vắng theo số thứ tự hoặc tên, ví dụ \"{Example(list)}\"" +
                   (exempt > 0 ? $"; đảng viên miễn sinh hoạt có đến dự: \"{list.FindIndex(a => !a.Temporary && a.Status == MemberStatus.Exempt && !a.Suspended) + 1} có mặt\"" : "") +
                   "; người sinh hoạt tạm thời: \"tạm thời: Họ tên\"." +
                   (list.Count <= MaxButtons ? " Hoặc bấm tên từng người (mỗi lần bấm: vắng có lý do → vắng không lý do → có mặt), rồi \"Xong\"." : "");
        return CommonSteps.Open(text, [.. choices]);
    }

    static bool NeedsReason(Attendee a) => a.Presence == Presence.Excused && a.Reason == "";

    /// <summary>
    /// "vắng 6 có lý do ốm; 3 không lý do" with numbers of members summoned on this list (the last one, and one from the
    /// middle), so a copied example never marks an exempt or suspended member, nor a number the list does not have.
    /// </summary>
    static string Example(IReadOnlyList<Attendee> list, bool both = true)
    {
        var summoned = list.Select((a, i) => (a, Number: i + 1))
            .Where(x => !x.a.Temporary && !x.a.AwayTemporarily && !x.a.Suspended && x.a.Status != MemberStatus.Exempt).Select(x => x.Number).ToList();
        if (summoned.Count == 0) return "vắng 1 có lý do ốm";
        var (last, middle) = (summoned[^1], summoned[(summoned.Count - 1) / 2]);
        return both && middle != last ? $"vắng {last} có lý do ốm; {middle} không lý do" : $"vắng {last} có lý do ốm";
    }

    static string StatusNote(Attendee a, string cellId, StepContext c)
    {
        var notes = new List<string>();
        if (a.MemberId is { } id && MeetingSteps.Facts(c).Roster.FirstOrDefault(m => m.Id == id) is { } m)
        {
            if (m.Has(Role.Secretary, cellId)) notes.Add("bí thư");
            else if (m.Has(Role.Deputy, cellId)) notes.Add("phó bí thư");
        }
        if (a.Status == MemberStatus.Probationary) notes.Add("dự bị");
        if (a.Status == MemberStatus.Exempt) notes.Add("miễn sinh hoạt");
        if (a.Suspended) notes.Add("đình chỉ sinh hoạt đảng");
        if (a.Temporary) notes.Add("sinh hoạt tạm thời");
        return notes.Count == 0 ? "" : $" ({string.Join(", ", notes)})";
    }

    static string PresenceNote(Attendee a) => a.Presence switch
    {
        Presence.Excused => a.Reason == "" ? " — vắng có lý do" : $" — vắng có lý do: {a.Reason}",
        Presence.Unexcused => " — vắng không lý do",
        Presence.Present when a.Status == MemberStatus.Exempt => " — có đến dự",
        _ => "",
    };

    static StepResult Read(StepContext c, StepTemplate t, ProcedureTemplate p, UserInput input)
    {
        var list = Current(c, t.Id);
        if (list.Count == 0) return ReadCounts(c, p, input.Text);
        if (c.Has(AskingReasons) && list.FirstOrDefault(NeedsReason) is { } who)
        {
            var reason = Reasons.FirstOrDefault(r => r.Key == input.ChoiceKey)?.Key ?? input.Text;
            // A number is a suggestion's (picked before this when in range), never a reason.
            if (input.ChoiceKey is null && int.TryParse(reason.Trim().TrimEnd('.', ')'), out _))
                return new StepResult.Error($"Gõ số từ 1 đến {Reasons.Length} để chọn lý do, hoặc gõ lý do bằng chữ.");
            var (v, e) = Inputs.FreeText(reason, ReasonMax);
            if (e is not null) return new StepResult.Error(e);
            if (AbsenceReasons.Typed(v!) is not { Length: > 0 } why) return new StepResult.Error($"Đồng chí gõ lý do vắng của Đ/c {who.Name}, ví dụ \"ốm\", \"đi công tác\".");
            who.Reason = why;
            return Settle(c, t, p, list);
        }
        if (input.ChoiceKey == All.Key || (input.ChoiceKey is null && VnText.Fold(input.Text) is "tat ca co mat" or "du" or "co mat du" or "khong ai vang" or "khong vang"))
        {
            foreach (var a in list.Where(a => !a.Temporary && !a.AwayTemporarily && !a.Suspended))
                (a.Presence, a.Reason) = (a.Status == MemberStatus.Exempt && a.Presence != Presence.Present ? Presence.NotSummoned : Presence.Present, "");
            return Settle(c, t, p, list);
        }
        if (input.ChoiceKey == Finish.Key || (input.ChoiceKey is null && VnText.Fold(input.Text) is "xong" or "het" or "xong roi"))
            return Settle(c, t, p, list);
        if (input.ChoiceKey is { } key && key.StartsWith("_m") && int.TryParse(key[2..], out var index) && index >= 0 && index < list.Count)
        {
            var a = list[index];
            if (a.Suspended) return new StepResult.Again(NotSummonedWhileSuspended(a));
            a.Presence = Next(a);
            if (a.Presence != Presence.Excused) a.Reason = "";
            c.Answers[Draft] = Store(list);
            return new StepResult.Again($"{a.Name}:{PresenceNote(a) switch { "" => " có mặt", var shown => shown.TrimStart(' ', '—') }}.");
        }
        var (error, count) = Marks.Apply(list, input.Text);
        if (error is not null) return new StepResult.Error(error);
        var t2 = Tally.Of(list.Select(a => a.Seat));
        if (count is { } n && n != t2.Present)
            return new StepResult.Error($"Theo danh sách, có mặt {t2.Present} đảng viên của chi bộ, đồng chí gõ {n} (chênh {Math.Abs(n - t2.Present)}). " +
                                        $"Đồng chí ghi rõ ai vắng, ví dụ \"{Example(list, both: false)}\".");
        return Settle(c, t, p, list);
    }

    static string NotSummonedWhileSuspended(Attendee a) =>
        $"Đ/c {a.Name} đang bị đình chỉ sinh hoạt đảng: không triệu tập, không ghi có mặt hay vắng.";

    static Presence Next(Attendee a) => a.Status == MemberStatus.Exempt
        ? a.Presence == Presence.Present ? Presence.NotSummoned : Presence.Present
        : a.Presence switch { Presence.Present => Presence.Excused, Presence.Excused => Presence.Unexcused, _ => Presence.Present };

    /// <summary>Asks the missing reasons one by one, then stores the list.</summary>
    static StepResult Settle(StepContext c, StepTemplate t, ProcedureTemplate p, List<Attendee> list)
    {
        if (!list.Any(a => !a.Temporary && a.Presence == Presence.Present))
            return new StepResult.Error("Theo danh sách thì không đảng viên nào của chi bộ có mặt: không có buổi sinh hoạt để ghi. " +
                                        "Đồng chí kiểm tra lại (gõ \"1 có mặt\" để sửa từng người, hoặc chọn \"Tất cả có mặt\" rồi ghi lại người vắng).");
        if (list.Any(NeedsReason))
        {
            c.Answers[Draft] = Store(list);
            c.Answers[AskingReasons] = "1";
            return new StepResult.Again();
        }
        c.Answers.Remove(Draft);
        c.Answers.Remove(AskingReasons);
        return new StepResult.Ok(Store(list), Note(Tally.Of(list.Select(a => a.Seat)), list, p));
    }

    static StepResult ReadCounts(StepContext c, ProcedureTemplate p, string text)
    {
        var n = Inputs.Numbers(text);
        if (n is null || n.Length != 4)
            return new StepResult.Error("Cần bốn số: triệu tập, có mặt, vắng có lý do, vắng không lý do (ví dụ 24 21 2 1).");
        if (n[0] == 0) return new StepResult.Error("Số triệu tập phải từ 1 trở lên.");
        if (n[1] + n[2] + n[3] != n[0])
            return new StepResult.Error($"Có mặt {n[1]} + vắng có lý do {n[2]} + vắng không lý do {n[3]} = {n[1] + n[2] + n[3]}, khác số triệu tập {n[0]} " +
                                        $"(chênh {Math.Abs(n[0] - n[1] - n[2] - n[3])}). Đồng chí nhập lại.");
        var tally = new Tally(n[0], n[1], n[2], n[3], 0, 0, n[1], n[1]);
        return new StepResult.Ok(CountsPrefix + string.Join(' ', n), Note(tally, null, p));
    }

    /// <summary>"Có mặt 5/6 (83,3%), trong đó 1 dự bị (không biểu quyết)." with the guideline's checks.</summary>
    public static string Note(Tally t, List<Attendee>? list, ProcedureTemplate p)
    {
        var threshold = p.Rules.AttendanceThresholdPercent;
        var rate = MeetingRules.AttendanceRate(t.Present, t.Summoned);
        var lines = new List<string>();
        var head = $"Có mặt {t.Present}/{t.Summoned} ({VnText.Percent(rate)})";
        if (t.ProbationaryPresent > 0) head += $", trong đó {t.ProbationaryPresent} dự bị (không biểu quyết)";
        if (t.TemporaryPresent > 0) head += $"; thêm {t.TemporaryPresent} đồng chí sinh hoạt tạm thời";
        lines.Add(head + ".");
        if (list is not null)
        {
            var excused = list.Where(a => !a.Temporary && a.Presence == Presence.Excused).Select(a => $"{a.Name} ({a.Reason})").ToList();
            var unexcused = list.Where(a => !a.Temporary && a.Presence == Presence.Unexcused).Select(a => a.Name).ToList();
            if (excused.Count > 0) lines.Add($"Vắng có lý do: {string.Join("; ", excused)}.");
            if (unexcused.Count > 0) lines.Add($"Vắng không lý do: {string.Join(", ", unexcused)}.");
            // Marked absent or not, an exempt member who did not come is not summoned: said, so "vắng 6" on one is not taken for an absence.
            var exempt = list.Where(a => !a.Temporary && !a.Suspended && a.Status == MemberStatus.Exempt && a.Presence == Presence.NotSummoned).Select(a => a.Name).ToList();
            if (exempt.Count > 0) lines.Add($"Miễn sinh hoạt, không phải dự (không tính vắng): {string.Join(", ", exempt)}.");
        }
        if (!MeetingRules.AttendanceMet(t.Present, t.Summoned, threshold))
            lines.Add($"⚠ Tỷ lệ dự chưa đạt yêu cầu trên {threshold}% (12-HD/BTCTW).");
        else if (t.Unexcused > 0)
            lines.Add($"⚠ Trên ngưỡng {threshold}%, nhưng có {t.Unexcused} đảng viên vắng không lý do: tiêu chí tỷ lệ dự họp sẽ không đạt tối đa.");
        else lines.Add($"✔ Trên ngưỡng {threshold}%.");
        if (MeetingRules.FewPresent(t))
            lines.Add($"⚠ Chỉ {t.Voters}/{t.Counted} đảng viên chính thức được tính có mặt, chưa tới một nửa: nghị quyết khó đạt quá một nửa (QĐ 24-QĐ/TW, mục 9.3).");
        return string.Join('\n', lines);
    }

    static string Show(string v)
    {
        if (v.StartsWith(CountsPrefix))
        {
            var n = v[CountsPrefix.Length..].Split(' ');
            return $"triệu tập {n[0]}, có mặt {n[1]}, vắng có lý do {n[2]}, vắng không lý do {n[3]}";
        }
        var list = ListOf(v)!;
        var t = Tally.Of(list.Select(a => a.Seat));
        var absent = list.Where(a => !a.Temporary && a.Presence is Presence.Excused or Presence.Unexcused)
            .Select(a => a.Presence == Presence.Excused ? $"{a.Name} (có lý do)" : $"{a.Name} (không lý do)").ToList();
        return $"có mặt {t.Present}/{t.Summoned}" + (t.ProbationaryPresent > 0 ? $" ({t.ProbationaryPresent} dự bị)" : "") +
               (absent.Count > 0 ? "; vắng: " + string.Join(", ", absent) : "; không ai vắng") +
               (t.TemporaryPresent > 0 ? $"; {t.TemporaryPresent} sinh hoạt tạm thời" : "");
    }

    /// <summary>
    /// Words that open with how someone was absent or present, as the roll call reads them: "kld", "không phép" →
    /// unexcused; "cld", "có lý do, đi làm xa" → excused, with what follows ("đi làm xa"). Null when they open otherwise.
    /// </summary>
    public static (Presence Presence, string After)? Qualified(string text) => Marks.Leading(text);

    /// <summary>Reads what the secretary typed into marks on the list (all or nothing).</summary>
    static class Marks
    {
        static readonly (string[] Words, Presence Presence)[] Qualifiers =
        [
            (["khong", "ly", "do"], Presence.Unexcused), (["khong", "co", "ly", "do"], Presence.Unexcused), (["kld"], Presence.Unexcused),
            (["khong", "phep"], Presence.Unexcused), (["khong", "bao", "cao"], Presence.Unexcused),
            (["co", "ly", "do"], Presence.Excused), (["cld"], Presence.Excused), (["co", "phep"], Presence.Excused),
            (["co", "mat"], Presence.Present), (["den", "du"], Presence.Present), (["co", "den"], Presence.Present),
        ];

        public static (string? Error, int? PresentCount) Apply(List<Attendee> list, string text)
        {
            var copy = list.Select(a => a.Clone()).ToList();
            int? count = null;
            var segments = VnText.Clean(text).Split(['\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (segments.Length == 0) return ($"Đồng chí chưa nhập gì. Gõ người vắng, ví dụ \"{Example(list, both: false)}\", hoặc chọn \"Tất cả có mặt\".", null);
            foreach (var segment in segments)
            {
                var (error, n) = Segment(copy, segment);
                if (error is not null) return (error, null);
                count = n ?? count;
            }
            list.Clear();
            list.AddRange(copy);
            return (null, count);
        }

        static string Word(string w) => VnText.Fold(w).Trim(',', '.', ':', '(', ')', '-', '–');

        static (string?, int?) Segment(List<Attendee> list, string segment)
        {
            var words = segment.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var folded = words.Select(Word).ToArray();
            // "tạm thời: Nguyễn Văn Bảo"
            if (folded.Length >= 2 && folded[0] == "tam" && folded[1] == "thoi")
            {
                var name = string.Join(' ', words.Skip(2)).Trim(':', ' ', '-');
                var (v, e) = Inputs.FreeText(name, 100);
                if (e is not null || !VnText.HasWords(name)) return ("Sau \"tạm thời:\" gõ họ tên người sinh hoạt tạm thời, ví dụ \"tạm thời: Nguyễn Văn Bảo\".", null);
                if (list.Any(a => a.Temporary && VnText.Fold(a.Name) == VnText.Fold(v!))) return (null, null);
                if (list.Count(a => a.Temporary) >= MaxTemporary) return ($"Tối đa {MaxTemporary} người sinh hoạt tạm thời trong một buổi.", null);
                list.Add(new Attendee { Name = v!, Status = MemberStatus.Full, Presence = Presence.Present, Temporary = true });
                return (null, null);
            }
            var (at, length, presence) = FindQualifier(folded);
            if (at < 0 && NobodyOnTheList(list, words) is { } nobody) return (nobody, null); // "vắng 9", "vắng Hùng": who, before why
            if (at < 0)
                return (WhyNotSaid(list, segment, words) ?? $"Chưa rõ \"{Inputs.Preview(segment)}\": đồng chí ghi \"có lý do\" hoặc \"không lý do\", ví dụ \"{Example(list).Replace("; ", "\" hoặc \"")}\".", null);
            // "vắng 3 có lý do ốm, 5 không lý do": a second group after a comma is read as its own segment.
            var (next, _, _) = FindQualifier(folded[(at + length)..]);
            string? rest = null;
            var end = words.Length;
            if (next >= 0)
            {
                // The boundary: the last word ending with a comma (or "và") from the qualifier's last word to the next group.
                var comma = Array.FindLastIndex(words, at + length + next - 1, next + 1, w => w.EndsWith(',') || Word(w) is "va");
                if (comma < 0)
                    return ($"\"{Inputs.Preview(segment)}\" có hai nhóm: đồng chí tách bằng dấu chấm phẩy, ví dụ \"{Example(list)}\".", null);
                end = Word(words[comma]) == "va" ? comma : comma + 1;
                rest = string.Join(' ', words.Skip(comma + 1));
            }
            var targets = words.Take(at).ToList();
            while (targets.Count > 0 && Word(targets[0]) is "vang" or "") targets.RemoveAt(0);
            if (targets.Count > 0 && Word(targets[^1]) == "vang") targets.RemoveAt(targets.Count - 1);
            var after = string.Join(' ', words.Take(end).Skip(at + length)).Trim(' ', ':', '-', '–', '(', ')', ',');
            if (targets.Count == 0)
            {
                // "có mặt 6": a count to check against the list.
                if (presence == Presence.Present && Inputs.Numbers(after) is [var n]) return (null, n);
                return ($"Chưa rõ ai trong \"{Inputs.Preview(segment)}\": gõ số thứ tự hoặc tên trước \"có lý do\"/\"không lý do\".", null);
            }
            var people = new List<Attendee>();
            foreach (var part in string.Join(' ', targets).Split([',', '+', '&'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                         .SelectMany(p => System.Text.RegularExpressions.Regex.Split(p, @"\s+(?:và|va)\s+", System.Text.RegularExpressions.RegexOptions.IgnoreCase)))
            {
                var (found, error) = Resolve(list, part);
                if (error is not null) return (error, null);
                people.AddRange(found);
            }
            if (presence != Presence.Excused && after != "" && presence != Presence.Present)
                after = ""; // "3 không lý do" takes no reason; words after it are ignored
            if (people.FirstOrDefault(a => a.Suspended) is { } suspended) return (NotSummonedWhileSuspended(suspended), null);
            foreach (var a in people.Distinct())
            {
                if (a.Temporary && presence != Presence.Present)
                {
                    list.Remove(a); // a temporary attendee marked absent was added by mistake
                    continue;
                }
                a.Presence = a.Status == MemberStatus.Exempt && presence != Presence.Present ? Presence.NotSummoned : presence;
                a.Reason = a.Presence == Presence.Excused ? AbsenceReasons.Typed(after.Length > ReasonMax ? after[..ReasonMax] : after) : "";
            }
            return rest is null ? (null, null) : Segment(list, rest);
        }

        /// <summary>
        /// "vắng Thu ốm, Tuấn": who is meant is clear (numbers on the list, given names of one person each), whether with a
        /// reason is not; asks that of them by name, with an example made of their numbers and the words left (the reason).
        /// Null when the words name nobody that way.
        /// </summary>
        static string? WhyNotSaid(List<Attendee> list, string segment, string[] words)
        {
            // Each person named, with the words after them (their reason); "anh", "chị", "đồng chí" before a name are no reason.
            var said = words.Where(w => Word(w) is not ("vang" or "")).ToList();
            var named = new Attendee?[said.Count];
            for (var i = 0; i < said.Count; i++)
            {
                var folded = Word(said[i]);
                var byName = list.Where(a => !a.Temporary && VnText.Fold(a.Name.Split(' ')[^1]) == folded).ToList();
                if (int.TryParse(folded, out var n) && n >= 1 && n <= list.Count && !list[n - 1].Temporary) named[i] = list[n - 1];
                else if (byName.Count == 1) named[i] = byName[0];
                else if (byName.Count > 1 || int.TryParse(folded, out _)) return null; // two of that name, or a number off the list: said elsewhere
            }
            bool Title(int i) => named[i] is null && (
                VnText.IsTitle(Word(said[i])) && i + 1 < said.Count && named[i + 1] is not null
                || Word(said[i]) == "dong" && i + 2 < said.Count && Word(said[i + 1]) == "chi" && named[i + 2] is not null
                || Word(said[i]) == "chi" && i > 0 && Word(said[i - 1]) == "dong" && i + 1 < said.Count && named[i + 1] is not null);
            var people = new List<(Attendee Who, List<string> Why)>();
            var before = new List<string>();
            for (var i = 0; i < said.Count; i++)
            {
                if (named[i] is { } person) { if (people.All(p => p.Who != person)) people.Add((person, [])); continue; }
                if (Title(i)) continue;
                var w = said[i].Trim(',', '.', ';', ':');
                if (w != "") (people.Count > 0 ? people[^1].Why : before).Add(w);
            }
            if (people.Count == 0) return null;
            people[0].Why.InsertRange(0, before);
            if (people.FirstOrDefault(p => p.Who.Suspended).Who is { } suspended) return NotSummonedWhileSuspended(suspended);
            int Number(Attendee a) => list.IndexOf(a) + 1;
            string Reason(List<string> why) => AbsenceReasons.Typed(string.Join(' ', why));
            var example = people.Count == 1
                ? $"\"vắng {Number(people[0].Who)} có lý do {(people[0].Why.Count > 0 ? Reason(people[0].Why) : "ốm")}\" hoặc \"vắng {Number(people[0].Who)} không lý do\""
                : people.Any(p => p.Why.Count > 0)
                    ? $"\"vắng {string.Join("; ", people.Select(p => p.Why.Count > 0 ? $"{Number(p.Who)} có lý do {Reason(p.Why)}" : $"{Number(p.Who)} không lý do"))}\""
                    : $"\"vắng {Number(people[0].Who)} có lý do ốm; {string.Join(", ", people.Skip(1).Select(p => Number(p.Who)))} không lý do\"";
            var who = people.Count == 1 ? $"Đ/c {people[0].Who.Name}" : $"Các đồng chí {string.Join(", ", people.Select(p => p.Who.Name))}";
            return $"Chưa rõ \"{Inputs.Preview(segment)}\": {who} vắng có lý do hay không lý do? Đồng chí gõ, ví dụ {example}.";
        }

        /// <summary>
        /// What to say when the words (without "vắng") are numbers one of which is not on the list, or, after "vắng", names
        /// none of whose words is in a name on the list; null otherwise ("vắng Tuấn ốm" is about Tuấn: then the reason is what is missing).
        /// </summary>
        static string? NobodyOnTheList(List<Attendee> list, string[] words)
        {
            var who = words.Where(w => Word(w) is not ("vang" or "")).ToList();
            if (who.Count == 0) return null;
            if (who.All(w => int.TryParse(Word(w), out _))) return Resolve(list, string.Join(' ', who)).Item2;
            if (Word(words[0]) != "vang") return null; // words alone ("hai mươi tư") may be anything
            var names = list.SelectMany(a => a.Name.Split(' ')).Select(VnText.Fold).ToHashSet();
            return who.Any(w => int.TryParse(Word(w), out _) || names.Contains(Word(w))) ? null
                : $"Không có \"{Inputs.Preview(string.Join(' ', who))}\" trong danh sách chi bộ. Gõ số thứ tự hoặc tên như trong danh sách.";
        }

        public static (Presence, string)? Leading(string text)
        {
            var words = VnText.Clean(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var (at, length, presence) = FindQualifier(words.Select(Word).ToArray());
            return at == 0 ? (presence, string.Join(' ', words.Skip(length)).TrimStart(',', ':', '-', '–', ' ')) : null;
        }

        static (int At, int Length, Presence Presence) FindQualifier(string[] folded)
        {
            for (var i = 0; i < folded.Length; i++)
                foreach (var (q, presence) in Qualifiers.OrderByDescending(x => x.Words.Length))
                    if (i + q.Length <= folded.Length && q.Select((w, k) => folded[i + k] == w).All(x => x))
                        return (i, q.Length, presence);
            return (-1, 0, Presence.Present);
        }

        /// <summary>"3 5" → members 3 and 5; "Tuấn", "đ/c Đỗ Văn Tuấn" → by name (must be one person).</summary>
        static (List<Attendee>, string?) Resolve(List<Attendee> list, string part)
        {
            var words = VnText.WithoutTitle(part).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => Word(w) != "").ToList();
            if (words.Count == 0) return ([], null);
            if (words.All(w => int.TryParse(Word(w), out _)))
            {
                var found = new List<Attendee>();
                foreach (var w in words)
                {
                    var n = int.Parse(Word(w));
                    if (n < 1 || n > list.Count) return ([], $"Không có số {n} trong danh sách (từ 1 đến {list.Count}).");
                    found.Add(list[n - 1]);
                }
                return (found, null);
            }
            var name = string.Join(' ', words);
            var matches = VnText.NameMatches(list, name, a => a.Name, a => a.MemberId ?? "");
            var whole = matches.Where(a => a.Name.Split(' ').Select(VnText.Fold).Contains(VnText.Fold(name)) || VnText.Fold(a.Name).EndsWith(VnText.Fold(name))).ToList();
            if (whole.Count == 1) return (whole, null);
            if (matches.Count == 1) return (matches, null);
            if (matches.Count == 0) return ([], $"Không có \"{Inputs.Preview(name)}\" trong danh sách chi bộ. Gõ số thứ tự hoặc tên như trong danh sách.");
            return ([], $"\"{Inputs.Preview(name)}\" trùng nhiều người ({string.Join(", ", matches.Take(4).Select(a => $"{list.IndexOf(a) + 1}. {a.Name}"))}); đồng chí gõ số thứ tự.");
        }
    }
}
