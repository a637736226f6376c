using System.Runtime.CompilerServices;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;
using TaskStatus = ChiBo.Dialogs.Domain.TaskStatus;

namespace ChiBo.Dialogs.Flows.Meeting;

/// <summary>Turns the procedure template into the steps of /sinhhoat: one reader per step kind.</summary>
public static class MeetingSteps
{
    /// <summary>Step ids the meeting record is built from, with the kind each must have.</summary>
    static readonly IReadOnlyDictionary<string, string> Common = new Dictionary<string, string>
    {
        ["ngay"] = "date", ["loai"] = "meeting_kind", ["chuyen_de"] = "text", ["dia_diem"] = "text",
        ["hop_chi_uy"] = "yesno", ["du_thao"] = "yesno", ["thong_bao"] = "yesno", ["tai_lieu"] = "documents",
        ["gio_bat_dau"] = "time", ["dai_bieu"] = "text", ["ly_do_vang"] = "text",
        ["chu_tri"] = "person", ["thu_ky"] = "person", ["chuong_trinh"] = "yesno", ["thoi_su"] = "text",
        ["kiem_diem"] = "review", ["danh_gia_thang"] = "text", ["nhiem_vu"] = "tasks", ["so_phat_bieu"] = "count",
        ["y_kien"] = "text", ["ket_luan"] = "text", ["bieu_quyet"] = "vote", ["bien_ban"] = "yesno",
        ["gio_ket_thuc"] = "end_time", ["xac_nhan"] = "confirm",
    };

    /// <summary>Attendance: the roll call from the roster (since 2026.1) or, in older procedures, four count steps.</summary>
    const string RollCall = "diem_danh";
    static readonly IReadOnlyDictionary<string, string> Roll = new Dictionary<string, string> { [RollCall] = "attendance" };
    static readonly IReadOnlyDictionary<string, string> Counts = new Dictionary<string, string>
    {
        ["trieu_tap"] = "count", ["co_mat"] = "present", ["vang_co_ly_do"] = "count", ["vang_khong_ly_do"] = "unexcused",
    };

    /// <summary>Steps of the thematic and extraordinary meetings (since 2026.3): read into the record when the template has them.</summary>
    static readonly IReadOnlyDictionary<string, string> KindParts = new Dictionary<string, string>
    {
        ["van_de"] = "text", ["nguoi_trinh_bay"] = "person", ["duyet_chuyen_de"] = "yesno", ["bt_trinh_bay"] = "text",
        ["muc_dich"] = "text", ["trinh_bay"] = "text", ["cd_so_phat_bieu"] = "count", ["cd_y_kien"] = "text", ["cd_ket_luan"] = "text",
    };

    /// <summary>Every step id the record is built from (in either form of attendance).</summary>
    public static readonly IReadOnlyDictionary<string, string> Required =
        Common.Concat(Roll).Concat(Counts).Concat(KindParts).ToDictionary(x => x.Key, x => x.Value);

    /// <summary>The figures of the attendance answered so far.</summary>
    public static ChiBo.Rules.Tally TallyOf(StepContext c) => AttendanceStep.TallyOf(c, RollCall);

    /// <summary>The attendance list, when the meeting was taken from the roster.</summary>
    public static List<Attendee>? AttendanceOf(StepContext c) => AttendanceStep.ListOf(c.Get(RollCall));

    static bool AttendanceKnown(StepContext c) => c.Has(RollCall) || c.Has("co_mat");

    static readonly HashSet<string> Kinds =
        ["date", "meeting_kind", "text", "yesno", "choice", "documents", "time", "count", "present", "unexcused", "attendance", "person", "review", "tasks", "vote", "end_time", "confirm", "dues", "score", "score_previous"];

    /// <summary>Conditional steps count as applicable until the answer that decides them is known.</summary>
    static readonly Dictionary<string, Func<StepContext, bool>> Conditions = new()
    {
        ["thematic"] = c => !c.Has("loai") || c.Get("loai") is "THEMATIC" or "COMBINED",
        ["has_absences"] = c => !AttendanceKnown(c) || TallyOf(c) is var t && t.Summoned > t.Present,
        // The absentees' names and reasons as text: only when attendance was given as counts (no roster).
        ["counted_absences"] = c => !AttendanceKnown(c) || !AttendanceStep.IsList(c.Get(RollCall)) && TallyOf(c) is var t && t.Summoned > t.Present,
        ["has_speakers"] = c => !c.Has("so_phat_bieu") || c.Int("so_phat_bieu") > 0,
        ["has_topic_speakers"] = c => !c.Has("cd_so_phat_bieu") || c.Int("cd_so_phat_bieu") > 0,
        // Dues collected at the meeting: only where the cell keeps its dues book here (/dangphi).
        ["keeps_dues"] = c => c.Cell.DuesSince is not null,
        // The committee's score can be proposed from the record (every criterion of the kind's rubric has a rule).
        ["scored_from_record"] = ScoreSteps.Scorable,
        ["previous_score_pending"] = c => ScoreSteps.AwaitingVote(c) is not null,
    };

    /// <summary>
    /// How a conditional step counts in the step total before the answer that decides it is known: by the likely outcome
    /// (a regular meeting, absences named on the roster's list, someone speaking), so "Bước n/N" keeps one N.
    /// </summary>
    static readonly Dictionary<string, Func<StepContext, bool>> Expected = new()
    {
        ["thematic"] = c => c.Get("loai") is "THEMATIC" or "COMBINED",
        ["has_absences"] = c => Conditions["has_absences"](c),
        ["counted_absences"] = c => Facts(c).RosterCount == 0,
        ["has_speakers"] = _ => true,
        ["has_topic_speakers"] = _ => true,
        ["keeps_dues"] = c => c.Cell.DuesSince is not null,
        ["scored_from_record"] = ScoreSteps.Scorable,
        ["previous_score_pending"] = c => Conditions["previous_score_pending"](c),
    };

