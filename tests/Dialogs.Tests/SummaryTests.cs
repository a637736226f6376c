using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Summaries;

namespace ChiBo.Dialogs.Tests;

public sealed class SummaryTests
{
    static readonly DateTime Today = new(2026, 12, 5);

    [Theory]
    [InlineData("", null, "")]
    [InlineData("tháng 10", "2026-10", "")]
    [InlineData("thôn Đông tháng 10/2025", "2025-10", "thôn Đông")]
    [InlineData("10/2026", "2026-10", "")]
    [InlineData("tháng 12", "2026-12", "")]
    [InlineData("tháng 3 năm 2025", "2025-03", "")]
    [InlineData("quý 3", "2026-Q3", "")]
    [InlineData("Đảng bộ xã Yên Mỹ quý IV/2025", "2025-Q4", "Đảng bộ xã Yên Mỹ")]
    [InlineData("năm 2025", "2025", "")]
    [InlineData("2026", "2026", "")]
    [InlineData("thôn Đông", null, "thôn Đông")]
    [InlineData("Chi bộ xóm Nam 2", null, "Chi bộ xóm Nam 2")] // a place's name, not a year
    [InlineData("6 tháng", "2026-6T", "")]
    [InlineData("9 tháng đầu năm 2025", "2025-9T", "")]
    [InlineData("xã Yên Mỹ 6 tháng năm 2026", "2026-6T", "xã Yên Mỹ")]
    [InlineData("từ 01/06/2026 đến 30/11/2026", "2026-06_2026-11", "")]
    [InlineData("thôn Đông từ 6/2026 đến 8/2026", "2026-06_2026-08", "thôn Đông")]
    [InlineData("từ 15/11/2025 đến 10/02/2026", "2025-11_2026-02", "")]
    [InlineData("tháng trước", "2026-11", "")]
    [InlineData("thôn Đông tháng này", "2026-12", "thôn Đông")]
    [InlineData("quý trước", "2026-Q3", "")]
    [InlineData("quý này", "2026-Q4", "")]
    [InlineData("năm ngoái", "2025", "")]
    [InlineData("Đảng bộ xã Yên Mỹ năm nay", "2026", "Đảng bộ xã Yên Mỹ")]
    public void Periods_are_read_from_the_end_of_what_was_typed(string text, string? code, string before)
    {
        var (period, rest, error) = Period.Parse(text, Today);
        Assert.Null(error);
        Assert.Equal(code, period?.Code);
        Assert.Equal(before, rest);
    }

    [Theory]
    [InlineData("tháng 13", "Không có tháng 13: tháng từ 1 đến 12.")]
    [InlineData("13/2026", "Không có tháng 13: tháng từ 1 đến 12.")]
    [InlineData("thôn Đông tháng 0", "Không có tháng 0: tháng từ 1 đến 12.")]
    [InlineData("quý 5", "Không có quý 5: quý từ 1 đến 4 (hoặc I đến IV).")]
    [InlineData("năm 99999", "Năm 99999 không hợp lệ.")]
    [InlineData("thôn Đông năm 202", "Năm 202 không hợp lệ.")]
    [InlineData("năm 1990", "Năm 1990 không hợp lệ.")]
    [InlineData("từ 01/12/2026 đến 30/06/2026", "Ngày kết thúc ở trước ngày bắt đầu.")]
    [InlineData("từ 31/02/2026 đến 30/06/2026", "Ngày \"31/02/2026\" không có thật.")]
    public void A_period_that_cannot_be_is_an_error_not_a_name(string text, string error)
    {
        var parsed = Period.Parse(text, Today);
        Assert.Null(parsed.Period);
        Assert.Equal(error, parsed.Error);
    }

