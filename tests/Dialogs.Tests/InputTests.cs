using CsCheck;
using ChiBo.Dialogs.Commands;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Tests;

public sealed class InputTests
{
    [Fact]
    public void Text_is_kept_precomposed_and_text_that_is_not_valid_unicode_is_kept_as_it_came()
    {
        Assert.Equal("Nguyễn Văn Tiến", VnText.Clean("Nguye\u0302\u0303n Va\u0306n Tie\u0302\u0301n ")); // combining marks, as some keyboards type
        Assert.Equal("có mặt \ud800", VnText.Clean("có mặt \ud800")); // a lone surrogate: not normalised, no exception
    }

    [Theory]
    [InlineData("04/01", "2026-12-20", "2027-01-04")]   // in December, January is next year's
    [InlineData("20/12", "2026-12-20", "2026-12-20")]   // today is still ahead
    [InlineData("4-1-2027", "2026-12-20", "2027-01-04")]
    [InlineData("04.01.27", "2026-12-20", "2027-01-04")]
    [InlineData("29/02", "2027-03-01", "2028-02-29")]   // the next leap year's, never 28/02
    [InlineData("29/02", "2028-03-01", "2032-02-29")]
    [InlineData("29/02/2027", "2026-12-20", null)]
    [InlineData("31/11", "2026-12-20", null)]
    [InlineData("0/0", "2026-12-20", null)]
    [InlineData("4/1/2/3", "2026-12-20", null)]
    [InlineData("99999/1", "2026-12-20", null)]
    public void A_day_typed_for_something_to_come_is_the_next_such_day(string typed, string today, string? expected) =>
        Assert.Equal(expected is null ? null : DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            Inputs.DayAhead(typed, DateTime.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("đã duyệt rồi ạ", "yes")]
    [InlineData("duyệt rồi", "yes")]
    [InlineData("đã phê duyệt và gửi", "yes")]
    [InlineData("thông qua rồi", "yes")]
    [InlineData("vâng, đã thông qua và gửi rồi ạ", "yes")]
    [InlineData("vâng ạ", "yes")]
    [InlineData("chưa duyệt", "no")]
    [InlineData("chưa duyệt, chưa gửi", "no")]
    [InlineData("đã duyệt, chưa gửi", null)]
    [InlineData("duyệt", "yes")]
    [InlineData("gửi", null)]
    public void A_draft_said_approved_in_words_answers_the_thematic_question(string typed, string? expected)
    {
        var step = CommonSteps.YesNo("duyet_chuyen_de", "Chuẩn bị", "Dự thảo chuyên đề đã được chi ủy (hoặc bí thư) thông qua và gửi đảng viên nghiên cứu trước chưa?",
            "", yes: "Đã thông qua, đã gửi", no: "Chưa");
        Assert.Equal(expected, (step.Read(null!, new UserInput(null, typed)) as StepResult.Ok)?.Value);
    }

    [Theory]
    [InlineData("24", 24)]
    [InlineData(" 24 người ", 24)]
    [InlineData("không", 0)]
    [InlineData("1.250", 1250)]
    [InlineData("ba", 3)]
    [InlineData("Năm người", 5)]
    [InlineData("bảy đồng chí", 7)]
    [InlineData("mười", 10)]
    public void Counts_are_read_forgivingly(string text, int expected) => Assert.Equal(expected, Inputs.Count(text, 0, 5000).Value);

    [Theory]
    [InlineData("30000", 30_000L)]
    [InlineData("30.000", 30_000L)]
    [InlineData("30,000", 30_000L)]
    [InlineData("30.000đ", 30_000L)]
    [InlineData("30.000 đồng", 30_000L)]
    [InlineData("50k", 50_000L)]
    [InlineData("50 nghìn", 50_000L)]
    [InlineData("1,5 triệu", 1_500_000L)]
    [InlineData("1.5tr", 1_500_000L)]
    [InlineData("30", 30L)]
    [InlineData("3.00", null)] // neither a thousands group nor an amount in đồng
    [InlineData("ba mươi nghìn", null)]
    [InlineData("500 triệu", null)] // over the limit
    [InlineData("", null)]
    public void Amounts_of_money_are_read_as_people_type_them(string text, long? expected) => Assert.Equal(expected, Inputs.Money(text));

    [Theory]
    [InlineData("abc", "không phải là số")]
    [InlineData("ba mươi", "không phải là số")] // only one to ten as words
    [InlineData("năm nay", "không phải là số")]
    [InlineData("", "chưa nhập")]
    [InlineData("-3", "không được âm")]
    [InlineData("123456789012", "quá lớn")]
    [InlineData("3 4", "Đồng chí chỉ gõ một số")]
    [InlineData("99", "không lớn hơn 50")]
    public void Bad_counts_explain_why(string text, string why)
    {
        var (value, error) = Inputs.Count(text, 0, 50);
        Assert.Null(value);
        Assert.Contains(why, error);
    }

    [Theory]
    [InlineData("hôm nay", "2026-11-30")]
    [InlineData("Hom qua", "2026-11-29")]
    [InlineData("03/11/2026", "2026-11-03")]
    [InlineData("3-11-2026", "2026-11-03")]
    [InlineData("3/11", "2026-11-03")]
    [InlineData("ngày 3/11/2026", "2026-11-03")]
    public void Dates(string text, string expected) =>
        Assert.Equal(DateTime.Parse(expected), Inputs.Date(text, new DateTime(2026, 11, 30)));

    [Theory]
    [InlineData("31/2/2026")]
    [InlineData("mai")]
    public void Bad_dates(string text) => Assert.Null(Inputs.Date(text, new DateTime(2026, 11, 30)));

    [Theory]
    [InlineData("QĐ 20-QĐ/ĐU ngày 01/12/2026", "2026-12-01")]
    [InlineData("QĐ 20-QĐ/ĐU ngày 01/12/2026, từ ngày 03.12.2026", "2026-12-03")]
    [InlineData("Quyết định số 7 ngày 1-12-2026 của Đảng ủy, tu 2/12/2026", "2026-12-02")]
    [InlineData("QĐ 20-QĐ/ĐU ngày 18/12/26", "2026-12-18")]
    [InlineData("QĐ 20-QĐ/ĐU", null)]
    [InlineData("QĐ 20 ngày 31/02/2026", null)]
    [InlineData("QĐ 12/2026", null)]
    public void The_day_a_decision_names(string text, string? expected)
    {
        Assert.Equal(expected is null ? null : DateTime.Parse(expected), Inputs.DayIn(text, out var invalid));
        Assert.Equal(text.Contains("31/02") ? "31/02/2026" : null, invalid); // a date that does not exist is told apart from none
    }

    [Theory]
    [InlineData("19:30", 19 * 60 + 30)]
    [InlineData("19h30", 19 * 60 + 30)]
    [InlineData("7h", 7 * 60)]
    [InlineData("7 giờ 30", 7 * 60 + 30)]
    public void Times(string text, int minutes) => Assert.Equal(minutes, Inputs.Time(text));

    [Theory]
    [InlineData("24:00")]
    [InlineData("19:75")]
    [InlineData("tối")]
    public void Bad_times(string text) => Assert.Null(Inputs.Time(text));

    [Fact]
    public void A_choice_is_matched_by_number_label_or_key_ignoring_case_and_diacritics()
    {
        Choice[] menu = [new("REGULAR", "Thường kỳ"), new("THEMATIC", "Chuyên đề")];
        Assert.Equal("THEMATIC", Inputs.Match(UserInput.FromText("2"), menu)!.Key);
        Assert.Equal("THEMATIC", Inputs.Match(UserInput.FromText("2."), menu)!.Key);
        Assert.Equal("REGULAR", Inputs.Match(UserInput.FromText("THUONG KY"), menu)!.Key);
        Assert.Equal("REGULAR", Inputs.Match(new UserInput("REGULAR", "x"), menu)!.Key);
        Assert.Null(Inputs.Match(UserInput.FromText("3"), menu));
    }

    [Fact]
    public void A_label_ending_in_a_bracket_or_typed_with_a_full_stop_is_still_matched()
    {
        Choice[] menu = [new("cmd:/baocao", "Báo cáo (/baocao)"), new("save", "Lưu")];
        Assert.Equal("cmd:/baocao", Inputs.Match(UserInput.FromText("báo cáo (/baocao)"), menu)!.Key);
        Assert.Equal("save", Inputs.Match(UserInput.FromText("Lưu."), menu)!.Key);
        Assert.Equal("save", Inputs.Match(UserInput.FromText("2)"), menu)!.Key);
    }

    [Fact]
    public void Vietnamese_number_formats() => Assert.Equal(("87,5%", "1.250"), (VnText.Percent(0.875), VnText.Number(1250)));

    [Theory]
    [InlineData("19:30", 19 * 60 + 30)]
    [InlineData("7 giờ tối", 19 * 60)]
    [InlineData("7h30 tối", 19 * 60 + 30)]
    [InlineData("7 giờ rưỡi tối", 19 * 60 + 30)]
    [InlineData("2 giờ chiều", 14 * 60)]
    [InlineData("1 giờ trưa", 13 * 60)]
    [InlineData("10 giờ đêm", 22 * 60)]
    [InlineData("7 giờ sáng", 7 * 60)]
    [InlineData("19h tối", 19 * 60)]
    [InlineData("19 giờ sáng", null)]
    [InlineData("2 tiếng", null)]
    public void Times_of_day_as_people_say_them(string text, int? minutes) => Assert.Equal(minutes, Inputs.Time(text));

    [Theory]
    [InlineData("2 tiếng", 120)]
    [InlineData("2 tiếng rưỡi", 150)]
    [InlineData("1 tiếng 30 phút", 90)]
    [InlineData("1,5 tiếng", 90)]
    [InlineData("90 phút", 90)]
    [InlineData("2 giờ", null)] // a time of day, not a length
    [InlineData("21:15", null)]
    public void Lengths_of_time(string text, int? minutes) => Assert.Equal(minutes, Inputs.Span(text));

    [Theory]
    [InlineData("5/6", 6, 6, "5/6")]
    [InlineData("5 trên 6", 6, 6, "5/6")]
    [InlineData("5/6 đồng chí tán thành.", 6, 5, "5/6")]
    [InlineData("5 tán thành", 6, 6, "5/6")] // one count of full members: the votes are of it
    [InlineData("5 tán thành", 6, 5, null)] // an exempt member may or may not be counted: which count is unsaid
    [InlineData("nhất trí", 6, 6, null)] // those absent are not known
    [InlineData("5", 6, 6, null)]
    [InlineData("xét", 6, 6, null)]
    public void A_cells_vote_on_a_person(string text, int onRoll, int attending, string? expected) =>
        Assert.Equal(expected, ChiBo.Dialogs.Commands.ProbationCommands.CellVote(text, (onRoll, attending)) is var (f, of) ? $"{f}/{of}" : null);

    [Theory]
    [InlineData("9h15", 19 * 60 + 30, 21 * 60 + 15)] // after a 19:30 start: the evening's
    [InlineData("21:15", 19 * 60 + 30, 21 * 60 + 15)]
    [InlineData("9h15", 7 * 60 + 30, 9 * 60 + 15)] // after a morning start: as typed
    [InlineData("9h15 sáng", 19 * 60 + 30, 9 * 60 + 15)] // a part of the day said: as said (then refused as before the start)
    [InlineData("7h", 19 * 60 + 30, 7 * 60)] // 12 hours later is still not after the start: as typed (then refused)
    [InlineData("1h", 14 * 60, 60)]
    [InlineData("abc", 19 * 60, null)]
    public void An_end_time_is_read_after_the_start(string text, int start, int? expected) => Assert.Equal(expected, Inputs.TimeAfter(text, start));

    [Theory]
    [InlineData("rồi", null)] // a yes/no reply is not what is written down
    [InlineData("dạ vâng ạ", null)]
    [InlineData("OK", null)]
    [InlineData("xong rồi", null)]
    [InlineData("không", "không")] // "none" is an answer
    [InlineData("Nhà văn hóa thôn Đông", "Nhà văn hóa thôn Đông")]
    [InlineData("rồi, nhất trí thông qua", "rồi, nhất trí thông qua")]
    public void Free_text_takes_content_not_a_bare_yes(string text, string? expected) => Assert.Equal(expected, Inputs.FreeText(text, 200).Value);

    [Theory]
    [InlineData("7h", 19 * 60 + 30, 19 * 60)] // a cell that meets at 19:30: "7h" is the evening's
    [InlineData("7h30", 19 * 60 + 30, 19 * 60 + 30)]
    [InlineData("7 giờ sáng", 19 * 60 + 30, 7 * 60)] // a part of the day said: as said
    [InlineData("8h", 7 * 60 + 30, 8 * 60)] // a morning meeting: as typed
    [InlineData("2h", 14 * 60, 14 * 60)] // near 14:00: the afternoon's
    [InlineData("19:00", 19 * 60 + 30, 19 * 60)]
    [InlineData("sớm", 19 * 60, null)]
    public void A_start_time_is_read_near_the_usual_one(string text, int around, int? expected) => Assert.Equal(expected, Inputs.TimeNear(text, around));

    [Theory]
    [InlineData("om", "ốm")]
    [InlineData("Om dau", "Ốm đau")]
    [InlineData("di  cong tac", "đi công tác")]
    [InlineData("VIEC GIA DINH", "Việc gia đình")]
    [InlineData("ốm", "ốm")] // typed with its diacritics: as typed
    [InlineData("Đi công tác tỉnh", "Đi công tác tỉnh")]
    [InlineData("di cong tac tinh", "di cong tac tinh")] // not a usual reason word for word: as typed
    [InlineData("om.", "om.")]
    public void A_usual_reason_typed_without_diacritics_is_written_with_them(string typed, string written) =>
        Assert.Equal(written, ChiBo.Dialogs.Domain.AbsenceReasons.AsWritten(typed));

    static readonly string[] Levels = ["Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ", "Không hoàn thành nhiệm vụ"];

    [Theory]
    [InlineData("Hoàn thành tốt nhiệm vụ", 1)]
    [InlineData("hoan thanh tot", 1)]
    [InlineData("HTT", 1)]
    [InlineData("httnv", 1)]
    [InlineData("H.T.X.S", 0)]
    [InlineData("xuất sắc", 0)]
    [InlineData("tot", 1)]
    [InlineData("ht", 2)]
    [InlineData("hoàn thành nhiệm vụ", 2)]
    [InlineData("kht", 3)]
    [InlineData("không hoàn thành", 3)]
    [InlineData("hoàn thành", null)] // begins three levels
    [InlineData("không", null)] // a careless "no" rates nobody "Không hoàn thành"
    [InlineData("hoan", null)]
    [InlineData("khá", null)]
    [InlineData("", null)]
    public void A_year_end_level_is_read_as_officials_type_it(string typed, int? level) =>
        Assert.Equal(level is { } i ? Levels[i] : null, ChiBo.Dialogs.Domain.YearLevels.Find(typed, Levels, l => l));

    [Fact]
    public void A_level_not_offered_is_not_found() =>
        Assert.Null(ChiBo.Dialogs.Domain.YearLevels.Find("htt", Levels[2..], l => l)); // a disciplined member: "Hoàn thành nhiệm vụ" at most

    [Theory]
    [InlineData("5 0 0", "5 0 0")]
    [InlineData("3 tán thành, 1 không tán thành, 1 không biểu quyết", "3 1 1")]
    [InlineData("nhất trí 100%", "5 0 0")]
    [InlineData("Tất cả tán thành.", "5 0 0")]
    [InlineData("5 tán thành", "5 0 0")]
    [InlineData("tan thanh 5", "5 0 0")]
    [InlineData("nhất trí 5/5", "5 0 0")]
    [InlineData("5/5 đồng chí tán thành", "5 0 0")]
    [InlineData("4 tán thành", null)] // the fifth: against or abstaining, unsaid
    [InlineData("4/5 tán thành", null)]
    [InlineData("5 không tán thành", null)]
    [InlineData("5", null)]
    [InlineData("5 0", null)]
    public void Votes_of_five_as_secretaries_type_them(string text, string? expected) =>
        Assert.Equal(expected, Inputs.Votes(text, 5) is { } v ? string.Join(' ', v) : null);

    /// <summary>One rounding for every reported figure: one decimal, half up, whatever binary noise the division left.</summary>
    [Theory]
    [InlineData(72.25, "72,3")]
    [InlineData(72.35, "72,4")]
    [InlineData(88.45, "88,5")]
    [InlineData(72.24, "72,2")]
    public void Figures_round_half_up(double value, string shown)
    {
        Assert.Equal(shown, VnText.Number(value));
        Assert.Equal(shown + "%", VnText.Percent(value / 100));
    }

    [Fact]
    public void Free_text_rejects_emoji_only_and_too_long()
    {
        Assert.NotNull(Inputs.FreeText("😀😀", 100).Error);
        Assert.Contains("quá giới hạn", Inputs.FreeText(new string('a', 101), 100).Error);
        Assert.Equal("Có nội dung", Inputs.FreeText("  Có nội dung\u0007 ", 100).Value);
    }

    [Theory]
    [InlineData("sinhoat", "sinhhoat", 1)]
    [InlineData("lichop", "lichhop", 1)]
    [InlineData("tonghop", "tonghop", 0)]
    [InlineData("", "abc", 3)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("ketqua", "comat", 6)]
    public void Edit_distance_counts_the_letters_to_change(string a, string b, int expected)
    {
        Assert.Equal(expected, VnText.EditDistance(a, b));
        Assert.Equal(expected, VnText.EditDistance(b, a));
    }

    [Theory]
    [InlineData("có", true, "")]
    [InlineData("Có mặt ạ", true, "")]
    [InlineData("em tham dự", true, "")]
    [InlineData("co mat", true, "")]
    [InlineData("Vâng ạ", true, "")]
    [InlineData("ok", true, "")]
    [InlineData("👍", true, "")]
    [InlineData("vắng", false, "")]
    [InlineData("Vắng, đi công tác", false, "đi công tác")]
    [InlineData("em xin phép vắng mặt vì ốm", false, "ốm")]
    [InlineData("Em xin phép không dự được do đi công tác Hà Nội", false, "đi công tác Hà Nội")]
    [InlineData("bận việc gia đình", false, "việc gia đình")]
    [InlineData("xin phep vang vi om", false, "om")]
    [InlineData("nghỉ ốm", false, "ốm")]
    [InlineData("Em vắng ạ", false, "")]
    [InlineData("em vắng ạ, bận việc nhà", false, "bận việc nhà")]
    [InlineData("vắng do ốm nhé", false, "ốm")]
    [InlineData("vắng, việc nhà", false, "việc nhà")]
    public void A_reply_to_a_notice_says_coming_or_absent_and_why(string text, bool present, string reason) =>
        Assert.Equal((present, reason), Attendance.ReadReply(text));

    [Theory]
    [InlineData("vang")] // "vâng" (yes) or "vắng" (absent) without diacritics
    [InlineData("cảm ơn")]
    [InlineData("không")]
    [InlineData("mấy giờ họp?")]
    [InlineData("đi công tác")]
    public void An_unclear_reply_to_a_notice_is_not_taken_as_an_answer(string text) => Assert.Null(Attendance.ReadReply(text));

    [Fact]
    public void Any_reply_to_a_notice_reads_without_failing_and_its_reason_comes_from_its_words()
    {
        string[] known = ["có", "mặt", "vắng", "vang", "vâng", "ạ", "em", "xin", "phép", "không", "dự", "vì", "ốm", "nhà", ",", "👍", "@ChiBo", "  ", "\n"];
        var words = CsCheck.Gen.OneOf(known.Select(CsCheck.Gen.Const).ToArray());
        CsCheck.Gen.OneOf(CsCheck.Gen.String, words.Array[0, 8].Select(w => string.Join(' ', w))).Sample(text =>
        {
            if (Attendance.ReadReply(text) is { Present: false, Reason: var reason })
                Assert.All(reason.Split(' ', StringSplitOptions.RemoveEmptyEntries), w => Assert.Contains(w, text));
        });
    }

    static readonly Choice[] Documents = [new("ahead", "Trước ít nhất 1 ngày"), new("same", "Trong ngày họp"), new("none", "Không gửi trước")];
    static readonly Choice[] Tasks = [new("done", "Hoàn thành"), new("doing", "Đang thực hiện"), new("not", "Chưa thực hiện")];

    [Theory]
    [InlineData("không", "none")]
    [InlineData("Không ạ", "none")]
    [InlineData("trong ngày", "same")]
    [InlineData("trong ngay hop", "same")]
    [InlineData("Trước", "ahead")]
    [InlineData("dạ, trong ngày họp rồi ạ", "same")]
    [InlineData("gửi trước", null)]     // words from the middle: "Không gửi trước" says the opposite
    [InlineData("1", null)]             // a number is the menu's own reading
    [InlineData("ngày", null)]
    [InlineData("ạ", null)]
    [InlineData("không gửi trước vì quên", null)]
    public void A_menu_answer_in_words_is_the_one_label_it_starts(string typed, string? key) =>
        Assert.Equal(key, Inputs.Started(typed, Documents)?.Key);

    [Theory]
    [InlineData("đang", "doing")]
    [InlineData("chưa ạ", "not")]
    [InlineData("hoàn thành rồi", "done")]
    [InlineData("thực hiện", null)]
    public void A_task_result_in_words(string typed, string? key) => Assert.Equal(key, Inputs.Started(typed, Tasks)?.Key);

    [Fact]
    public void A_label_that_starts_another_is_taken_whole()
    {
        Choice[] saving = [new("save", "Lưu"), new("cut", "Lưu phần đầu (2.000 ký tự)")];
        Assert.Equal("save", Inputs.Started("lưu ạ", saving)?.Key);
        Assert.Equal("cut", Inputs.Started("lưu phần đầu", saving)?.Key);
    }

    [Fact]
    public void Any_answer_to_a_menu_is_at_most_one_choice_whose_label_starts_with_its_words() =>
        CsCheck.Gen.OneOf(CsCheck.Gen.String, CsCheck.Gen.OneOf(new[] { "không", "trong", "ngày", "ạ", "rồi", "dạ", "1", "gửi", "trước", " ", "," }
            .Select(CsCheck.Gen.Const).ToArray()).Array[0, 5].Select(w => string.Join(' ', w))).Sample(text =>
        {
            if (Inputs.Started(text, Documents) is { } choice)
                Assert.StartsWith(string.Join(' ', Inputs.AnswerWords(text)), string.Join(' ', Inputs.AnswerWords(choice.Label)));
        });

    [Theory]
    [InlineData("trước 1 ngày", 1, DocumentsAhead.OneDayOrMore)]
    [InlineData("gửi trước 3 ngày ạ", 1, DocumentsAhead.OneDayOrMore)]
    [InlineData("từ hôm qua", 1, DocumentsAhead.OneDayOrMore)]
    [InlineData("tuần trước", 2, DocumentsAhead.OneDayOrMore)]
    [InlineData("trước 1 ngày", 2, null)]      // less than the rules ask: not "at least 2 days"
    [InlineData("sáng nay mới gửi", 1, DocumentsAhead.SameDay)]
    [InlineData("gửi lúc họp", 1, DocumentsAhead.SameDay)]
    [InlineData("không gửi trước 1 ngày", 1, DocumentsAhead.None)]
    [InlineData("chưa gửi", 1, DocumentsAhead.None)]
    [InlineData("gửi trước", 1, null)]
    [InlineData("có", 1, null)]
    public void When_the_papers_went_out_said_in_words(string typed, int daysAhead, DocumentsAhead? expected) =>
        Assert.Equal(expected, ChiBo.Dialogs.Flows.Meeting.MeetingSteps.DocumentsSaid(typed, daysAhead));

    [Theory]
    [InlineData("anh Tuấn", "Tuấn")]
    [InlineData("chị Chi", "Chi")]
    [InlineData("Chi", "Chi")]                  // a word alone is a name
    [InlineData("Đông", "Đông")]
    [InlineData("đồng chí Đông", "Đông")]
    [InlineData("Đ/c Minh", "Minh")]
    [InlineData("đ/c: Nguyễn Văn An", "Nguyễn Văn An")]
    public void A_name_said_with_a_title_is_the_name(string typed, string name) => Assert.Equal(name, VnText.WithoutTitle(typed));

    [Theory]   // today: Monday 07/12/2026
    [InlineData("tối qua", "2026-12-06")]
    [InlineData("Hôm qua ạ", "2026-12-06")]
    [InlineData("hôm kia", "2026-12-05")]
    [InlineData("ngày 3", "2026-12-03")]
    [InlineData("ngày 9", "2026-11-09")]          // the 9th of this month is still to come
    [InlineData("ngày 31", "2026-10-31")]         // November has no 31st
    [InlineData("thứ năm", "2026-12-03")]
    [InlineData("tối thứ 5 tuần trước", "2026-12-03")]
    [InlineData("thứ hai", "2026-12-07")]         // today is a Monday
    [InlineData("thứ 2 tuần trước", "2026-11-30")]
    [InlineData("chủ nhật", "2026-12-06")]
    [InlineData("03/12", "2026-12-03")]
    [InlineData("3", null)]                       // a number alone is no day
    [InlineData("ngày 32", null)]
    [InlineData("mai", null)]
    public void A_day_just_past_said_as_people_say_it(string typed, string? expected) =>
        Assert.Equal(expected, Inputs.PastDate(typed, new DateTime(2026, 12, 7))?.ToString("yyyy-MM-dd"));

    [Theory]
    [InlineData("anh Tuấn", "Đỗ Văn Tuấn")]
    [InlineData("chị Chi", "Nguyễn Thị Chi")]
    [InlineData("Chi", "Nguyễn Thị Chi")]
    [InlineData("đồng chí Đông", "Trần Văn Đông")]
    [InlineData("đ/c Bình", null)]
    public void A_name_typed_with_a_title_names_the_person(string typed, string? expected)
    {
        string[] names = ["Đỗ Văn Tuấn", "Nguyễn Thị Chi", "Trần Văn Đông"];
        var found = VnText.NameMatches(names, typed, n => n, n => n);
        if (expected is null) Assert.Empty(found);
        else Assert.Equal([expected], found);
    }

    [Fact]
    public void A_cell_typed_with_chi_bo_is_read_whole_not_as_a_title() =>
        Assert.Equal(["Chi bộ thôn Đông"], VnText.NameMatches(["Chi bộ thôn Đông", "Chi bộ thôn Đông mở rộng"], "chi bộ thôn Đông", n => n, n => n));

    [Theory]
    [InlineData("vì ốm ạ", "ốm")]
    [InlineData("lý do: đi công tác", "đi công tác")]
    [InlineData("do con ốm", "con ốm")]
    [InlineData("vi om", "ốm")]
    [InlineData("Có lý do đi làm xa", "đi làm xa")]
    [InlineData("ạ", "")]
    [InlineData("đi dự đám cưới nhé", "đi dự đám cưới")]
    [InlineData("dong ho hop lop", "dong ho hop lop")]   // "do" only as a whole word
    public void A_reason_as_typed_keeps_only_the_reason(string typed, string reason) =>
        Assert.Equal(reason, ChiBo.Dialogs.Domain.AbsenceReasons.Typed(typed));

    [Fact]
    public void A_day_said_in_words_is_never_one_to_come()
    {
        var today = new DateTime(2026, 12, 7);
        string[] known = ["tối", "hôm", "qua", "kia", "ngày", "3", "31", "29", "thứ", "năm", "5", "chủ", "nhật", "tuần", "trước", "ạ", "vừa", "rồi"];
        CsCheck.Gen.OneOf(CsCheck.Gen.String, CsCheck.Gen.OneOf(known.Select(CsCheck.Gen.Const).ToArray()).Array[0, 5].Select(w => string.Join(' ', w)))
            .Sample(text =>
            {
                if (Inputs.Date(text, today) is null && Inputs.PastDate(text, today) is { } day)
                    Assert.True(day <= today && day > today.AddMonths(-3), $"\"{text}\" read as {day:dd/MM/yyyy}");
            });
    }

    [Theory]
    [InlineData("có ạ", true)]
    [InlineData("Dạ, rồi ạ", true)]
    [InlineData("đồng ý", true)]
    [InlineData("nhất trí ạ", true)]
    [InlineData("có rồi", true)]
    [InlineData("dạ không", false)]
    [InlineData("chưa ạ", false)]
    [InlineData("em có ạ", true)]
    [InlineData("tôi chưa", false)]
    [InlineData("em", null)]
    [InlineData("dạ vâng ạ", true)]
    [InlineData("vâng rồi", true)]
    [InlineData("ừ", true)]
    [InlineData("okay", true)]
    [InlineData("dạ", null)] // "yes?": heard, not agreed
    [InlineData("xong", null)]
    [InlineData("có mặt", null)]
    [InlineData("không biết", null)]
    public void A_yes_or_a_no_with_its_courtesy(string typed, bool? expected) => Assert.Equal(expected, Inputs.YesOrNo(typed));
}