    static readonly HashSet<string> SuggestNames = ["venue", "roster", "secretary", "focus", "topic_plan", "called_matter", "guests"];

    public static void Validate(ProcedureTemplate p)
    {
        void Require(bool ok, int line, string problem) => TemplateRules.Require(p, ok, line, problem);
        Require(p.Parts.Count > 0, p.Line, "quy trình phải có ít nhất một phần (parts).");
        var seen = new Dictionary<string, StepTemplate>();
        foreach (var part in p.Parts)
        {
            Require(part.Title != "", part.Line, "mỗi phần cần \"title\".");
            foreach (var s in part.Steps)
            {
                s.Part = part.Title;
                Require(s.Id != "" && !s.Id.StartsWith('_'), s.Line, "mỗi bước cần \"id\" (không bắt đầu bằng \"_\").");
                Require(seen.TryAdd(s.Id, s), s.Line, $"bước \"{s.Id}\" bị trùng.");
                Require(Kinds.Contains(s.Kind), s.Line, $"bước {s.Id}: kind \"{s.Kind}\" không có; dùng một trong: {string.Join(", ", Kinds)}.");
                Require(s.Prompt != "", s.Line, $"bước {s.Id}: thiếu lời hỏi (prompt).");
                Require(s.Help != "", s.Line, $"bước {s.Id}: thiếu hướng dẫn (help).");
                Require(s.Kinds.All(k => Enum.TryParse<MeetingKind>(k, out _)), s.Line,
                    $"bước {s.Id}: kinds chỉ gồm {string.Join(", ", Enum.GetNames<MeetingKind>())}.");
                Require(!KindParts.TryGetValue(s.Id, out var partKind) || s.Kind == partKind, s.Line, $"bước {s.Id} phải có kind: {partKind}.");
                Require(s.When is null || Conditions.ContainsKey(s.When), s.Line,
                    $"bước {s.Id}: điều kiện \"{s.When}\" không có; dùng một trong: {string.Join(", ", Conditions.Keys)}.");
                Require(s.Suggest is null || SuggestNames.Contains(s.Suggest), s.Line,
                    $"bước {s.Id}: gợi ý \"{s.Suggest}\" không có; dùng một trong: {string.Join(", ", SuggestNames)}.");
                Require(s.Kind != "choice" || s.Options.Count is >= 2 and <= 8, s.Line, $"bước {s.Id}: cần từ 2 đến 8 lựa chọn (options).");
                Require(s.MaxOf is null || s.MaxOf is "absent" or "present" || seen.ContainsKey(s.MaxOf), s.Line,
                    $"bước {s.Id}: max_of \"{s.MaxOf}\" phải là một bước đứng trước, \"absent\" hoặc \"present\".");
            }
        }
        var attendance = seen.ContainsKey(RollCall) || !Counts.Keys.Any(seen.ContainsKey) ? Roll : Counts;
        foreach (var (id, kind) in Common.Concat(attendance))
        {
            Require(seen.TryGetValue(id, out var s), p.Line, $"thiếu bước bắt buộc \"{id}\" (kind: {kind}).");
            Require(s!.Kind == kind, s.Line, $"bước {id} phải có kind: {kind}.");
        }
        Require(p.Steps.Last().Kind == "confirm", p.Steps.Last().Line, "bước cuối cùng phải là kind: confirm.");
        // An extraordinary meeting has no minimum unless the template sets one (older templates have no such key).
        foreach (var k in Enum.GetNames<MeetingKind>().Where(k => k != nameof(MeetingKind.EXTRAORDINARY)))
            Require(p.Rules.MinMinutes.ContainsKey(k), p.Rules.Line, $"rules.min_minutes thiếu {k}.");
        Require(p.Rules.AttendanceThresholdPercent is > 0 and <= 100, p.Rules.Line, "attendance_threshold_percent phải từ 1 đến 100.");
        Require(p.Rules.TasksNextMonthFromDay is >= 1 and <= 32, p.Rules.Line, "tasks_next_month_from_day phải từ 1 đến 32 (32: luôn là nhiệm vụ của tháng họp).");
    }

    /// <summary>The kind of meeting chosen so far, if any.</summary>
    public static MeetingKind? KindOf(StepContext c)
    {
        // Asked by the steps of every kind in each header: parsed once per answer.
        return c.Get("loai") is { } answer ? c.FromAnswer(answer, k => Enum.TryParse<MeetingKind>(k, out var kind) ? kind : (MeetingKind?)null) : null;
    }

    /// <summary>The turn's facts about the cell (members, last meeting), read once per turn.</summary>
    public static MeetingFacts Facts(StepContext c) => c.Memo(x => new MeetingFacts(x.Turn.Store, x.Cell));

    /// <summary>The meeting's day as answered, or null before it is.</summary>
    internal static DateTime? Day(StepContext c) => DateTime.TryParse(c.Get("ngay"), out var day) ? day : null;

    static readonly ConditionalWeakTable<ProcedureTemplate, List<Step>> Built = new();
    /// <summary>The steps of a procedure template, built once per template (steps hold no turn data).</summary>
    public static IReadOnlyList<Step> For(ProcedureTemplate p) => Built.GetValue(p, Build);

