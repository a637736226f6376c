using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using ChiBo.Scheduling.Reminders;
using Microsoft.Extensions.Time.Testing;

namespace ChiBo.Bot.Tests.Scheduling;

/// <summary>A whole simulated year of reminders over the demo data.</summary>
public sealed class ReminderYearTests : IDisposable
{
    static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    readonly string _dir = Directory.CreateTempSubdirectory("chibo-year").FullName;
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, Vn));
    ChiBoStore _store;

    public ReminderYearTests()
    {
        _store = new ChiBoStore(Path.Combine(_dir, "y.db"));
        DemoData.SeedIfEmpty(_store, _clock.GetUtcNow().UtcDateTime);
    }

    public void Dispose()
    {
        _store.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    // One sweep per store, as the bot has (it keeps what it read of the members between runs while they are unchanged).
    readonly SweepPerStore _sweeps = new();

    int Sweep() => _sweeps.Run(_store, _clock);

    [Fact]
    public void A_called_thematic_meeting_is_told_and_reminded_until_a_thematic_meeting_of_that_day_is_recorded()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 7, 10, 0, 0, Vn));
        var calledAt = _clock.GetUtcNow().UtcDateTime;
        _store.InTransaction(() =>
        {
            var cell = _store.Cells.FindById("cb-thon-dong")!;
            cell.Called = [new CalledMeeting { Date = "2026-12-18", Time = "19:30", Kind = MeetingKind.THEMATIC, Topic = "Dân vận khéo", ById = "an", AtUtc = calledAt }];
            _store.Cells.Update(cell);
        });
        List<string> Group() => _store.Outbox.FindAll().Where(o => o.ChatId == "nhom-cb-thon-dong").Select(o => o.Text).ToList();
        Sweep();
        Assert.Contains(Group(), t => t.StartsWith("📅 Chi bộ thôn Đông triệu tập buổi sinh hoạt chuyên đề \"Dân vận khéo\" lúc 19:30 Thứ Sáu 18/12/2026"));
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 15, 8, 0, 0, Vn));
        Sweep();
        Assert.Contains(Group(), t => t.StartsWith("📅 Chi bộ thôn Đông sinh hoạt chuyên đề \"Dân vận khéo\" lúc 19:30 Thứ Sáu 18/12/2026"));
        // Held early (on the 16th, recorded as of the 18th's day) — once a thematic meeting of that day is recorded, no more notices.
        _store.InTransaction(() => _store.Meetings.Insert(new Meeting
        {
            Id = "chuyen-de-18-12", CellId = "cb-thon-dong", CellPath = _store.Cells.FindById("cb-thon-dong")!.Path, Month = "2026-12",
            Date = new DateTime(2026, 12, 18), Kind = MeetingKind.THEMATIC, Topic = "Dân vận khéo",
        }));
        var before = Group().Count;
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 17, 8, 0, 0, Vn));
        Sweep();
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 18, 6, 30, 0, Vn));
        Sweep();
        Assert.DoesNotContain(Group().Skip(before), t => t.Contains("chuyên đề \"Dân vận khéo\""));
    }

    [Fact]
    public void A_member_who_joins_or_changes_between_two_sweeps_is_reminded_as_they_are_now()
    {
        // 5 December, a self-review reminder day: every member of a cell with a chat is reminded.
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 5, 9, 0, 0, Vn));
        Sweep();
        List<string> To(string chat) => _store.Outbox.FindAll().Where(o => o.ChatId == chat).Select(o => o.Text).ToList();
        Assert.Contains(To("minh"), t => t.StartsWith("📝 Đồng chí Trần Văn Minh chưa nộp bản tự kiểm điểm năm 2026"));
        // Then a new member joins the bot, and a member is renamed on the roll (a typo fixed).
        _store.InTransaction(() =>
        {
            _store.Members.Insert(new Member { Id = "moi", Name = "Nguyễn Văn Mới", CellId = "cb-thon-dong" });
            _store.Identities.Insert(new ChatIdentity { Id = ChatIdentity.KeyOf("console", "moi"), Channel = "console", PlatformUserId = "moi", MemberId = "moi" });
        });
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(Sweep() > 0);
        Assert.Contains(To("moi"), t => t.StartsWith("📝 Đồng chí Nguyễn Văn Mới chưa nộp bản tự kiểm điểm năm 2026"));
        var thu = _store.Members.FindById("thu")!;
        thu.Name = "Vũ Thị Thư";
        _store.Members.Update(thu);
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, Sweep()); // all sent today
        // The next reminder day: planned again from the roll as it is now.
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 10, 9, 0, 0, Vn));
        Assert.True(Sweep() > 0);
        Assert.Contains(To("thu"), t => t.StartsWith("📝 Đồng chí Vũ Thị Thư chưa nộp"));
        // Nothing changed: nothing more.
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, Sweep());
    }

    void Record(DateTime local, bool evaluate)
    {
        var m = new Meeting { Id = LiteDB.ObjectId.NewObjectId().ToString(), CellId = "cb-thon-dong", Month = local.ToString("yyyy-MM"), Date = local.Date, Kind = MeetingKind.REGULAR };
        _store.Meetings.Insert(m);
        if (evaluate) _store.Evaluations.Insert(new Evaluation { Id = LiteDB.ObjectId.NewObjectId().ToString(), MeetingId = m.Id, CellId = m.CellId, Month = m.Month, Level = "GOOD" });
    }

    [Fact]
    public void A_year_gives_exactly_the_expected_reminders()
    {
        var end = new DateTimeOffset(2027, 1, 1, 12, 0, 0, Vn);
        var moved = false;
        var restarted = false;
        var recorded = new HashSet<int>();
        var reported = new HashSet<int>();
        var binh = _store.Members.FindById("binh");
        binh.MutedReminders = true; // the THCS secretary mutes non-essential reminders: no contest reminders for her
        _store.Members.Update(binh);
        // Đ/c Tuấn was admitted on 15/08/2025: his probation ends on 15/08/2026; the cell votes on 5 September.
        var tuan = _store.Members.FindById("tuan");
        tuan.AdmittedOn = new DateTime(2025, 8, 15);
        _store.Members.Update(tuan);
        // Thôn Đông keeps its dues book here from January, 30.000 đ a month (Đ/c Kiên exempt). Each month's dues are
        // recorded on the 3rd, except Đ/c Minh's for February, April and July (the third, July, is told on 1 August),
        // Đ/c Thu's for October to December (told on 1 January) and Đ/c Lan's for March and June (two: never told).
        var dong = _store.Cells.FindById("cb-thon-dong");
        dong.DuesSince = "2026-01";
        _store.Cells.Update(dong);
        foreach (var m in _store.CellMembers("cb-thon-dong"))
        {
            m.DuesPerMonth = m.Id == "kien" ? 0 : 30_000;
            _store.Members.Update(m);
        }
        var unpaid = new HashSet<(string, int)> { ("minh", 2), ("minh", 4), ("minh", 7), ("thu", 10), ("thu", 11), ("thu", 12), ("lan", 3), ("lan", 6) };
        var duesRecorded = new HashSet<int>();
        // Đ/c Lan is sent to attend Trường THCS for a while on Thursday 1 October and never presents the letter: 30 working
        // days end on Thursday 12 November; the commune's staff member is told on the 13th, once.
        _store.Transfers.Insert(new Transfer
        {
            Id = "t-lan", MemberId = "lan", MemberName = "Phạm Thị Lan", FromCellId = "cb-thon-dong", ToCellId = "cb-thcs-yen-my", Temporary = true,
            Letter = "GGT 9-GGT/ĐU", IssuedOn = new DateTime(2026, 10, 1), PresentBy = ChiBo.Rules.WorkingDays.Add(new DateTime(2026, 10, 1), 30),
        });
        // Anh Bảo's admission decision is received on Monday 12 October; the ceremony is due within 30 working days
        // (Monday 23 November) and never recorded: 10 and 3 working days before, on the day, then the morning after.
        _store.Candidates.Insert(new Candidate
        {
            Id = "c-bao", CellId = "cb-thon-dong", Name = "Nguyễn Văn Bảo", IntroducedOn = new DateTime(2026, 6, 1), ClassOn = new DateTime(2026, 7, 1),
            Votes = [new ProbationVote { For = 5, FullMembers = 5, Carried = true }], Decision = "QĐ 52-QĐ/ĐU", DecisionOn = new DateTime(2026, 10, 12),
            CeremonyBy = ChiBo.Rules.WorkingDays.Add(new DateTime(2026, 10, 12), 30),
        });
        var group = _store.GroupChats.FindById("console:nhom-cb-thon-dong");
        group.QuietFromMinutes = 6 * 60;
        group.QuietUntilMinutes = 9 * 60; // the group's quiet hours hold the morning notices until 09:00
        _store.GroupChats.Update(group);
        while (_clock.GetUtcNow() < end)
        {
            var local = _clock.GetUtcNow().ToOffset(Vn).DateTime;
            Sweep();
            var cell = _store.Cells.FindById("cb-thon-dong");
            var meeting = cell.MeetingIn(local.Year, local.Month);
            // The secretary records each month's meeting once it is over, except: none in May; October's
            // (due on the 28th) was held and recorded early, on the 26th; March's is never evaluated.
            var held = local.Month == 10 ? new DateTime(2026, 10, 26, 10, 0, 0) : meeting.AddHours(2);
            if (local.Month != 5 && local >= held && recorded.Add(local.Month))
                Record(local, evaluate: local.Month != 3);
            // The commune's staff member (assigned to thôn Đông) reports two days after each meeting, except
            // June's, reported on day 7, and September's, never reported.
            var heldOn = local.Month == 10 ? new DateTime(2026, 10, 26) : meeting.Date;
            var reportDay = local.Month == 6 ? 7 : 2;
            if (local.Month != 9 && local >= heldOn.AddDays(reportDay).AddHours(10) && reported.Add(local.Month))
                _store.AttendanceReports.Insert(new AttendanceReport
                {
                    Id = AttendanceReport.KeyOf("cb-thon-dong", heldOn.ToString("yyyy-MM"), "dung"), CellId = "cb-thon-dong",
                    Month = heldOn.ToString("yyyy-MM"), StaffId = "dung", MeetingDate = heldOn, Attended = local.Month != 5, FiledAtUtc = DateTime.UtcNow,
                });
            if (local.Year == 2026 && local >= new DateTime(2026, local.Month, 3, 10, 0, 0) && duesRecorded.Add(local.Month))
                foreach (var m in _store.CellMembers("cb-thon-dong").Where(m => m.DuesPerMonth > 0 && !unpaid.Contains((m.Id, local.Month))))
                    _store.DuesPayments.Insert(new DuesPayment
                    {
                        Id = DuesPayment.KeyOf(m.Id, $"2026-{local.Month:00}"), MemberId = m.Id, CellId = "cb-thon-dong", Month = $"2026-{local.Month:00}",
                        Amount = 30_000, PaidOn = local.Date, RecordedBy = "an", RecordedAtUtc = DateTime.UtcNow,
                    });
            if (!moved && local >= new DateTime(2026, 7, 10))
            {
                cell.MeetingDay = 28; // from August on, the 28th
                _store.Cells.Update(cell);
                moved = true;
            }
            // Đ/c Minh files his year-end self-review on 7 December: his reminders stop there.
            if (local >= new DateTime(2026, 12, 7, 20, 0, 0) && _store.SelfReviews.FindById(SelfReview.KeyOf("minh", 2026)) is null)
                _store.SelfReviews.Insert(new SelfReview { Id = SelfReview.KeyOf("minh", 2026), MemberId = "minh", CellId = "cb-thon-dong", Year = 2026, EnteredBy = "minh" });
            if (local >= new DateTime(2026, 9, 5, 10, 0, 0) && _store.Members.FindById("tuan") is { Probation: null } probationer)
            {
                probationer.Probation = new Probation { Votes = [new ProbationVote { For = 5, FullMembers = 6, Carried = true, AtUtc = DateTime.UtcNow }] };
                _store.Members.Update(probationer);
            }
            if (!restarted && local >= new DateTime(2026, 9, 15))
            {
                _store.Dispose();
                _store = new ChiBoStore(Path.Combine(_dir, "y.db"));
                restarted = true;
            }
            _clock.Advance(TimeSpan.FromHours(2)); // every reminder stays due for hours: a 2-hour sweep sees each one
        }

        var all = _store.Db.GetCollection<SentReminder>("reminders_sent").FindAll().Select(r => r.Id.Split('|')).ToList();
        // The self-review reminders: to every member of thôn Đông on 1, 5, 10 and 15 December, until they file (Minh: from the 7th);
        // none to Kiên, exempt from Party work and activities (QĐ 124-QĐ/TW, Điều 5).
        var selfReviews = all.Where(k => k[0] == "SelfReviewDue" && k[1] == "cb-thon-dong").Select(k => $"{k[4]} {k[3]}").Order().ToList();
        var members = new[] { "an", "hoa", "minh", "lan", "tuan", "thu" };
        var expectedSelfReviews = (from m in members from day in new[] { "12-01", "12-05", "12-10", "12-15" }
                                   where m != "minh" || day is "12-01" or "12-05" select $"console:{m} {day}").Order().ToList();
        Assert.Equal(expectedSelfReviews, selfReviews);
        Assert.Contains(_store.Outbox.FindAll(), o => o.ChatId == "hoa" && o.Text.Contains("📝 Đồng chí Lê Thị Hoa chưa nộp bản tự kiểm điểm năm 2026")
                                                      && o.Text.Contains("hạn 15/12/2026 (còn 10 ngày)"));
        Assert.Contains(_store.Outbox.FindAll(), o => o.ChatId == "an" && o.Text.Contains("📝 Đã hết hạn nộp bản tự kiểm điểm năm 2026 (15/12/2026): Chi bộ thôn Đông đã nộp 1/6.")
                                                      && o.Text.Contains("Đồng chí cũng chưa nộp bản của mình") && !o.Text.Contains("Trần Văn Minh"));
        var sent = all.Where(k => k[1] == "cb-thon-dong" && k[0] != "SelfReviewDue").ToList();
        var notices = sent.Where(k => k[0] == "MeetingNotice" && k[4] == "console:nhom-cb-thon-dong").Select(k => $"{k[2]} {k[3]}").Order().ToList();
        var secretary = sent.Where(k => k[0] != "MeetingNotice" && k[4] == "console:an").Select(k => $"{k[0]} {k[2]} {k[3]}").Order().ToList();
        var staff = sent.Where(k => k[4] == "console:dung").Select(k => $"{k[0]} {k[2]} {k[3]}").Order().ToList();
        Assert.Equal(sent.Count, notices.Count + secretary.Count + staff.Count); // nothing to anyone else

        var expectedGroup = new List<string>();
        var expectedSecretary = new List<string>();
        var expectedStaff = new List<string>();
        // (January 2027's meeting is on the 28th: nothing of it is due before the simulation ends.)
        for (var month = 1; month <= 12; month++)
        {
            var date = new DateTime(2026, month, month >= 8 ? 28 : 3);
            var d = date.ToString("yyyy-MM-dd");
            expectedGroup.Add($"{d} D-3");
            expectedSecretary.Add($"Preparation {d} D-5");
            var period = date.ToString("yyyy-MM");
            expectedStaff.Add($"ReportDue {period} D+1");
            if (month == 6) expectedStaff.AddRange([$"ReportDue {period} D+3", $"ReportDue {period} D+6"]);
            if (month == 9) expectedStaff.AddRange([$"ReportDue {period} D+3", $"ReportDue {period} D+6", $"ReportDue {period} D+10"]);
            if (month == 10) continue; // recorded on the 26th: D-1 and D are no longer needed
            expectedStaff.Add($"StaffAttendance {d} D-1");
            expectedGroup.Add($"{d} D-1");
            expectedGroup.Add($"{d} D");
            expectedSecretary.Add($"Preparation {d} D-1");
        }
        expectedSecretary.Add("EvaluationDue 2026-03-03 D+3");
        expectedSecretary.Add("YearEndReview 2026 12");
        // The day after the self-review deadline (15/12), once: who has not filed (all but Minh).
        expectedSecretary.Add("SelfReviewsMissing 2026 12-16");
        expectedSecretary.Add("Overdue 2026-05 M+1");
        // Đ/c Tuấn's probation: 30 and 7 days before its end, on the day, then weekly until the cell voted (5 September).
        expectedSecretary.AddRange(new[] { "2026-07-16", "2026-08-08", "2026-08-15", "2026-08-22", "2026-08-29", "2026-09-05" }.Select(d => $"ProbationDue tuan-20260815 {d}"));
        // Dues: a third month of the year unpaid is told once, the morning after it ends (Điều lệ Đảng, Điều 8).
        expectedSecretary.AddRange(["DuesArrears 2026-minh 3", "DuesArrears 2026-thu 3"]);
        expectedSecretary.AddRange(new[] { "2026-11-09", "2026-11-18", "2026-11-23", "2026-11-24" }.Select(d => $"CeremonyDue c-bao {d}"));
        // No thematic meeting recorded in any quarter: the 1st and the 20th of each quarter's last month.
        expectedSecretary.AddRange(from q in new[] { 1, 2, 3, 4 } from d in new[] { 1, 20 } select $"ThematicDue 2026-Q{q} D{d}");
        Assert.Equal(expectedGroup.Order(), notices);
        Assert.Equal(expectedSecretary.Order(), secretary);
        Assert.Equal(expectedStaff.Order(), staff);
        // Quiet hours 06:00–09:00 in the group: the notices due at 06:30 and 08:00 went out at the first sweep after 09:00.
        var sentAt = (string key) => _store.Db.GetCollection<SentReminder>("reminders_sent").FindById(key).SentAtUtc;
        Assert.Equal(new DateTime(2026, 12, 25, 3, 0, 0), sentAt("MeetingNotice|cb-thon-dong|2026-12-28|D-3|console:nhom-cb-thon-dong"));
        Assert.Equal(new DateTime(2026, 12, 28, 3, 0, 0), sentAt("MeetingNotice|cb-thon-dong|2026-12-28|D|console:nhom-cb-thon-dong"));
        // The staff member's digest of cells without a regular meeting: each month (the other three cells never record one).
        var digests = _store.Db.GetCollection<SentReminder>("reminders_sent").FindAll().Where(r => r.Id.StartsWith("OverdueDigest|")).Select(r => r.Id).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 12).Select(m => $"OverdueDigest|xa-yen-my|2026-{m:00}|M+1|console:dung"), digests);
        // Before the end: the days left and the deadline counted in working days (30 after Saturday 15/08, with Quốc khánh's
        // 1–2/09 off, is Tuesday 29/09); after it, the vote asked for.
        Assert.Contains(_store.Outbox.FindAll(), o => o.ChatId == "an" && o.Text.Contains("🎖 Đ/c Đỗ Văn Tuấn (Chi bộ thôn Đông) hết 12 tháng dự bị ngày 15/08/2026 (còn 30 ngày)")
                                                      && o.Text.Contains("chi bộ xét công nhận chính thức trước 29/09/2026"));
        Assert.Contains(_store.Outbox.FindAll(), o => o.ChatId == "an" && o.Text.Contains("🎖 Đ/c Đỗ Văn Tuấn (Chi bộ thôn Đông) đã hết 12 tháng dự bị ngày 15/08/2026: chi bộ xét, biểu quyết"));
        var mayDigest = _store.Outbox.FindAll().Single(o => o.ChatId == "dung" && o.Text.Contains("Tháng 05/2026:")).Text;
        Assert.Contains("4 chi bộ thuộc Đảng bộ xã Yên Mỹ chưa ghi buổi sinh hoạt thường kỳ", mayDigest);
        Assert.Contains("• Chi bộ thôn Đông", mayDigest);

        // The contest: every round's T-30, T-14, T-7 and T-1, to each secretary and the commune's staff, once.
        var contest = _store.Db.GetCollection<SentReminder>("reminders_sent").FindAll().Where(r => r.Id.StartsWith("Contest|")).ToList();
        var expectedContest = (from round in new[] { "CO_SO", "CUM", "CHUNG_KET" } from t in new[] { 30, 14, 7, 1 } select $"2026-{round} T-{t}").Order().ToList();
        foreach (var chat in new[] { "console:an", "console:cuong", "console:long", "console:dung" })
            Assert.Equal(expectedContest, contest.Where(r => r.Id.EndsWith("|" + chat)).Select(r => { var k = r.Id.Split('|'); return $"{k[2]} {k[3]}"; }).Order());
        Assert.Equal(4 * 12, contest.Count); // none to console:binh, who muted them
        Assert.Equal(new DateTime(2026, 12, 1, 1, 0, 0), _store.Db.GetCollection<SentReminder>("reminders_sent").FindById("YearEndReview|cb-thon-dong|2026|12|console:an").SentAtUtc);
        // The grassroots round ends 31/8: its last reminder went out at 08:00 on 30/8, Vietnam time.
        var last = contest.Single(r => r.Id == "Contest|xa-yen-my|2026-CO_SO|T-1|console:an");
        Assert.Equal(new DateTime(2026, 8, 30, 1, 0, 0), last.SentAtUtc);
        var cluster = contest.Single(r => r.Id == "Contest|xa-yen-my|2026-CUM|T-30|console:dung");
        Assert.Equal(new DateTime(2026, 8, 31, 1, 0, 0), cluster.SentAtUtc);
        Assert.Equal(new DateTime(2026, 8, 1, 1, 0, 0), sentAt("DuesArrears|cb-thon-dong|2026-minh|3|console:an"));
        Assert.Equal(new DateTime(2027, 1, 1, 1, 0, 0), sentAt("DuesArrears|cb-thon-dong|2026-thu|3|console:an"));
        Assert.Contains(_store.Outbox.FindAll(), o => o.ChatId == "an" && o.Text.Contains("⚠ Đ/c Trần Văn Minh (Chi bộ thôn Đông) chưa nộp đảng phí 3 tháng trong năm 2026 (tháng 2, 4, 7)."));
        Assert.Equal(["TransferOverdue|cb-thcs-yen-my|t-lan|D+1|console:dung"], _store.Db.GetCollection<SentReminder>("reminders_sent").FindAll().Where(r => r.Id.StartsWith("TransferOverdue|")).Select(r => r.Id));
        Assert.Equal(new DateTime(2026, 11, 13, 1, 0, 0), sentAt("TransferOverdue|cb-thcs-yen-my|t-lan|D+1|console:dung"));
        Assert.Equal(new DateTime(2026, 12, 20, 1, 0, 0), sentAt("ThematicDue|cb-thon-dong|2026-Q4|D20|console:an"));
        Assert.Equal(0, Sweep()); // and running again sends nothing
    }

    [Fact]
    public void The_morning_notice_follows_the_Vietnam_date_not_the_UTC_date()
    {
        // 06:29 on 03/12 in Vietnam is 23:29 on 02/12 UTC; 06:30 is 23:30 UTC — still the 2nd in UTC.
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 3, 6, 29, 0, Vn));
        Sweep();
        Assert.DoesNotContain(Keys(), k => k.StartsWith("MeetingNotice|cb-thon-dong|2026-12-03|D|"));
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 23, 30, 0, TimeSpan.Zero));
        Assert.True(Sweep() > 0);
        Assert.Contains(Keys(), k => k.StartsWith("MeetingNotice|cb-thon-dong|2026-12-03|D|"));
        var notice = _store.Outbox.FindAll().Last(o => o.ChatId == "nhom-cb-thon-dong");
        Assert.StartsWith("📅 Hôm nay Chi bộ thôn Đông sinh hoạt thường kỳ tháng 12/2026 lúc 19:30 Thứ Năm 03/12/2026", notice.Text);
        Assert.Equal(new DateTime(2026, 12, 2, 23, 30, 0), notice.CreatedAtUtc);
    }

    [Fact]
    public void A_sweep_run_twice_at_once_posts_once()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 8, 0, 0, Vn)); // D-3 of 05/12 for the THCS cell, D-1 for thôn Đông…
        var counts = new int[2];
        Parallel.For(0, 2, i => counts[i] = Sweep());
        var total = counts.Sum();
        Assert.True(total > 0);
        Assert.Equal(total, Keys().Count); // no reminder written twice
        Assert.Equal(_store.Outbox.Count(), _store.Outbox.FindAll().Select(o => (o.ChatId, o.Text)).Distinct().Count());
    }

    [Fact]
    public void After_downtime_a_reminder_due_at_night_waits_for_the_morning_or_is_dropped()
    {
        // Back at 23:00 on 02/12: the "tomorrow" notice for thôn Đông (due 08:00 on the 2nd) is not sent at night…
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 23, 0, 0, Vn));
        Assert.Equal(0, Sweep());
        // …and at 06:00 it is no longer the right one: the morning-of notice (06:30) replaces it.
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 3, 6, 0, 0, Vn));
        Sweep();
        Assert.DoesNotContain(Keys(), k => k.StartsWith("MeetingNotice|cb-thon-dong|2026-12-03|D-1|"));
        // Back at 05:00 on 02/12 instead: the D-1 notice (08:00) waits, then goes at 08:00, in the day.
        using var other = new ReminderYearTests();
        other._clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 23, 0, 0, Vn)); // the THCS cell's D-3 of 05/12 is due 02/12 08:00
        Assert.Equal(0, other.Sweep());
        other._clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 8, 0, 0, Vn));
        Assert.True(other.Sweep() > 0);
        Assert.Contains(other.Keys(), k => k.StartsWith("MeetingNotice|cb-thcs-yen-my|2026-12-05|D-3|"));
    }

    [Fact]
    public void A_reminder_sent_late_counts_the_days_from_the_day_it_goes_out()
    {
        List<string> To(string chat) => _store.Outbox.FindAll().Where(o => o.ChatId == chat).Select(o => o.Text).ToList();
        // Down from July to 10/08: the contest's T-30 (due 01/08, still worth sending until T-14) says 21 days, not 30.
        _clock.SetUtcNow(new DateTimeOffset(2026, 8, 10, 8, 0, 0, Vn));
        Sweep();
        Assert.Contains(To("an"), t => t.Contains("Vòng thi cấp cơ sở: hạn 31/08/2026 (còn 21 ngày)."));
        Assert.DoesNotContain(To("an"), t => t.Contains("còn 30 ngày"));
        // Back on 01/12: the preparation reminder for 03/12 (due 28/11, D-5) says 2 days.
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 8, 0, 0, Vn));
        Sweep();
        Assert.Contains(To("an"), t => t.Contains("Còn 2 ngày đến buổi sinh hoạt thường kỳ của Chi bộ thôn Đông (19:30 Thứ Năm 03/12/2026)."));
        Assert.DoesNotContain(To("an"), t => t.Contains("Còn 5 ngày"));
        // Down on 06/12, the report's due day: the nudge of that day goes out on the 7th as overdue, not "today is the day".
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 7, 8, 0, 0, Vn));
        Sweep();
        Assert.Contains(To("dung"), t => t.Contains("Báo cáo kết quả dự buổi sinh hoạt ngày 03/12/2026 của Chi bộ thôn Đông đã quá hạn (06/12/2026). Đồng chí gửi ngay nhé."));
        Assert.DoesNotContain(To("dung"), t => t.Contains("Hôm nay là hạn"));
    }

    List<string> Keys() => _store.Db.GetCollection<SentReminder>("reminders_sent").FindAll().Select(r => r.Id).ToList();
}