    [Fact]
    public void Labels_comparisons_and_the_same_period_last_year()
    {
        var nine = new Period(PeriodKind.FirstMonths, 2026, 9);
        Assert.Equal(("9 tháng đầu năm 2026", "2026-01", "2026-09", 9), (nine.Label, nine.FirstMonth, nine.LastMonth, nine.Months.Count()));
        Assert.Equal("9 tháng đầu năm 2025", nine.Previous.Label); // the same months a year earlier
        var range = Period.Between(new DateTime(2026, 6, 1), new DateTime(2026, 11, 30));
        Assert.Equal(("từ tháng 06/2026 đến tháng 11/2026", "từ tháng 12/2025 đến tháng 05/2026"), (range.Label, range.Previous.Label));
        Assert.Equal("quý III/2025", new Period(PeriodKind.Quarter, 2026, 3).SameLastYear.Label);
        Assert.True(Period.CutsMonths("từ 15/11/2025 đến 10/02/2026"));
        Assert.False(Period.CutsMonths("từ 01/06/2026 đến 30/11/2026"));
    }

    [Fact]
    public void A_month_without_a_year_is_the_latest_one_not_after_today_and_periods_chain_back()
    {
        Assert.Equal("2025-12", Period.Parse("tháng 12", new DateTime(2026, 11, 30)).Period!.Code);
        Assert.Equal("2025-Q4", new Period(PeriodKind.Quarter, 2026, 1).Previous.Code);
        Assert.Equal("2026-01", new Period(PeriodKind.Month, 2026, 2).Previous.Code);
        Assert.Equal(["2026-07", "2026-08", "2026-09"], new Period(PeriodKind.Quarter, 2026, 3).Months);
    }