    static List<Step> Build(ProcedureTemplate p)
    {
        var steps = new List<Step>();
        foreach (var t in p.Steps)
        {
            var when = t.When is null ? (Func<StepContext, bool>)(_ => true) : Conditions[t.When];
            var kinds = t.Kinds.Select(Enum.Parse<MeetingKind>).ToHashSet();
            // Before the kind is chosen, a step counts as a regular meeting's would.
            bool OfKind(StepContext c) => kinds.Count == 0 || kinds.Contains(KindOf(c) ?? MeetingKind.REGULAR);
            Func<StepContext, bool> applies = kinds.Count == 0 ? when : c => OfKind(c) && when(c);
            Func<StepContext, bool>? expected = t.When is null ? (kinds.Count == 0 ? null : OfKind) : c => OfKind(c) && Expected[t.When](c);
            steps.Add(t.Kind switch
            {
                "date" => DateStep(t, p),
                "meeting_kind" => KindStep(t),
                "text" => TextStep(t, p),
                "person" => PersonStep(t, p),
                "yesno" => YesNoStep(t),
                "choice" => ChoiceStep(t),
                "documents" => DocumentsStep(t, p),
                "time" => TimeStep(t),
                "count" => CountStep(t),
                "present" => PresentStep(t, p),
                "unexcused" => UnexcusedStep(t, p),
                "attendance" => AttendanceStep.Create(t, p),
                "dues" => DuesStep.Create(t),
                "review" => ReviewStep(t, p),
                "tasks" => TasksStep(t, p),
                "vote" => VoteStep(t),
                "end_time" => EndTimeStep(t, p),
                "score" => ScoreSteps.Score(t, p),
                "score_previous" => ScoreSteps.Previous(t),
                "confirm" => ConfirmStep(t, p),
                _ => throw new InvalidOperationException(t.Kind),
            } is var s ? CommonSteps.With(s, t.Label != "" ? t.Label : LabelOf(t.Prompt), applies, expected, reshapes: t.Kind is "date" or "meeting_kind") : null!);
        }
        return steps;
    }

    /// <summary>"Báo cáo tình hình đảng viên. Tổng số đảng viên được triệu tập?" → "Tổng số đảng viên được triệu tập".</summary>
    public static string LabelOf(string prompt)
    {
        var q = prompt.IndexOf('?');
        var text = q > 0 ? prompt[..q] : prompt;
        var paren = text.IndexOf(" (", StringComparison.Ordinal);
        if (paren > 0) text = text[..paren];
        var sentences = text.Split(". ", StringSplitOptions.RemoveEmptyEntries);
        var label = (q > 0 ? sentences[^1] : sentences[0]).TrimEnd('.', ' ');
        // A yes/no question's "… chưa", "… không" is not part of what it names.
        foreach (var particle in new[] { " chưa", " không" })
            if (label.EndsWith(particle, StringComparison.Ordinal)) return label[..^particle.Length];
        return label;
    }

    static Reply Open(string text, params Choice[] suggestions) => CommonSteps.Open(text, suggestions);
    static Reply Closed(string text, params Choice[] choices) => CommonSteps.Closed(text, choices);

    static Step DateStep(StepTemplate t, ProcedureTemplate p) => new()
    {
        Id = t.Id, Part = t.Part, Help = t.Help,
        Ask = c => Open(t.Prompt, new Choice("hom-nay", "Hôm nay"), new Choice("hom-qua", "Hôm qua")),
        Read = (c, input) =>
        {
            var d = input.ChoiceKey switch { "hom-nay" => c.Today, "hom-qua" => c.Today.AddDays(-1), _ => Inputs.PastDate(input.Text, c.Today) };
            if (d is null) return new StepResult.Error($"\"{Inputs.Preview(VnText.Clean(input.Text))}\" không phải ngày. Gõ ngày/tháng/năm, ví dụ {VnText.Date(c.Today)}, hoặc \"hôm nay\", \"hôm qua\".");
            if (d > c.Today) return new StepResult.Error($"Ngày {VnText.Date(d.Value)} chưa tới. Chỉ ghi buổi đã họp (đến hôm nay {VnText.Date(c.Today)}).");
            if (d < c.Today.AddDays(-p.Rules.MaxDaysBack)) return new StepResult.Error($"Ngày {VnText.Date(d.Value)} đã quá {p.Rules.MaxDaysBack} ngày, không ghi bù được.");
            return new StepResult.Ok(d.Value.ToString("yyyy-MM-dd"));
        },
        Show = (_, v) => VnText.Date(DateTime.Parse(v)),
    };

    static readonly Choice[] KindChoices =
        [.. Enum.GetValues<MeetingKind>().Select(k => new Choice(k.ToString(), MeetingKinds.Label(k)))];

    static Step KindStep(StepTemplate t)
    {
        string? SameMonth(StepContext c, string value)
        {
            if (!Enum.TryParse<MeetingKind>(value, out var kind) || !MeetingKinds.IsRegular(kind) || c.Get("ngay") is not { } day) return null;
            var date = DateTime.Parse(day);
            var existing = Facts(c).RegularMeetingIn(date);
            return existing is null ? null
                : $"Chi bộ đã ghi buổi sinh hoạt thường kỳ tháng {VnText.MonthOf(date)} (ngày {VnText.Date(existing.Date)}). " +
                  "Mỗi tháng một buổi thường kỳ; nếu đây là buổi chuyên đề, chọn \"Chuyên đề\". Xem các buổi đã ghi bằng /ketqua.";
        }
        return new Step
        {
            Id = t.Id, Part = t.Part, Help = t.Help,
            // A meeting called for that day (/lichhop chuyên đề, bất thường) is named under the question.
            Ask = c => Closed(Day(c) is { } date && c.Cell.CalledOn(date) is { } called
                ? $"{t.Prompt}\nNgày {VnText.Date(date)} chi bộ đã báo lịch {called.Title()}: chọn \"{MeetingKinds.Label(called.Kind)}\"."
                : t.Prompt, KindChoices),
            Read = (c, input) =>
            {
                var choice = Inputs.MatchAnswer(input, KindChoices);
                if (choice is null) return new StepResult.Error($"Đồng chí chọn một trong: {Inputs.Menu(KindChoices)}.");
                return SameMonth(c, choice.Key) is { } e ? new StepResult.Error(e) : new StepResult.Ok(choice.Key);
            },
            Recheck = SameMonth,
            Show = (_, v) => MeetingKinds.Label(Enum.Parse<MeetingKind>(v)),
        };
    }

