using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Summaries;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Flows.Review;

/// <summary>
/// /xeploai — the secretary records the cell's year-end review meeting (QĐ 124-QĐ/TW): the level the cell proposes
/// for each member (their own proposal and their attendance shown), the cell's own level with the year's meetings as
/// evidence, and the vote of the full members. The "Hoàn thành xuất sắc" cap of the template is enforced. Once the
/// vote passes the review is the cell's: changed only by "/xeploai sửa &lt;tên&gt;: &lt;mức&gt;", which is audited.
/// </summary>
public sealed class CellReviewFlow : StepFlow
{
    public const string CommandName = "xeploai";
    public override string Command => CommandName;
    public override string Title => "ghi kết quả kiểm điểm, xếp loại cuối năm của chi bộ";
    public override int Version => 1;
    const string Part = "Xếp loại";
    const string YearKey = "_nam";
    const string NotRated = "NONE";
    /// <summary>The "chi bộ bốn tốt" criteria set whose data checks are shown as evidence.</summary>
    const string FourGoodCriteria = "chi-bo-bon-tot";

    static SelfReviewTemplate Template(StepContext c) => TemplateOf<SelfReviewTemplate>(c);

    public override Cell? CellFor(Turn turn, string args)
    {
        if (Commands.ReviewDecisions.Decides(turn, args))
        {
            Commands.ReviewDecisions.Handle(turn, args, SelfReview.YearOn(turn.Now)); // the level above records its decision
            return null;
        }
        var year = SelfReview.YearOn(turn.Now);
        // A member: their own level once the cell has passed its review, or that it has not yet (anything typed after the
        // command: the refusal below, only the leaders record it).
        if (VnText.Clean(args) == "" && Authorizer.LedCell(turn.Store, turn.Member!) is null && OwnLevel(turn, year) is { } own)
        {
            turn.Say(own);
            return null;
        }
        var cell = Authorizer.LedCellOrRefuse(turn, Title, "Đồng chí gõ /tukiemdiem để viết bản tự kiểm điểm của mình; chi bộ xếp loại tại buổi kiểm điểm cuối năm.");
        if (cell is null) return null;
        var text = VnText.Clean(args);
        if (VnText.Fold(text).StartsWith("sua"))
        {
            Correct(turn, cell, year, text[3..].Trim());
            return null;
        }
        if (turn.Store.CellReviews.FindById(CellReview.KeyOf(cell.Id, year)) is { Approved: true } done)
        {
            turn.Say($"Kết quả xếp loại năm {year} của {cell.Name} đã được chi bộ thông qua ({VnText.Date(VnClock.Local(done.RecordedAtUtc))}):\n{Describe(done)}\n" +
                     "Sửa mức của một người (ghi nhật ký): /xeploai sửa <tên>: <mức>, ví dụ /xeploai sửa Minh: hoàn thành tốt.");
            return null;
        }
        if (turn.Store.CellMembers(cell.Id).Count == 0)
        {
            turn.Say($"{cell.Name} chưa có danh sách đảng viên trên bot; thêm bằng /dangvien hoặc /nhap trước.");
            return null;
        }
        return cell;
    }

    /// <summary>
    /// A member's own year-end level once their cell has passed its review (proposed, or as the level above decided), or
    /// that it has not, or that they joined after it; null for one in no cell.
    /// </summary>
    public static string? OwnLevel(Turn turn, int year)
    {
        if (turn.Member!.CellId is not { } own || turn.Store.Cells.FindById(own) is not { } ownCell) return null;
        var passed = turn.Store.CellReviews.FindById(CellReview.KeyOf(own, year)) is { Approved: true } r ? r : null;
        if (passed?.Ratings.FirstOrDefault(x => x.MemberId == turn.Member.Id) is { } mine)
            return $"Đ/c {turn.Member.Name} — {Commands.Members.RatingText(passed, mine)}" +
                   (mine.Level != "" && mine.DecidedLevel == "" ? $". Chi bộ thông qua ngày {VnText.Date(VnClock.Local(passed.RecordedAtUtc))}; cấp ủy cấp trên chưa quyết định, khi có bot báo đồng chí." : ".");
        return passed is null
            ? $"{ownCell.Name} chưa thông qua kết quả kiểm điểm, xếp loại năm {year} (bí thư ghi tại buổi kiểm điểm cuối năm); khi có, gõ /xeploai để xem mức của đồng chí. Bản tự kiểm điểm của đồng chí: /tukiemdiem."
            : $"Kết quả xếp loại năm {year} của {ownCell.Name} (thông qua ngày {VnText.Date(VnClock.Local(passed.RecordedAtUtc))}) không có tên đồng chí: đồng chí vào chi bộ sau buổi kiểm điểm. Hỏi bí thư chi bộ nếu cần.";
    }