    /// <summary>Who gets a summary of what: role × command × own or other scope.</summary>
    [Theory]
    [InlineData("dung", "/tonghop", "Đầu tháng nên bot tổng hợp tháng 11/2026; tháng này: /tonghop tháng 12.\nĐảng bộ xã Yên Mỹ — tháng 11/2026")]
    [InlineData("dung", "/tonghop thôn Đông", "Chi bộ thôn Đông — 12 tháng gần nhất")]
    [InlineData("dung", "/tonghop xã Yên Mỹ quý 3", "Đảng bộ xã Yên Mỹ — quý III/2026")]
    [InlineData("dung", "/tonghop tỉnh Hưng Yên", "ngoài phạm vi")]
    [InlineData("admin", "/tonghop", "Đảng bộ tỉnh Hưng Yên — tháng 11/2026")]
    [InlineData("admin", "/tonghop công ty may", "Chi bộ Công ty May Yên Mỹ — 12 tháng gần nhất")]
    [InlineData("admin", "/tonghop Đảng bộ quý 3", "Có nhiều đơn vị khớp")]
    [InlineData("an", "/tonghop", "Chi bộ thôn Đông — 12 tháng gần nhất")]
    [InlineData("an", "/tonghop thôn Đông", "Chi bộ thôn Đông — 12 tháng gần nhất")]
    [InlineData("an", "/tonghop công ty may", "ngoài phạm vi")]
    [InlineData("an", "/tonghop xã Yên Mỹ", "ngoài phạm vi")]
    [InlineData("hoa", "/tonghop", "Chi bộ thôn Đông — 12 tháng gần nhất")]
    [InlineData("minh", "/tonghop", "dành cho cán bộ cấp trên")]
    [InlineData("minh", "/tonghop thôn Đông", "dành cho cán bộ cấp trên")]
    [InlineData("dung", "/tonghop thôn Tây", "Không tìm thấy")]
    [InlineData("dung", "/tonghop tháng 2/2027", "chưa bắt đầu")]
    public async Task Authorisation_of_summaries(string user, string command, string expected)
    {
        using var t = new TestStore();
        t.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.FromHours(7)));
        DemoData.SeedHistory(t.Store, TestStore.Templates, t.Clock.GetUtcNow().UtcDateTime);
        await t.Pipeline.HandleAsync(t.Private(user, command));
        var reply = Assert.Single(t.Replies(user));
        Assert.Contains(expected, reply);
        Assert.Empty(t.Log.Errors);
    }

    [Fact]
    public void The_communes_summary_counts_what_the_demo_history_holds()
    {
        using var t = new TestStore();
        t.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.FromHours(7)));
        DemoData.SeedHistory(t.Store, TestStore.Templates, t.Clock.GetUtcNow().UtcDateTime);
        var unit = t.Store.OrgUnits.FindById("xa-yen-my");
        var s = UnitSummary.Build(t.Store, TestStore.Templates, unit, new Period(PeriodKind.Quarter, 2026, 3), new DateTime(2026, 12, 5, 10, 0, 0));
        Assert.Equal(4, s.Cells.Count);
        Assert.Equal(["cb-cty-may"], s.Cells.Where(c => c.LateMonths.Count > 0).Select(c => c.Cell.Id));
        Assert.Equal(11, s.Cells.Sum(c => c.Meetings));
        Assert.Equal(10, s.Cells.Sum(c => c.Evaluated));
        Assert.Equal(3, s.ThematicCells); // thôn Đông (7), THCS (8), UBND xã (7); not Công ty May
        // Short: combined meetings under 120 minutes (thôn Đông in July, THCS in August) and THCS's 60 minutes in September.
        Assert.Equal(["cb-thcs-yen-my 2026-08", "cb-thcs-yen-my 2026-09", "cb-thon-dong 2026-07"], s.Cells.SelectMany(c => c.ShortMonths.Select(m => $"{c.Cell.Id} {m}")).Order());
    }

    [Fact]
    public void A_cell_yet_to_hold_its_thematic_meeting_says_the_day_it_called_for_it()
    {
        using var t = new TestStore();
        t.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.FromHours(7)));
        DemoData.SeedHistory(t.Store, TestStore.Templates, t.Clock.GetUtcNow().UtcDateTime);
        var now = new DateTime(2026, 12, 5, 10, 0, 0);
        var may = t.Store.Cells.FindById("cb-cty-may")!;
        Assert.Contains("(quý này chưa có, quý chưa hết).", CellHistory.Text(t.Store, TestStore.Templates, may, now));
        may.Called = [new Domain.CalledMeeting { Date = "2026-12-20", Time = "15:00", Kind = Domain.MeetingKind.THEMATIC, Topic = "Văn hóa doanh nghiệp" },
            new Domain.CalledMeeting { Date = "2026-12-12", Time = "15:00", Kind = Domain.MeetingKind.THEMATIC, Topic = "Đã hủy", CancelledAtUtc = now }];
        t.Store.InTransaction(() => t.Store.Cells.Update(may));
        Assert.Contains("(quý này chưa có, đã báo lịch 20/12).", CellHistory.Text(t.Store, TestStore.Templates, may, now));
        // Not a day of next quarter.
        may.Called[0].Date = "2027-01-08";
        t.Store.InTransaction(() => t.Store.Cells.Update(may));
        Assert.Contains("(quý này chưa có, quý chưa hết).", CellHistory.Text(t.Store, TestStore.Templates, may, now));
    }

    [Fact]
    public void Rebuilt_roll_ups_equal_the_ones_kept_with_each_write()
    {
        using var t = new TestStore();
        DemoData.SeedHistory(t.Store, TestStore.Templates, t.Clock.GetUtcNow().UtcDateTime);
        var rows = t.Store.Db.GetCollection(CellMonth.Collection);
        var kept = rows.FindAll().OrderBy(r => r["_id"].AsString).Select(r => r.ToString()).ToList();
        Assert.Equal(23, kept.Count); // 4 cells × 6 months, one month missed
        t.Store.Db.DropCollection(CellMonth.Collection);
        CellMonth.RebuildIfMissing(t.Store, TestStore.Templates);
        Assert.Equal(kept, rows.FindAll().OrderBy(r => r["_id"].AsString).Select(r => r.ToString()).ToList());
    }

    [Fact]
    public void A_month_kept_in_memory_is_read_again_after_a_meeting_is_recorded_in_it()
    {
        using var t = new TestStore();
        var now = new DateTime(2026, 12, 5, 10, 0, 0);
        t.Clock.SetUtcNow(new DateTimeOffset(now, TimeSpan.FromHours(7)));
        DemoData.SeedHistory(t.Store, TestStore.Templates, t.Clock.GetUtcNow().UtcDateTime);
        var unit = t.Store.OrgUnits.FindById("xa-yen-my");
        var december = new Period(PeriodKind.Month, 2026, 12);
        Assert.Equal(0, UnitSummary.Build(t.Store, TestStore.Templates, unit, december, now).Cells.Sum(c => c.Meetings)); // now cached
        var cell = t.Store.Cells.FindById("cb-ubnd-xa");
        t.Store.Meetings.Insert(new Domain.Meeting { Id = "m-dec", CellId = cell.Id, CellPath = cell.Path, Month = "2026-12", Date = new DateTime(2026, 12, 2), Kind = Domain.MeetingKind.REGULAR, Summoned = 2, Present = 2 });
        CellMonth.Refresh(t.Store, TestStore.Templates, cell.Id, "2026-12");
        var after = UnitSummary.Build(t.Store, TestStore.Templates, unit, december, now);
        Assert.Equal(1, after.Cells.Sum(c => c.Meetings));
        Assert.True(after.Cells.Single(c => c.Cell.Id == cell.Id).HeldAll);
    }

    /// <summary>
    /// Summaries are read outside the write transaction, in a snapshot: a month read there while a meeting of that month
    /// was being recorded must not stay in memory without it (else every later /tonghop would miss that meeting).
    /// </summary>
    /// <summary>
    /// A province's summary keeps a month's Sổ tay points in memory: points /sotay records later are seen by the next
    /// summary (the recording forgets the month), and a month read in a snapshot from before them is not kept without them.
    /// </summary>
    [Fact]
    public async Task A_months_Sổ_tay_points_kept_in_memory_follow_what_is_recorded_after()
    {
        using var t = new TestStore();
        t.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 4, 20, 0, 0, TimeSpan.FromHours(7)));
        using var began = new ManualResetEventSlim();
        using var go = new ManualResetEventSlim();
        var reader = Task.Run(() => t.Store.Read(() =>
        {
            t.Store.HandbookPoints.Count(); // the snapshot begins here
            began.Set();
            go.Wait(TimeSpan.FromSeconds(30));
            return HandbookMonths.Of(t.Store, "2026-11");
        }));
        Assert.True(began.Wait(TimeSpan.FromSeconds(30)));
        await t.Pipeline.HandleAsync(t.Private("cuong", "/sotay 1 35, Hải 22"));
        Assert.Contains("Đã ghi điểm Sổ tay tháng 11/2026", t.Replies("cuong").Last());
        go.Set();
        Assert.Empty(await reader); // the snapshot began before the points
        var november = HandbookMonths.Of(t.Store, "2026-11");
        Assert.Equal([("cuong", 35), ("hai", 22)], november.Select(p => (p.MemberId, p.Points)).OrderBy(x => x.MemberId));
        await t.Pipeline.HandleAsync(t.Private("cuong", "/sotay Hải 31"));
        Assert.Contains(("hai", 31), HandbookMonths.Of(t.Store, "2026-11").Select(p => (p.MemberId, p.Points)));
    }

    [Fact]
    public async Task A_month_read_in_a_snapshot_from_before_a_meeting_is_not_kept_without_it()
    {
        using var t = new TestStore();
        DemoData.SeedHistory(t.Store, TestStore.Templates, t.Clock.GetUtcNow().UtcDateTime);
        CellMonth.DropCache(t.Store);
        var cell = t.Store.Cells.FindById("cb-ubnd-xa");
        using var began = new ManualResetEventSlim();
        using var go = new ManualResetEventSlim();
        var reader = Task.Run(() => t.Store.Read(() =>
        {
            CellMonth.Rows(t.Store).Count(); // the snapshot of the roll-ups begins here
            began.Set();
            go.Wait(TimeSpan.FromSeconds(30));
            return CellMonth.OfMonth(t.Store, "2026-12");
        }));
        Assert.True(began.Wait(TimeSpan.FromSeconds(30)));
        t.Store.InTransaction(() =>
        {
            t.Store.Meetings.Insert(new Domain.Meeting { Id = "m-dec", CellId = cell.Id, CellPath = cell.Path, Month = "2026-12", Date = new DateTime(2026, 12, 2), Kind = Domain.MeetingKind.REGULAR, Summoned = 2, Present = 2 });
            CellMonth.Refresh(t.Store, TestStore.Templates, cell.Id, "2026-12");
        });
        go.Set();
        Assert.DoesNotContain(await reader, r => r.CellId == cell.Id); // the snapshot began before the meeting
        Assert.Single(CellMonth.OfMonth(t.Store, "2026-12"), r => r.CellId == cell.Id);

        // A month read in a snapshot that saw every commit is kept: a roll-up changed around the store is not seen.
        CellMonth.DropCache(t.Store);
        var month = CellMonth.Rows(t.Store).FindAll().Min(r => r.Month);
        var earlier = t.Store.Read(() => CellMonth.OfMonth(t.Store, month));
        Assert.NotEmpty(earlier);
        t.Store.Db.GetCollection(CellMonth.Collection).DeleteMany(LiteDB.Query.EQ("Month", month));
        Assert.Equal(earlier.Count, CellMonth.OfMonth(t.Store, month).Count);
    }

    [Fact]
    public void A_thematic_quarter_is_judged_only_where_the_bot_tracked_it_whole()
    {
        var set = new Templates.CriteriaSetTemplate { Criteria = [new() { Title = "Sinh hoạt tốt", Checks = [new() { Measure = "thematic_each_quarter" }] }] };
        var now = new DateTime(2026, 12, 20);
        CellStats Tracked(int fromMonth) => new()
        {
            Cell = new Domain.Cell { Name = "thôn Đông" }, Rows = [], LateMonths = [], NotYetDue = [], HeldMonths = [], ThresholdPercent = 50,
            TrackedMonths = 13 - fromMonth, TrackedFrom = new DateTime(2026, fromMonth, 1),
        };
        // Each quarter's standing as the summaries have it (Q4 under way, none recorded yet).
        ThematicStanding Standing(int fromMonth, params bool[] held) =>
            new([.. held.Select((h, q) => ((2026, q), ChiBo.Rules.Cadence.Thematic(2026, q, h, new DateTime(2026, fromMonth, 1), now)))]);
        string Line(int fromMonth, params bool[] held) => YearChecks.Lines(set, Tracked(fromMonth), Standing(fromMonth, held), null, [], 2026).Single();

        // Tracked from June: the second quarter's April and May are not the bot's to judge, nor the first quarter.
        Assert.Equal("❔ Sinh hoạt tốt: sinh hoạt chuyên đề mỗi quý — đủ ở các quý bot có số liệu (bot có số liệu từ 06/2026), các tháng trước đối chiếu sổ sách của chi bộ",
            Line(6, false, false, true, false));
        // A quarter tracked whole and missed is missed.
        Assert.Equal("✘ Sinh hoạt tốt: sinh hoạt chuyên đề mỗi quý — thiếu quý III", Line(6, false, false, false, false));
        Assert.Equal("✘ Sinh hoạt tốt: sinh hoạt chuyên đề mỗi quý — thiếu quý I", Line(1, false, true, true, false));
        Assert.Equal("✔ Sinh hoạt tốt: sinh hoạt chuyên đề mỗi quý — có", Line(1, true, true, true, false));
    }

    [Fact]
    public async Task The_decision_that_completes_a_units_cells_warns_when_excellent_cells_are_over_the_cap()
    {
        using var t = new TestStore();
        t.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 28, 9, 0, 0, TimeSpan.FromHours(7)));
        var cells = t.Store.Cells.Find(c => c.OrgUnitId == "xa-yen-my");
        Assert.True(cells.Count >= 2);
        foreach (var c in cells)
            t.Store.CellReviews.Insert(new Domain.CellReview
            {
                Id = Domain.CellReview.KeyOf(c.Id, 2026), CellId = c.Id, CellPath = c.Path, Year = 2026, Approved = true,
                CellLevel = "GOOD", CellLevelLabel = "Hoàn thành tốt nhiệm vụ", RecordedAtUtc = new DateTime(2026, 12, 20, 1, 0, 0, DateTimeKind.Utc),
                DecidedLevel = c.Id == "cb-thon-dong" ? "" : "GOOD", DecidedLevelLabel = c.Id == "cb-thon-dong" ? "" : "Hoàn thành tốt nhiệm vụ",
            });
        async Task<string> Decide(string level)
        {
            await t.Pipeline.HandleAsync(t.Private("dung", $"/xeploai thôn Đông: {level}, QĐ 40-QĐ/ĐU ngày 22/12/2026"));
            return t.Replies("dung").Last();
        }
        // Every cell decided and one "xuất sắc" of four good or better (20%: none allowed): said at once, with how to correct.
        var over = await Decide("hoàn thành xuất sắc");
        Assert.Contains($"⚠ Cả {cells.Count} chi bộ thuộc Đảng bộ xã Yên Mỹ đã có quyết định: 1 chi bộ \"Hoàn thành xuất sắc nhiệm vụ\", vượt giới hạn 20% (tối đa 0)", over);
        Assert.DoesNotContain("⚠", await Decide("hoàn thành tốt"));
        // While another cell waits for its decision, nothing is concluded.
        var other = cells.First(c => c.Id != "cb-thon-dong");
        var review = t.Store.CellReviews.FindById(Domain.CellReview.KeyOf(other.Id, 2026))!;
        review.DecidedLevel = "";
        t.Store.CellReviews.Update(review);
        Assert.DoesNotContain("⚠", await Decide("hoàn thành xuất sắc"));
        Assert.Empty(t.Log.Errors);
    }

    [Fact]
    public async Task A_member_asks_their_year_end_level_before_during_and_after_the_cells_review()
    {
        using var t = new TestStore();
        t.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 21, 9, 0, 0, TimeSpan.FromHours(7)));
        async Task<string> Ask()
        {
            await t.Pipeline.HandleAsync(t.Private("minh", "/xeploai"));
            return t.Replies("minh").Last();
        }
        Assert.StartsWith("Chi bộ thôn Đông chưa thông qua kết quả kiểm điểm, xếp loại năm 2026", await Ask());
        var review = new Domain.CellReview
        {
            Id = Domain.CellReview.KeyOf("cb-thon-dong", 2026), CellId = "cb-thon-dong", Year = 2026, Approved = false,
            RecordedAtUtc = new DateTime(2026, 12, 20, 1, 0, 0, DateTimeKind.Utc),
            Ratings = [new() { MemberId = "minh", Name = "Trần Văn Minh", Level = "GOOD", LevelLabel = "Hoàn thành tốt nhiệm vụ" }],
        };
        t.Store.CellReviews.Insert(review);
        // Voted but not passed: not the cell's result yet.
        Assert.StartsWith("Chi bộ thôn Đông chưa thông qua", await Ask());
        review.Approved = true;
        t.Store.CellReviews.Update(review);
        Assert.Equal("Đ/c Trần Văn Minh — Xếp loại năm 2026: Hoàn thành tốt nhiệm vụ (chi bộ đề nghị). Chi bộ thông qua ngày 20/12/2026; cấp ủy cấp trên chưa quyết định, khi có bot báo đồng chí.", await Ask());
        // A member who joined after the review is not in it: said so, not "not passed".
        review.Ratings = [];
        t.Store.CellReviews.Update(review);
        Assert.StartsWith("Kết quả xếp loại năm 2026 của Chi bộ thôn Đông (thông qua ngày 20/12/2026) không có tên đồng chí", await Ask());
        Assert.Empty(t.Log.Errors);
    }
}