    /// <summary>
    /// The procedure's own answers of two words or more ("Đã chuẩn bị", "Trước ít nhất 1 ngày"), folded: typed at a text
    /// step, one was sent a step late. One-word answers ("Có", "Không") stay what they may mean there.
    /// </summary>
    static HashSet<string> OtherAnswers(ProcedureTemplate p) =>
        p.Steps.SelectMany(s => s.Kind == "yesno" ? new[] { s.Yes ?? "Có", s.No ?? "Không" } : s.Options.Select(o => o.Label))
            .Select(label => string.Join(' ', Inputs.AnswerWords(label))).Where(a => a.Contains(' ') && a != "khong co").ToHashSet();

    static Step TextStep(StepTemplate t, ProcedureTemplate p)
    {
        var step = CommonSteps.Text(t.Id, t.Part, t.Prompt, t.Help, p.Rules.TextMaxLength, t.Optional,
            c => t.Suggest == "venue" && c.Cell.Venue != "" ? [new Choice(c.Cell.Venue, c.Cell.Venue)]
                : t.Suggest == "topic_plan" ? TopicSuggestions(c, p)
                : t.Suggest == "called_matter" && CalledTopic(c, MeetingKind.EXTRAORDINARY) is { } matter ? [new Choice(matter, matter)]
                : t.Suggest == "guests" ? Facts(c).AssignedStaff.Select(guest => new Choice(guest, guest))
                : [], otherAnswers: OtherAnswers(p));
        if (t.Suggest != "focus") return step;
        // The content 42-HD/BTCTW puts first for the cell's type, as a reminder under the question.
        return new Step
        {
            Id = step.Id, Part = step.Part, Help = step.Help, Read = step.Read, Show = step.Show, Recheck = step.Recheck,
            Ask = c => c.Turn.Templates.CellType(c.Cell.Type) is { Focus.Count: > 0 } type
                ? step.Ask(c) with { Text = $"{t.Prompt}\nNội dung trọng tâm {(type.FocusSource == "" ? "gợi ý" : $"theo {type.FocusSource}")} cho {type.Name.ToLower(VnText.Culture)}: {string.Join("; ", type.Focus)}." }
                : step.Ask(c),
        };
    }

    /// <summary>
    /// The topic of a thematic meeting called for that day (/lichhop chuyên đề), then the one planned for the quarter
    /// (/chuyende), then the procedure's suggested topics (numbered on Zalo).
    /// </summary>
    static IEnumerable<Choice> TopicSuggestions(StepContext c, ProcedureTemplate p) =>
        new[] { CalledTopic(c, MeetingKind.THEMATIC), PlannedTopic(c) }.OfType<string>().Concat(p.Rules.ThematicTopics)
            .DistinctBy(VnText.Fold).Select(topic => new Choice(topic, topic));

    /// <summary>The topic of the meeting of that kind called for the meeting's date (what an extraordinary one is for), if one was.</summary>
    static string? CalledTopic(StepContext c, MeetingKind kind) =>
        Day(c) is { } date && c.Cell.CalledOn(date) is { } called && called.Kind == kind ? called.Topic : null;

    /// <summary>The topic the cell planned for the quarter of the meeting's date (/chuyende).</summary>
    static string? PlannedTopic(StepContext c) =>
        Day(c) is { } date ? Commands.TopicPlans.PlannedFor(c.Turn.Store, c.Cell.Id, date) : null;

    const int NamesSuggested = 6;

    /// <summary>
    /// A person (chair, minute-taker): the cell's leaders or members suggested, numbered, so "2" picks the second; a
    /// bare number that is not one of them is refused rather than stored as a name.
    /// </summary>
    static Step PersonStep(StepTemplate t, ProcedureTemplate p)
    {
        List<string> Names(StepContext c) => [.. (t.Suggest == "secretary" ? Facts(c).Leaders : Facts(c).Members).Take(NamesSuggested)];
        return new()
        {
            Id = t.Id, Part = t.Part, Help = t.Help,
            // Names are suggested as buttons, and numbered on text channels (a typed number picks one).
            Ask = c => CommonSteps.Worded(t.Prompt, [.. Names(c).Select(n => new Choice(n, n))]),
            Read = (c, input) =>
            {
                if (input.ChoiceKey is null && int.TryParse(input.Text.Trim().TrimEnd('.'), out var n))
                {
                    var names = Names(c);
                    return n >= 1 && n <= names.Count ? new StepResult.Ok(names[n - 1])
                        : new StepResult.Error(names.Count == 0 ? "Đồng chí gõ họ và tên." : $"Đồng chí gõ họ và tên, hoặc số thứ tự trong gợi ý (từ 1 đến {names.Count}).");
                }
                var (v, e) = Inputs.FreeText(input.Text, 100);
                if (e is not null) return new StepResult.Error(e);
                // A name has no digits ("trước 1 ngày" answers another question).
                var name = v!;
                if (!name.Any(char.IsLetter) || name.Any(char.IsDigit))
                    return new StepResult.Error($"\"{Inputs.Preview(name)}\" không phải họ tên. Đồng chí gõ họ và tên{(Names(c).Count > 0 ? ", hoặc số thứ tự trong gợi ý" : "")}.");
                // "anh Minh", "Hoa": the one member of the cell so named, by full name (said back); anyone else as typed.
                if (FullNameOf(Facts(c).Roster.Select(m => m.Name), name) is { } full)
                    return new StepResult.Ok(full, $"{(t.Label is { Length: > 0 } label ? label : LabelOf(t.Prompt))}: {full}.");
                return new StepResult.Ok(name);
            },
        };
    }