    public override void Start(Turn turn, Cell cell)
    {
        var template = turn.Templates.Get<SelfReviewTemplate>(SelfReviewFlow.TemplateId);
        var year = SelfReview.YearOn(turn.Now);
        var s = NewSession(turn, cell, template);
        s.Answers[YearKey] = year.ToString();
        var roster = Roster(turn, cell).Select(m => (Member: m, Why: SelfReview.NotReviewed(m, year))).ToList();
        var rated = roster.Where(x => x.Why is null).ToList();
        var notRated = roster.Where(x => x.Why is not null).Select(x => $"{x.Member.Name} ({x.Why})").ToList();
        var filed = turn.Store.SelfReviews.Find(r => r.CellId == cell.Id && r.Year == year).Count();
        Begin(turn, s,
            $"Kết quả kiểm điểm, xếp loại năm {year} của {cell.Name} (QĐ 124-QĐ/TW): {rated.Count} đảng viên ({filed} đã nộp bản tự kiểm điểm), " +
            "mức chi bộ đề nghị cho từng người, mức chi bộ tự nhận, rồi biểu quyết.\n" +
            NotFiled(turn, cell, template, year, rated.Select(x => x.Member)) +
            (notRated.Count == 0 ? "" : $"Không kiểm điểm, không xếp loại ({SelfReview.NotReviewedRule}): {string.Join(", ", notRated)}.\n") +
            $"Giới hạn: {template.ExcellentCapSource}.\n/tamdung tạm dừng · /quaylai sửa người trước · /huy hủy.");
    }

    /// <summary>
    /// Members still without a self-review: before the calendar's due day the review meeting is early (a secretary typing
    /// /xeploai to see the result is told how to leave); after it, how to enter one for a member who does not use the bot.
    /// </summary>
    static string NotFiled(Turn turn, Cell cell, SelfReviewTemplate template, int year, IEnumerable<Member> rated)
    {
        var missing = rated.Count(m => turn.Store.SelfReviews.FindById(SelfReview.KeyOf(m.Id, year)) is null);
        if (missing == 0) return "";
        var calendar = template.CalendarFor(cell.Path, id => turn.Store.OrgUnits.FindById(id)?.Path);
        var due = new DateTime(year, calendar.Month, calendar.DueDay);
        return turn.Now.Date <= due
            ? $"⚠ Hạn nộp bản tự kiểm điểm là {VnText.Date(due)}; còn {missing} đồng chí chưa nộp (/kiemdiem). Kết quả ghi tại buổi chi bộ họp kiểm điểm; chưa họp thì gõ /huy.\n"
            : $"Còn {missing} đồng chí chưa nộp bản tự kiểm điểm (/kiemdiem); bí thư ghi thay được: /tukiemdiem <tên>.\n";
    }

    static List<Member> Roster(Turn turn, Cell cell) => Attendee.InRollOrder(turn.Store.CellMembers(cell.Id), cell.Id);