    /// <summary>"anh An", "Hoa": the one of these people so named, by full name; null when it names none or several, or is already it.</summary>
    public static string? FullNameOf(IEnumerable<string> names, string typed) =>
        VnText.NameMatches(names, typed, n => n, n => n) is [var one] && VnText.Fold(one) != VnText.Fold(typed) ? one : null;

    static Step YesNoStep(StepTemplate t) => CommonSteps.YesNo(t.Id, t.Part, t.Prompt, t.Help, t.Yes ?? "Có", t.No ?? "Không");

    static Step ChoiceStep(StepTemplate t) =>
        CommonSteps.Choose(t.Id, t.Part, "", t.Help, _ => t.Prompt, [.. t.Options.Select(o => new Choice(o.Key, o.Label))]);

    static Step DocumentsStep(StepTemplate t, ProcedureTemplate p)
    {
        Choice[] choices =
        [
            new(nameof(DocumentsAhead.OneDayOrMore), $"Trước ít nhất {p.Rules.DocumentsDaysAhead} ngày"),
            new(nameof(DocumentsAhead.SameDay), "Trong ngày họp"),
            new(nameof(DocumentsAhead.None), "Không gửi trước"),
        ];
        return new()
        {
            Id = t.Id, Part = t.Part, Help = t.Help,
            Ask = _ => Closed(t.Prompt, choices),
            Read = (_, input) =>
            {
                var c = Inputs.MatchAnswer(input, choices)
                    ?? (input.ChoiceKey is null && DocumentsSaid(input.Text, p.Rules.DocumentsDaysAhead) is { } said ? choices.First(x => x.Key == said.ToString()) : null);
                if (c is null) return new StepResult.Error($"Đồng chí chọn một trong: {Inputs.Menu(choices)}.");
                var note = c.Key == nameof(DocumentsAhead.OneDayOrMore) ? null
                    : $"⚠ Chưa đạt yêu cầu của 42-HD/BTCTW: tài liệu đăng lên Sổ tay đảng viên điện tử ít nhất {p.Rules.DocumentsDaysAhead} ngày trước.";
                return new StepResult.Ok(c.Key, note);
            },
            Show = (_, v) => choices.First(c => c.Key == v).Label,
        };
    }

    /// <summary>
    /// When the papers went out, said in words: "trước 2 ngày", "từ hôm qua", "tuần trước" (ahead, when at least the days
    /// the rules ask), "sáng nay", "hôm nay" (the same day), "không gửi", "chưa gửi tài liệu" (none). Null otherwise.
    /// </summary>
    public static DocumentsAhead? DocumentsSaid(string text, int daysAhead)
    {
        var words = Inputs.AnswerWords(text);
        var said = $" {string.Join(' ', words)} ";
        if (said.Contains(" khong gui ") || said.Contains(" chua gui ") || said.Contains(" khong co tai lieu ")) return DocumentsAhead.None;
        int? days = null;
        for (var i = 1; i < words.Count; i++)
            if (words[i] is "ngay" or "tuan" && int.TryParse(words[i - 1], out var n) && n is >= 0 and <= 60) days = words[i] == "tuan" ? n * 7 : n;
        if (said.Contains(" hom qua ") || said.Contains(" hom truoc ")) days ??= 1;
        if (said.Contains(" tuan truoc ")) days ??= 7;
        if (days is { } d) return d >= daysAhead && d > 0 ? DocumentsAhead.OneDayOrMore : d == 0 ? DocumentsAhead.SameDay : null;
        string[] today = [" hom nay ", " sang nay ", " chieu nay ", " toi nay ", " trong ngay ", " luc hop ", " tai buoi hop "];
        return today.Any(said.Contains) ? DocumentsAhead.SameDay : null;
    }

    /// <summary>The start: the cell's scheduled time offered (a tap, or its number on Zalo); "7h30" for a cell that meets at 19:30 is the evening's.</summary>
    static Step TimeStep(StepTemplate t) => new()
    {
        Id = t.Id, Part = t.Part, Help = t.Help,
        Ask = c => Scheduled(c) is { } at ? CommonSteps.Worded(t.Prompt, new Choice(Inputs.FormatTime(at), Inputs.FormatTime(at))) : Open(t.Prompt),
        Read = (c, input) =>
        {
            if (Inputs.Time(input.Text) is not { } m)
                return new StepResult.Error($"\"{Inputs.Preview(VnText.Clean(input.Text))}\" không phải giờ. Gõ giờ:phút, ví dụ 19:30.");
            var at = Scheduled(c) is { } scheduled ? Inputs.TimeNear(input.Text, scheduled)!.Value : m;
            return at != m ? new StepResult.Ok(Inputs.FormatTime(at), $"Giờ bắt đầu: {Inputs.FormatTime(at)}.") : new StepResult.Ok(Inputs.FormatTime(m));
        },
    };

    /// <summary>The cell's regular meeting time, in minutes.</summary>
    static int? Scheduled(StepContext c) => Inputs.Time(c.Cell.MeetingTime);

    static int MaxOf(StepContext c, StepTemplate t) =>
        t.MaxOf is null ? t.Max ?? Inputs.MaxCount
        : t.MaxOf == "absent" ? c.Int("trieu_tap") - c.Int("co_mat")
        : t.MaxOf == "present" ? TallyOf(c).Present
        : c.Int(t.MaxOf);

    /// <summary>Why a count is too big, naming the quantity ("Số đảng viên phát biểu (7) không thể lớn hơn số có mặt (5)").</summary>
    static string MaxReason(StepContext c, StepTemplate t, int value)
    {
        var what = char.ToUpper(LabelOf(t.Prompt)[0], VnText.Culture) + LabelOf(t.Prompt)[1..];
        return t.MaxOf switch
        {
            "trieu_tap" => $"{what} ({value}) không thể lớn hơn số được triệu tập ({c.Int("trieu_tap")}). Đồng chí nhập lại.",
            "absent" => $"Số vắng có lý do ({value}) không thể lớn hơn số vắng ({MaxOf(c, t)} = {c.Int("trieu_tap")} triệu tập − {c.Int("co_mat")} có mặt). Đồng chí nhập lại.",
            "co_mat" or "present" => $"{what} ({value}) không thể lớn hơn số đảng viên có mặt ({MaxOf(c, t)}). Đồng chí nhập lại.",
            null => $"Số phải không lớn hơn {MaxOf(c, t)}.",
            _ => $"{what} ({value}) không thể lớn hơn {MaxOf(c, t)}.",
        };
    }

    static Step CountStep(StepTemplate t)
    {
        string? Check(StepContext c, int n) => n > MaxOf(c, t) ? MaxReason(c, t, n) : null;
        return new()
        {
            Id = t.Id, Part = t.Part, Help = t.Help,
            Ask = c =>
            {
                var text = t.Prompt;
                var suggestions = new List<Choice>();
                if (t.Suggest == "roster" && Facts(c).RosterCount > 0)
                {
                    text += $" (danh sách chi bộ: {Facts(c).RosterCount} đảng viên phải dự sinh hoạt)";
                    suggestions.Add(new Choice(Facts(c).RosterCount.ToString(), Facts(c).RosterCount.ToString()));
                }
                if (t.MaxOf == "absent") text += $" (vắng {MaxOf(c, t)} người)";
                return Open(text, [.. suggestions]);
            },
            Read = (c, input) =>
            {
                var (n, e) = Inputs.Count(input.Text, t.Min ?? 0, t.MaxOf is null ? t.Max ?? Inputs.MaxCount : Inputs.MaxCount);
                if (e is not null) return new StepResult.Error(e);
                return Check(c, n!.Value) is { } why ? new StepResult.Error(why) : new StepResult.Ok(n.Value.ToString());
            },
            Recheck = (c, v) => Check(c, int.Parse(v)),
        };
    }

    /// <summary>Members present: at most those summoned; when nobody is absent, the attendance rate right away.</summary>
    static Step PresentStep(StepTemplate t, ProcedureTemplate p)
    {
        static string? Check(StepContext c, int n) => n > c.Int("trieu_tap")
            ? $"Số có mặt ({n}) lớn hơn số được triệu tập ({c.Int("trieu_tap")}). Đồng chí nhập lại số có mặt."
            : null;
        return new()
        {
            Id = t.Id, Part = t.Part, Help = t.Help,
            Ask = c => Open($"{t.Prompt} (triệu tập {c.Int("trieu_tap")}{RsvpNote(c)})"),
            Read = (c, input) =>
            {
                var (n, e) = Inputs.Count(input.Text, 0, Inputs.MaxCount);
                if (e is not null) return new StepResult.Error(e);
                if (Check(c, n!.Value) is { } why) return new StepResult.Error(why);
                c.Answers[t.Id] = n.Value.ToString();
                return new StepResult.Ok(n.Value.ToString(), n == c.Int("trieu_tap") ? AttendanceNote(c, p, 0) : null);
            },
            Recheck = (c, v) => Check(c, int.Parse(v)),
        };
    }

    /// <summary>"; qua nhắc lịch: 5 báo có mặt, 1 báo vắng (Đỗ Văn Tuấn)" for the meeting on the recorded date.</summary>
    internal static string RsvpNote(StepContext c)
    {
        if (c.Get("ngay") is not { } day) return "";
        var date = DateTime.Parse(day);
        var answers = c.Turn.Store.Rsvps.Find(r => r.CellId == c.Cell.Id && r.MeetingDate == date).ToList();
        if (answers.Count == 0) return "";
        var away = answers.Where(a => !a.Present).Select(a => Facts(c).Roster.FirstOrDefault(m => m.Id == a.MemberId)?.Name).OfType<string>().ToList();
        return $"; qua nhắc lịch: {answers.Count(a => a.Present)} báo có mặt, {answers.Count(a => !a.Present)} báo vắng" +
               (away.Count > 0 ? $" ({string.Join(", ", away)})" : "");
    }

    static Step UnexcusedStep(StepTemplate t, ProcedureTemplate p)
    {
        static int Rest(StepContext c) => c.Int("trieu_tap") - c.Int("co_mat") - c.Int("vang_co_ly_do");
        static string? Check(StepContext c, int n) => n == Rest(c) ? null
            : $"Có mặt {c.Int("co_mat")} + vắng có lý do {c.Int("vang_co_ly_do")} + vắng không lý do {n} = " +
              $"{c.Int("co_mat") + c.Int("vang_co_ly_do") + n}, khác số được triệu tập {c.Int("trieu_tap")}. Đồng chí nhập lại (còn {Rest(c)} người chưa tính).";
        return new()
        {
            Id = t.Id, Part = t.Part, Help = t.Help,
            Ask = c => Open($"{t.Prompt} (còn {Rest(c)} người chưa tính)", new Choice(Rest(c).ToString(), Rest(c).ToString())),
            Read = (c, input) =>
            {
                var (n, e) = Inputs.Count(input.Text, 0, Inputs.MaxCount);
                if (e is not null) return new StepResult.Error(e);
                if (Check(c, n!.Value) is { } why) return new StepResult.Error(why);
                return new StepResult.Ok(n.Value.ToString(), AttendanceNote(c, p, n.Value));
            },
            Recheck = (c, v) => Check(c, int.Parse(v)),
        };
    }