    protected override IReadOnlyList<Step> StepsOf(StepContext ctx)
    {
        var t = Template(ctx);
        var year = int.Parse(ctx.Get(YearKey)!);
        var levels = t.Levels.Select(l => new Choice(l.Code, l.Label)).ToArray();
        var steps = new List<Step>();
        foreach (var m in Roster(ctx.Turn, ctx.Cell).Where(m => SelfReview.NotReviewed(m, year) is null))
        {
            // A member disciplined in the year is offered only the levels the rule allows (the template's order: best first).
            var discipline = m.Disciplines.FirstOrDefault(d => d.Year == year);
            var choices = discipline is null ? levels : levels.SkipWhile(l => l.Key != t.DisciplinedMaxLevel).ToArray();
            var disciplineNote = discipline is null ? "" : $" ⚠ Bị kỷ luật {discipline.Form} năm {year}: {t.DisciplinedSource}.";
            steps.Add(CommonSteps.Choose($"dv_{m.Id}", Part, m.Name,
                "Mức chi bộ đề nghị, sau khi nghe đảng viên đọc bản tự kiểm điểm và chi bộ góp ý. Đảng viên dự bị cũng được xếp loại.",
                c =>
                {
                    var self = c.Turn.Store.SelfReviews.FindById(SelfReview.KeyOf(m.Id, year));
                    var status = m.Status == MemberStatus.Probationary ? " (dự bị)" : "";
                    return $"Đ/c {m.Name}{status}: {(self is null ? "chưa nộp bản tự kiểm điểm" : $"tự nhận \"{self.ProposedLevelLabel}\"")}. " +
                           $"{AttendanceHistory.Describe(c.Turn.Store, c.Cell.Id, m.Id, year)}{disciplineNote}\nChi bộ đề nghị mức?";
                }, choices, Typed, byFirstWords: false));
            steps.Add(CommonSteps.With(CommonSteps.Text($"nx_{m.Id}", Part, $"Nhận xét của chi bộ về Đ/c {m.Name} (ưu điểm, hạn chế, góp ý)? Nếu không ghi, chọn \"Không có\".",
                "Tóm tắt ý kiến nhận xét, góp ý của chi bộ; ghi vào kết quả và bảng tổng hợp.", t.TextMaxLength, optional: true), $"Nhận xét Đ/c {m.Name}"));
        }
        steps.Add(CapCheck(t, year));
        steps.Add(CommonSteps.Choose("chi_bo", Part, "Chi bộ tự nhận",
            "Mức chi bộ tự nhận (tập thể chi bộ tự kiểm điểm), gửi cấp ủy cấp trên xem xét.",
            c => $"Chi bộ tự nhận mức xếp loại năm {year}? Căn cứ: {Evidence(c, year)}", levels, Typed, byFirstWords: false));
        steps.Add(new Step
        {
            Id = "bieu_quyet", Part = Part, Label = "Biểu quyết",
            Help = "Đảng viên chính thức biểu quyết (đảng viên dự bị không biểu quyết, Điều lệ Đảng, Điều 5); thông qua khi quá một nửa tán thành (QĐ 24-QĐ/TW, mục 9.3).",
            Ask = c =>
            {
                var (counted, exempt) = Voters(c);
                return CommonSteps.Worded($"Biểu quyết thông qua kết quả: số tán thành, không tán thành, không biểu quyết? (đảng viên chính thức được tính: {counted}" +
                    (exempt > 0 ? "; đảng viên miễn sinh hoạt có dự và biểu quyết thì tính thêm" : "") + ")", new Choice($"{counted} 0 0", $"{counted} 0 0"));
            },
            Read = (c, input) =>
            {
                var (counted, exempt) = Voters(c);
                var v = Inputs.Votes(input.Text, counted);
                if (v is null) return new StepResult.Error($"Cần ba số: tán thành, không tán thành, không biểu quyết (ví dụ: {counted} 0 0).");
                if (v.Sum() > counted + exempt)
                    return new StepResult.Error($"Tổng {v.Sum()} lớn hơn số đảng viên chính thức của chi bộ ({counted + exempt}{(exempt > 0 ? $", kể cả {exempt} miễn sinh hoạt" : "")}).");
                var voteBase = VoteBase((counted, exempt), v);
                return new StepResult.Ok(string.Join(' ', v), ChiBo.Rules.MeetingRules.Passes(v[0], voteBase) ? $"Thông qua: {v[0]}/{voteBase} tán thành."
                    : $"⚠ Chưa được quá một nửa ({v[0]}/{voteBase}): kết quả được lưu là chưa thông qua, chi bộ biểu quyết lại sau.");
            },
        });
        steps.Add(CommonSteps.Confirm("xac_nhan", Part, "Chọn Lưu để ghi kết quả; \"Sửa một bước\" rồi gõ số bước để sửa mức của một người.",
            c => $"Kết quả xếp loại năm {year} — kiểm tra trước khi lưu:\n{Counts(c, t)}\n{c.Summary()}"));
        return steps;
    }

    /// <summary>
    /// Who votes: the cell's full members (probationary ones do not, Điều lệ Đảng, Điều 5). Counted for the majority
    /// (QĐ 24-QĐ/TW, mục 9.3): those on the voting roll (not suspended, not away on a temporary transfer) not exempt from
    /// Party activities; an exempt member counts only by attending and voting.
    /// </summary>
    static (int Counted, int Exempt) Voters(StepContext c)
    {
        var members = Commands.Members.VotingRoll(c.Turn.Store, c.Cell);
        return (members.Count(m => m.Status == MemberStatus.Full), members.Count(m => m.Status == MemberStatus.Exempt));
    }

    /// <summary>The count the majority is of: the full members counted, and the exempt ones who voted (the votes beyond them).</summary>
    static int VoteBase((int Counted, int Exempt) voters, int[] votes) =>
        voters.Counted + Math.Clamp(votes.Sum() - voters.Counted, 0, voters.Exempt);

    /// <summary>The year's meetings, and the "bốn tốt" indicators the bot can check (with the members' levels chosen so far).</summary>
    static string Evidence(StepContext c, int year)
    {
        var months = Enumerable.Range(1, 12).Select(m => $"{year}-{m:00}").ToList();
        var data = ScopeData.Load(c.Turn.Store, c.Cell.Path, months[0], months[^1]);
        var stats = CellStats.Of(c.Cell, data, months, c.Turn.Now, c.Turn.Templates);
        var ratings = c.Answers.Where(a => a.Key.StartsWith("dv_")).Select(a => new MemberRating { Level = a.Value == NotRated ? "" : a.Value }).ToList();
        var set = c.Turn.Templates.Get<CriteriaSetTemplate>(FourGoodCriteria);
        var checks = YearChecks.Lines(set, stats, CellStats.Thematic(c.Cell, data, months, c.Turn.Now), ratings, c.Turn.Store.CellMembers(c.Cell.Id), year);
        return $"sinh hoạt thường kỳ {stats.HeldMonths.Count}/{stats.DueMonths} tháng, {stats.Meetings} buổi" +
               (stats.Evaluated > 0 ? $", chấm {stats.Evaluated} buổi: {stats.Levels}" : ", chưa buổi nào được chấm") + "." +
               (checks.Count == 0 ? "" : $"\nĐối chiếu tiêu chí \"{set.Name}\" (NQ 21-NQ/TW) với số liệu của bot:\n{string.Join('\n', checks)}");
    }

    static string Counts(StepContext c, SelfReviewTemplate t)
    {
        var year = int.Parse(c.Get(YearKey)!);
        var chosen = Roster(c.Turn, c.Cell).Select(m => LevelOf(c, m, year)).ToList();
        return string.Join(" · ", t.Levels.Select(l => $"{l.Label}: {chosen.Count(v => v == l.Code)}")) +
               (chosen.Contains(NotRated) ? $" · Không xếp loại: {chosen.Count(v => v == NotRated)}" : "");
    }

    protected override (string Message, string StepId)? Complete(StepContext ctx)
    {
        var turn = ctx.Turn;
        var t = Template(ctx);
        var year = int.Parse(ctx.Get(YearKey)!);
        var roster = Roster(turn, ctx.Cell);
        var ratings = roster.Select(m =>
        {
            var code = LevelOf(ctx, m, year);
            return new MemberRating
            {
                MemberId = m.Id, Name = m.Name, Status = m.Status,
                SelfLevel = turn.Store.SelfReviews.FindById(SelfReview.KeyOf(m.Id, year))?.ProposedLevel ?? "",
                Level = code == NotRated ? "" : code, LevelLabel = t.Levels.FirstOrDefault(l => l.Code == code)?.Label ?? "Không xếp loại",
                Comment = SelfReview.NotReviewed(m, year) is { } why ? $"Không kiểm điểm: {why} ({SelfReview.NotReviewedRule})." : ctx.Get($"nx_{m.Id}") ?? "",
            };
        }).ToList();
        if (CapProblem(ratings, t) is { } problem)
            return (problem, $"dv_{ratings.Last(r => r.Level == "EXCELLENT").MemberId}");
        var votes = ctx.Get("bieu_quyet")!.Split(' ').Select(int.Parse).ToArray();
        var cellLevel = t.Levels.First(l => l.Code == ctx.Get("chi_bo"));
        var voters = VoteBase(Voters(ctx), votes);
        var review = new CellReview
        {
            Id = CellReview.KeyOf(ctx.Cell.Id, year), CellId = ctx.Cell.Id, CellPath = ctx.Cell.Path, Year = year, Ratings = ratings,
            CellLevel = cellLevel.Code, CellLevelLabel = cellLevel.Label, VotesFor = votes[0], VotesAgainst = votes[1], VotesAbstain = votes[2],
            VoteBase = voters, Approved = ChiBo.Rules.MeetingRules.Passes(votes[0], voters), TemplateVersion = t.Version,
            RecordedBy = turn.Member!.Id, RecordedAtUtc = turn.UtcNow,
        };
        turn.Store.CellReviews.Upsert(review);
        turn.Audit("cell_review.filed", ctx.Cell.Id, $"Xếp loại năm {year}: {Describe(review).Replace('\n', ' ')}");
        ctx.Session.Finished = true;
        if (review.Approved) TellAssignedStaff(turn, ctx.Cell, review);
        turn.Say($"Đã lưu kết quả kiểm điểm, xếp loại năm {year} của {ctx.Cell.Name}" +
                 (review.Approved ? $" (chi bộ thông qua {votes[0]}/{voters}):" : $" — CHƯA thông qua ({votes[0]}/{voters} tán thành); biểu quyết lại bằng /xeploai:") +
                 $"\n{Describe(review)}");
        return null;
    }

    /// <summary>
    /// Before the cell's own level and the vote: when every member has a level and "Hoàn thành xuất sắc" is over the cap,
    /// the meeting lowers one of them first (not after voting on a result that cannot be saved). Never answered: choosing
    /// a name goes to that member's level, and the flow comes back past this check once the cap holds.
    /// </summary>
    static Step CapCheck(SelfReviewTemplate t, int year)
    {
        static List<Member> Excellent(StepContext c, int year) =>
            [.. Roster(c.Turn, c.Cell).Where(m => LevelOf(c, m, year) == "EXCELLENT")];
        string? Problem(StepContext c)
        {
            var rated = Roster(c.Turn, c.Cell).Where(m => SelfReview.NotReviewed(m, year) is null).ToList();
            if (rated.Any(m => !c.Has($"dv_{m.Id}"))) return null; // not every member has a level yet
            return CapProblem([.. rated.Select(m => new MemberRating { Name = m.Name, Level = LevelOf(c, m, year) })], t);
        }
        Choice[] Names(StepContext c) => [.. Excellent(c, year).Select(m => new Choice($"dv_{m.Id}", m.Name))];
        return new Step
        {
            Id = "han_muc", Part = Part, Label = "Giới hạn xuất sắc",
            Help = $"Giới hạn: {t.ExcellentCapSource}. Chọn một đồng chí xếp loại \"Hoàn thành xuất sắc nhiệm vụ\" để chi bộ hạ mức.",
            Applies = c => Problem(c) is not null,
            Counted = _ => false,
            Ask = c => CommonSteps.Closed($"⚠ {Problem(c)}\nChọn đồng chí để sửa mức trước khi biểu quyết:", Names(c)),
            Read = (c, input) =>
            {
                var names = Names(c);
                var folded = VnText.Fold(input.Text);
                var chosen = Inputs.Match(input, names)
                    ?? (folded == "" ? null : names.Where(n => VnText.Fold(n.Label) == folded || VnText.Fold(n.Label).EndsWith(" " + folded)).ToList() is [var one] ? one : null);
                return chosen is null ? new StepResult.Error($"Đồng chí chọn một trong: {Inputs.Menu(names)}.") : new StepResult.GoTo(chosen.Key);
            },
        };
    }

    /// <summary>
    /// The staff assigned to attend the cell (who follow it for the level above) learn that its review passed and how to
    /// record the level above's decision.
    /// </summary>
    static void TellAssignedStaff(Turn turn, Cell cell, CellReview review)
    {
        var staff = StaffAttendance.AssignedTo(turn.Store, cell.Id).ToHashSet();
        var text = $"📋 {cell.Name} đã thông qua kết quả kiểm điểm, xếp loại năm {review.Year} ({review.VotesFor}/{review.VoteBase} tán thành):\n{Describe(review)}\n" +
                   $"Ghi quyết định xếp loại của cấp ủy cấp trên: /xeploai {cell.Name}: <mức> <số, ngày quyết định>.";
        foreach (var id in staff)
            turn.TellMember(id, new Reply(text, [new Choice($"cmd:/xeploai {cell.Name}", "Xem, ghi quyết định")], Notice: true));
    }

    /// <summary>The level chosen for a member (a session begun before a member stopped being reviewed may hold one: not kept).</summary>
    static string LevelOf(StepContext c, Member m, int year) =>
        SelfReview.NotReviewed(m, year) is not null ? NotRated : c.Get($"dv_{m.Id}") ?? NotRated;

    /// <summary>
    /// The template's cap on "Hoàn thành xuất sắc", as a message when the ratings exceed it: the levels the cell proposes,
    /// or (<paramref name="final"/>) those the level above decided, the cell's proposal where it has not.
    /// </summary>
    internal static string? CapProblem(List<MemberRating> ratings, SelfReviewTemplate t, bool final = false)
    {
        string Of(MemberRating r) => final ? r.FinalLevel : r.Level;
        var excellent = ratings.Count(r => Of(r) == "EXCELLENT");
        var capped = ratings.Count(r => t.ExcellentCapOf.Contains(Of(r)));
        var allowed = ChiBo.Rules.MeetingRules.ExcellentAllowed(capped, t.ExcellentCapPercent);
        return excellent <= allowed ? null
            : $"\"Hoàn thành xuất sắc nhiệm vụ\": {excellent} đồng chí, vượt giới hạn {t.ExcellentCapPercent}% của {capped} đồng chí được xếp loại hoàn thành tốt nhiệm vụ trở lên " +
              $"(tối đa {allowed}). Căn cứ: {t.ExcellentCapSource}. Cần hạ mức ít nhất {excellent - allowed} trong số: " +
              string.Join(", ", ratings.Where(r => Of(r) == "EXCELLENT").Select(r => r.Name)) + ".";
    }

    public static string Describe(CellReview r)
    {
        var groups = r.Ratings.GroupBy(x => x.LevelLabel).Select(g => $"• {g.Key}: {g.Count()} ({string.Join(", ", g.Select(x => x.Name))})");
        var otherwise = r.Ratings.Where(x => x.DecidedLevel != "" && x.DecidedLevel != x.Level).Select(x => $"Đ/c {x.Name}: {x.DecidedLevelLabel}").ToList();
        return string.Join('\n', groups) + $"\n• Chi bộ tự nhận: {r.CellLevelLabel}" +
               (r.DecidedLevel == "" ? "" : $"\n• Cấp ủy cấp trên quyết định: {r.DecidedLevelLabel} ({r.Decision})") +
               (r.MembersDecision == "" && otherwise.Count == 0 ? ""
                   : $"\n• Xếp loại đảng viên, cấp trên quyết định: " + (r.MembersDecision == "" ? "" : $"như chi bộ đề nghị ({r.MembersDecision})") +
                     (otherwise.Count == 0 ? "" : (r.MembersDecision == "" ? "" : ", trừ ") + string.Join(", ", otherwise)));
    }

    /// <summary>A level typed in words or by its abbreviation ("HTT", "hoàn thành tốt").</summary>
    internal static Choice? Typed(string text, IReadOnlyList<Choice> levels) => YearLevels.Find(text, levels, l => l.Label);

    /// <summary>"/xeploai sửa Minh: hoàn thành tốt" — an audited correction of an approved review.</summary>
    static void Correct(Turn turn, Cell cell, int year, string rest)
    {
        var review = turn.Store.CellReviews.FindById(CellReview.KeyOf(cell.Id, year));
        if (review is null) { turn.Say($"{cell.Name} chưa ghi kết quả xếp loại năm {year}. Gõ /xeploai để ghi."); return; }
        var colon = rest.IndexOf(':');
        if (colon <= 0) { turn.Say("Gõ: /xeploai sửa <tên>: <mức>, ví dụ /xeploai sửa Minh: hoàn thành tốt."); return; }
        var member = Commands.Members.FindOne(turn, cell, rest[..colon].Trim());
        if (member is null) return;
        var rating = review.Ratings.FirstOrDefault(r => r.MemberId == member.Id);
        if (rating is null) { turn.Say($"Đ/c {member.Name} không có trong kết quả xếp loại năm {year}."); return; }
        if (SelfReview.NotReviewed(member, year) is { } why)
        {
            turn.Say($"Đ/c {member.Name} không kiểm điểm, không xếp loại năm {year}: {why} ({SelfReview.NotReviewedRule}).");
            return;
        }
        var t = turn.Templates.Get<SelfReviewTemplate>(SelfReviewFlow.TemplateId);
        // In full, without "nhiệm vụ", by abbreviation ("HTT") or the start of exactly one level (YearLevels).
        var level = YearLevels.Find(rest[(colon + 1)..], t.Levels, l => l.Label);
        if (level is null) { turn.Say($"Không rõ mức \"{Inputs.Preview(rest[(colon + 1)..].Trim())}\". Các mức: {string.Join("; ", t.Levels.Select(l => l.Label))}."); return; }
        if (rating.Level == level.Code) { turn.Say($"Đ/c {member.Name} đã ở mức {level.Label}; không có gì thay đổi."); return; }
        if (member.Disciplines.FirstOrDefault(d => d.Year == year) is { } discipline
            && t.Levels.FindIndex(l => l.Code == level.Code) < t.Levels.FindIndex(l => l.Code == t.DisciplinedMaxLevel))
        {
            turn.Say($"Đ/c {member.Name} bị kỷ luật {discipline.Form} năm {year}: không xếp cao hơn \"{t.Levels.First(l => l.Code == t.DisciplinedMaxLevel).Label}\" ({t.DisciplinedSource}).");
            return;
        }
        var before = rating.LevelLabel;
        (rating.Level, rating.LevelLabel) = (level.Code, level.Label);
        if (CapProblem(review.Ratings, t) is { } problem) { turn.Say(problem); return; }
        turn.Store.CellReviews.Update(review);
        turn.Audit("cell_review.corrected", cell.Id, $"Xếp loại năm {year}: Đ/c {member.Name} từ \"{before}\" thành \"{level.Label}\"");
        turn.Say($"Đã sửa: Đ/c {member.Name} từ \"{before}\" thành \"{level.Label}\" (có ghi nhật ký).\n{Describe(review)}");
    }
}