    static string AttendanceNote(StepContext c, ProcedureTemplate p, int unexcused)
    {
        var present = c.Int("co_mat");
        var tally = new ChiBo.Rules.Tally(c.Int("trieu_tap"), present, c.Int("vang_co_ly_do"), unexcused, 0, 0, present, present);
        return AttendanceStep.Note(tally, null, p);
    }

    static Step ReviewStep(StepTemplate t, ProcedureTemplate p)
    {
        Choice[] statuses =
        [
            new(nameof(TaskStatus.Done), "Hoàn thành"),
            new(nameof(TaskStatus.InProgress), "Đang thực hiện"),
            new(nameof(TaskStatus.NotDone), "Chưa thực hiện"),
        ];
        const string Partial = "_kiem_diem";
        return new()
        {
            Id = t.Id, Part = t.Part, Help = t.Help,
            Ask = c =>
            {
                var tasks = Facts(c).PreviousTasks;
                if (tasks.Count == 0)
                    return Open(Facts(c).LatestMeeting is { } last
                        ? $"{t.Prompt} Buổi sinh hoạt trước ({VnText.Date(last.Date)}) không ghi nhiệm vụ tách theo từng việc; đồng chí tóm tắt kết quả thực hiện nghị quyết."
                        : $"{t.Prompt} Chưa có buổi sinh hoạt nào trước đây được ghi trên hệ thống; đồng chí tóm tắt kết quả thực hiện nghị quyết tháng trước.");
                var done = (c.Get(Partial) ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries).Length;
                var task = tasks[done];
                var owner = task.Owner is null ? "" : $" (phụ trách: {task.Owner})";
                return Closed($"{t.Prompt} Nhiệm vụ {done + 1}/{tasks.Count}: {task.Content}{owner}. Kết quả?", statuses);
            },
            Read = (c, input) =>
            {
                var tasks = Facts(c).PreviousTasks;
                if (tasks.Count == 0)
                {
                    var (v, e) = Inputs.FreeText(input.Text, p.Rules.TextMaxLength);
                    return e is null ? new StepResult.Ok("text:" + v) : new StepResult.Error(e);
                }
                var status = Inputs.MatchAnswer(input, statuses);
                if (status is null) return new StepResult.Error($"Đồng chí chọn một trong: {Inputs.Menu(statuses)}.");
                var so = (c.Get(Partial) ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries).Append(status.Key).ToList();
                if (so.Count < tasks.Count)
                {
                    c.Answers[Partial] = string.Join('|', so);
                    return new StepResult.Again($"Đã ghi: {status.Label}.");
                }
                c.Answers.Remove(Partial);
                return new StepResult.Ok("items:" + string.Join('|', so));
            },
            Show = (_, v) => v.StartsWith("text:") ? v[5..]
                : string.Join("; ", v[6..].Split('|').Select((s, i) => $"{i + 1}. {statuses.First(x => x.Key == s).Label}")),
        };
    }

    static Step TasksStep(StepTemplate t, ProcedureTemplate p) => new()
    {
        Id = t.Id, Part = t.Part, Help = t.Help,
        Ask = _ => Open(t.Prompt),
        Read = (c, input) =>
        {
            var (v, e) = Inputs.FreeText(input.Text, p.Rules.TextMaxLength);
            if (e is not null) return new StepResult.Error(e);
            var tasks = MeetingRecord.ParseTasks(v!);
            // "không có", "chưa có nhiệm vụ mới": not a task named so.
            if (tasks.Count == 0 || VnText.Fold(v!).Trim('.', '!') is var f && (f is "khong" or "chua" or "khong co" or "chua co" || f.StartsWith("khong co nhiem vu") || f.StartsWith("chua co nhiem vu")))
                return new StepResult.Error("Nghị quyết của buổi sinh hoạt cần ít nhất một nhiệm vụ cho tháng tới (12-HD/BTCTW). Đồng chí ghi các nhiệm vụ, mỗi việc một dòng, dạng \"nội dung - người phụ trách - hạn\".");
            if (tasks.Count > 30) return new StepResult.Error("Tối đa 30 nhiệm vụ; đồng chí gộp bớt.");
            var owners = tasks.Count(x => x.Owner is not null);
            var note = $"Đã ghi {tasks.Count} nhiệm vụ, {owners} có người phụ trách.";
            if (owners == 0) note += " ⚠ Nên ghi người phụ trách (dạng \"nội dung - người phụ trách - hạn\").";
            foreach (var suspended in SuspendedOwners(c, tasks))
                note += $" ⚠ Đ/c {suspended.Name} đang bị đình chỉ sinh hoạt đảng: không giao nhiệm vụ của chi bộ trong thời gian này.";
            return new StepResult.Ok(v!, note);
        },
    };

    /// <summary>
    /// Members of the cell suspended from Party activities on the meeting's day whom a task names as its owner ("Đ/c Minh":
    /// one member so named).
    /// </summary>
    static IEnumerable<Member> SuspendedOwners(StepContext c, List<TaskItem> tasks)
    {
        var day = Day(c) ?? c.Turn.Now.Date;
        if (!Facts(c).Roster.Any(m => m.SuspendedOn(day))) return [];
        return tasks.Select(x => x.Owner).OfType<string>()
            .Select(o => VnText.NameMatches(Facts(c).Roster, VnText.WithoutTitle(o), m => m.Name, m => m.Id) is [var one] && one.SuspendedOn(day) ? one : null)
            .OfType<Member>().DistinctBy(m => m.Id);
    }

    /// <summary>"5 0 0", "nhất trí 100%": the full members present voting for, against, abstaining; or why not.</summary>
    internal static (int[]? Votes, string? Error) ReadVotes(StepContext c, string text)
    {
        var tally = TallyOf(c);
        var v = Inputs.Votes(text, tally.Voters);
        if (v is null)
            return (null, $"Cần ba số: tán thành, không tán thành, không biểu quyết (ví dụ: {tally.Voters} 0 0).");
        return VotesProblem(c, v) is { } why ? (null, why) : (v, null);
    }

    /// <summary>The votes must add up to the full members present.</summary>
    internal static string? VotesProblem(StepContext c, int[] v)
    {
        var tally = TallyOf(c);
        return v.Sum() == tally.Voters ? null
            : $"Tổng {v.Sum()} ({v[0]} + {v[1]} + {v[2]}) khác số đảng viên chính thức có mặt {tally.Voters}{NotVoting(tally)}. " +
              $"Đồng chí kiểm tra lại (ví dụ: {tally.Voters} 0 0).";
    }

    /// <summary>"; 1 dự bị không biểu quyết".</summary>
    internal static string NotVoting(ChiBo.Rules.Tally tally) =>
        (tally.ProbationaryPresent > 0 ? $"; {tally.ProbationaryPresent} dự bị không biểu quyết" : "") +
        (tally.TemporaryPresent > 0 ? $"; {tally.TemporaryPresent} sinh hoạt tạm thời không biểu quyết" : "");

    /// <summary>Full members present vote (Điều lệ Đảng, Điều 5); the resolution needs more than half of the counted full members (QĐ 24).</summary>
    static Step VoteStep(StepTemplate t) => new()
    {
        Id = t.Id, Part = t.Part, Help = t.Help,
        Ask = c =>
        {
            var tally = TallyOf(c);
            var who = $"Đảng viên chính thức có mặt: {tally.Voters}{NotVoting(tally)}.";
            return CommonSteps.Worded($"{t.Prompt} {who}", new Choice($"{tally.Voters} 0 0", $"{tally.Voters} 0 0")); // "1" picks it: one number is never a vote
        },
        Read = (c, input) =>
        {
            var (v, error) = ReadVotes(c, input.Text);
            if (v is null) return new StepResult.Error(error!);
            var tally = TallyOf(c);
            var note = ChiBo.Rules.MeetingRules.Passes(v[0], tally.Counted)
                ? $"Nghị quyết được thông qua: {v[0]}/{tally.Counted} đảng viên chính thức được tính tán thành, quá một nửa."
                : $"⚠ Nghị quyết KHÔNG được thông qua: {v[0]}/{tally.Counted} đảng viên chính thức được tính tán thành, cần quá một nửa (QĐ 24-QĐ/TW, mục 9.3). Biên bản sẽ ghi chưa thông qua.";
            return new StepResult.Ok(string.Join(' ', v), note);
        },
        Recheck = (c, v) => VotesProblem(c, v.Split(' ').Select(int.Parse).ToArray()),
    };

    static Step EndTimeStep(StepTemplate t, ProcedureTemplate p)
    {
        static int? Duration(StepContext c, int end) =>
            Inputs.Time(c.Get("gio_bat_dau") ?? "") is { } start && end > start ? end - start : null;
        string? Check(StepContext c, int end) => Duration(c, end) is null
            ? $"Giờ kết thúc ({Inputs.FormatTime(end)}) phải sau giờ bắt đầu ({c.Get("gio_bat_dau")})."
            : null;
        return new()
        {
            Id = t.Id, Part = t.Part, Help = t.Help,
            Ask = _ => Open(t.Prompt),
            Read = (c, input) =>
            {
                // "2 tiếng", "90 phút": how long it lasted, counted from the start.
                var begun = Inputs.Time(c.Get("gio_bat_dau") ?? "");
                var lasted = Inputs.Span(input.Text) is { } span && begun is { } started ? started + span : (int?)null;
                if (lasted is >= 24 * 60) return new StepResult.Error("Buổi sinh hoạt kéo dài qua nửa đêm? Đồng chí gõ giờ kết thúc, ví dụ 23:30.");
                if ((lasted ?? (begun is { } from ? Inputs.TimeAfter(input.Text, from) : Inputs.Time(input.Text))) is not { } end)
                    return new StepResult.Error($"\"{Inputs.Preview(VnText.Clean(input.Text))}\" không phải giờ. Gõ giờ:phút, ví dụ 21:15, hoặc thời lượng, ví dụ 2 tiếng.");
                if (Check(c, end) is { } why) return new StepResult.Error(why);
                var minutes = Duration(c, end)!.Value;
                var kind = Enum.TryParse<MeetingKind>(c.Get("loai"), out var k) ? k : MeetingKind.REGULAR;
                var min = p.Rules.MinimumFor(c.Cell, kind);
                var note = min == 0 ? $"Thời lượng {minutes} phút."
                    : ChiBo.Rules.MeetingRules.LongEnough(minutes, min)
                    ? $"Thời lượng {minutes} phút (tối thiểu {min} phút)."
                    : $"⚠ Thời lượng {minutes} phút, chưa đủ tối thiểu {min} phút theo {ProcedureRules.MinimumSource(c.Cell)}.";
                if (lasted is null && Inputs.Time(input.Text) != end) note = $"Giờ kết thúc: {Inputs.FormatTime(end)}. " + note; // "9h15" read as the evening's
                return new StepResult.Ok(Inputs.FormatTime(end), note);
            },
            Recheck = (c, v) => Check(c, Inputs.Time(v)!.Value),
        };
    }

    static Step ConfirmStep(StepTemplate t, ProcedureTemplate p) =>
        CommonSteps.Confirm(t.Id, t.Part, t.Help, c => $"{t.Prompt}\n{MeetingRecord.KeyFigures(c, p)}\n{c.Summary()}");
}
