using ChiBo.Dialogs.Domain;

namespace ChiBo.Dialogs.Storage;

/// <summary>
/// Demo organisation for trying the bot: one commune party committee, four cells of different types,
/// a secretary for each, members, one staff user. Console user ids are the member ids ("an", "binh"…).
/// </summary>
public static class DemoData
{
    public const string Channel = "console";
    public const string DefaultUser = "an";

    /// <summary>The demo people the README names, whom anyone may take on a demo database (/start an…); never the admin.</summary>
    public static readonly string[] Joinable = ["an", "hoa", "minh", "dung"];

    const string Marker = "demo-seeded";

    /// <summary>True only for a database this class seeded: demo join is refused on any other.</summary>
    public static bool IsDemoDatabase(ChiBoStore store) => store.Collection<LiteDB.BsonDocument>("meta").FindById(Marker) is not null;

    public static void SeedIfEmpty(ChiBoStore store, DateTime utcNow)
    {
        if (!store.IsEmpty) return;
        store.InTransaction(() =>
        {
            store.Collection<LiteDB.BsonDocument>("meta").Insert(new LiteDB.BsonDocument { ["_id"] = Marker, ["AtUtc"] = utcNow });
            OrgUnit Unit(string id, string name, string level, OrgUnit? parent)
            {
                var u = new OrgUnit { Id = id, Name = name, Level = level, ParentId = parent?.Id, Path = $"{parent?.Path ?? "/"}{id}/" };
                store.OrgUnits.Insert(u);
                return u;
            }
            var province = Unit("tinh-hung-yen", "Đảng bộ tỉnh Hưng Yên", "Tỉnh ủy", null);
            var commune = Unit("xa-yen-my", "Đảng bộ xã Yên Mỹ", "Đảng ủy xã", province);

            Cell AddCell(string id, string name, CellType type, int day, string time, string venue)
            {
                var c = new Cell { Id = id, Name = name, OrgUnitId = commune.Id, Path = $"{commune.Path}{id}/", Type = type, MeetingDay = day, MeetingTime = time, Venue = venue, CreatedAtUtc = utcNow };
                store.Cells.Insert(c);
                store.GroupChats.Insert(new GroupChat { Id = GroupChat.KeyOf(Channel, $"nhom-{id}"), Channel = Channel, ChatId = $"nhom-{id}", CellId = id, LinkedBy = "demo", LinkedAtUtc = utcNow });
                return c;
            }
            var dong = AddCell("cb-thon-dong", "Chi bộ thôn Đông", CellType.RESIDENTIAL, 3, "19:30", "Nhà văn hóa thôn Đông");
            var thcs = AddCell("cb-thcs-yen-my", "Chi bộ Trường THCS Yên Mỹ", CellType.PUBLIC_SERVICE_UNIT, 5, "16:30", "Phòng họp nhà trường");
            var may = AddCell("cb-cty-may", "Chi bộ Công ty May Yên Mỹ", CellType.ENTERPRISE, 10, "15:00", "Hội trường công ty");
            var ubnd = AddCell("cb-ubnd-xa", "Chi bộ Cơ quan UBND xã", CellType.ADMIN_AGENCY, 2, "14:00", "Phòng họp UBND xã");

            void Add(string id, string name, Cell? cell, MemberStatus status = MemberStatus.Full, params RoleGrant[] roles)
            {
                var grants = roles.ToList();
                if (cell is not null) grants.Add(new RoleGrant { Role = Role.Member, ScopeId = cell.Id });
                store.Members.Insert(new Member { Id = id, Name = name, CellId = cell?.Id, Status = status, Roles = grants });
                store.Identities.Insert(new ChatIdentity { Id = ChatIdentity.KeyOf(Channel, id), Channel = Channel, PlatformUserId = id, MemberId = id });
            }
            RoleGrant Sec(Cell c) => new() { Role = Role.Secretary, ScopeId = c.Id };
            RoleGrant Dep(Cell c) => new() { Role = Role.Deputy, ScopeId = c.Id };

            Add("an", "Nguyễn Văn An", dong, MemberStatus.Full, Sec(dong));
            Add("hoa", "Lê Thị Hoa", dong, MemberStatus.Full, Dep(dong));
            Add("minh", "Trần Văn Minh", dong);
            Add("lan", "Phạm Thị Lan", dong);
            Add("tuan", "Đỗ Văn Tuấn", dong, MemberStatus.Probationary);
            Add("thu", "Vũ Thị Thu", dong);
            Add("kien", "Hoàng Văn Kiên", dong, MemberStatus.Exempt);
            Add("binh", "Trần Thị Bình", thcs, MemberStatus.Full, Sec(thcs));
            Add("nga", "Nguyễn Thị Nga", thcs);
            Add("son", "Bùi Văn Sơn", thcs);
            Add("cuong", "Lê Văn Cường", may, MemberStatus.Full, Sec(may));
            Add("hai", "Ngô Văn Hải", may);
            Add("yen", "Đinh Thị Yến", may);
            Add("long", "Phan Văn Long", ubnd, MemberStatus.Full, Sec(ubnd));
            Add("mai", "Trịnh Thị Mai", ubnd);
            Add("dung", "Phạm Thị Dung", null, MemberStatus.Full, new RoleGrant { Role = Role.Staff, ScopeId = commune.Id });
            Add("admin", "Quản trị hệ thống", null, MemberStatus.Full, new RoleGrant { Role = Role.Admin });
            // The commune's staff member attends two cells' regular meetings and reports on them.
            foreach (var c in new[] { dong, may })
                store.Assignments.Insert(new AttendanceAssignment { Id = AttendanceAssignment.KeyOf("dung", c.Id), StaffId = "dung", CellId = c.Id, AssignedBy = "demo", AssignedAtUtc = utcNow });
        });
    }

    public const int HistoryMonths = 6;

    /// <summary>
    /// Six months of recorded meetings, evaluations and staff reports before the current month, so the summaries
    /// (/tonghop, /ketqua) have something to show: thôn Đông meets every month (one meeting at 66,7% attendance),
    /// the school has one short meeting, Công ty May misses a month and scores lower, UBND xã is "Tốt" throughout.
    /// The cells and the staff assignments then date from the first of those months.
    /// </summary>
    public static void SeedHistory(ChiBoStore store, Templates.TemplateCatalog templates, DateTime utcNow)
    {
        var now = VnClock.Local(utcNow);
        var first = new DateTime(now.Year, now.Month, 1).AddMonths(-HistoryMonths);
        var since = TimeZoneInfo.ConvertTimeToUtc(first, VnClock.Zone);
        store.InTransaction(() =>
        {
            foreach (var c in store.Cells.FindAll().ToList()) { c.CreatedAtUtc = since; store.Cells.Update(c); }
            foreach (var a in store.Assignments.FindAll().ToList()) { a.AssignedAtUtc = since; store.Assignments.Update(a); }
            // Per cell and month (oldest first): present, excused, unexcused, minutes, score (0: not evaluated), thematic.
            var plan = new Dictionary<string, (int P, int E, int U, int Min, decimal Score, bool Thematic)[]>
            {
                ["cb-thon-dong"] = [(6, 0, 0, 120, 92, false), (6, 0, 0, 110, 88, true), (5, 1, 0, 100, 89, false), (6, 0, 0, 120, 91, false), (4, 1, 1, 95, 78, true), (6, 0, 0, 120, 93, false)],
                ["cb-thcs-yen-my"] = [(3, 0, 0, 90, 85, false), (3, 0, 0, 95, 87, false), (3, 0, 0, 90, 90, true), (3, 0, 0, 60, 82, false), (3, 0, 0, 90, 84, false), (3, 0, 0, 100, 0, true)],
                ["cb-cty-may"] = [(3, 0, 0, 90, 75, false), (2, 1, 0, 90, 72, false), (3, 0, 0, 95, 0, false), (0, 0, 0, 0, 0, false), (2, 0, 1, 90, 68, false), (3, 0, 0, 90, 74, false)],
                ["cb-ubnd-xa"] = [(2, 0, 0, 120, 95, false), (2, 0, 0, 120, 96, true), (2, 0, 0, 120, 94, false), (2, 0, 0, 120, 95, false), (2, 0, 0, 120, 97, true), (2, 0, 0, 120, 95, false)],
            };
            foreach (var (cellId, months) in plan)
            {
                var cell = store.Cells.FindById(cellId);
                if (cell is null) continue;
                var roster = store.CellMembers(cellId);
                // The secretary chairs; the deputy (or, with none, the next full member) takes the minutes.
                var chair = roster.FirstOrDefault(m => m.Has(Role.Secretary, cellId))?.Name ?? "";
                var minuteTaker = (roster.FirstOrDefault(m => m.Has(Role.Deputy, cellId))
                                   ?? roster.FirstOrDefault(m => m.Name != chair && m.Status == MemberStatus.Full))?.Name ?? "";
                for (var k = 0; k < months.Length; k++)
                {
                    var (present, excused, unexcused, minutes, score, thematic) = months[k];
                    if (present == 0) continue; // no meeting that month
                    var date = cell.MeetingIn(first.AddMonths(k).Year, first.AddMonths(k).Month);
                    var attendance = Attendee.FromRoster(roster, cellId);
                    // The absent: those with a reason from the end of the ordinary members, without from the start (never an exempt member).
                    var ordinary = attendance.Where(a => a.Status != MemberStatus.Exempt && !roster.First(m => m.Id == a.MemberId).Has(Role.Secretary, cellId)
                                                         && !roster.First(m => m.Id == a.MemberId).Has(Role.Deputy, cellId)).ToList();
                    foreach (var a in ordinary.TakeLast(excused)) (a.Presence, a.Reason) = (Rules.Presence.Excused, "đi công tác");
                    foreach (var a in ordinary.Take(unexcused)) a.Presence = Rules.Presence.Unexcused;
                    var meeting = new Meeting
                    {
                        Id = $"demo-{cellId}-{date:yyyy-MM}", CellId = cellId, CellPath = cell.Path, Month = Summaries.Period.KeyOf(date), Date = date.Date,
                        Kind = thematic ? MeetingKind.COMBINED : MeetingKind.REGULAR, Topic = thematic ? "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh" : null,
                        Purpose = thematic ? "Nâng cao nhận thức, đăng ký việc làm theo gương Bác của từng đảng viên." : "",
                        Presentation = thematic ? "Đồng chí bí thư trình bày chuyên đề và liên hệ thực tiễn của chi bộ." : "",
                        TopicSpeakers = thematic ? Math.Max(1, present - 2) : 0,
                        TopicDiscussion = thematic ? "Các đồng chí liên hệ bản thân và nêu việc làm cụ thể." : "",
                        TopicConclusion = thematic ? "Mỗi đảng viên đăng ký một việc làm theo gương Bác trong quý." : "",
                        Venue = cell.Venue, CommitteeMet = true, DraftPrepared = true, NoticeSent = true, Documents = DocumentsAhead.OneDayOrMore,
                        StartTime = cell.MeetingTime, Attendance = attendance,
                        Chair = chair, MinuteTaker = minuteTaker, AgendaApproved = true, Speakers = Math.Max(1, present - 1),
                        News = "Phổ biến văn bản mới của cấp trên và tình hình thời sự trong tháng.",
                        ReviewSummary = "Chi bộ hoàn thành các nhiệm vụ nghị quyết tháng trước đề ra.",
                        Discussion = "Các đồng chí phát biểu, góp ý vào dự thảo nghị quyết, thống nhất nhiệm vụ tháng tới.",
                        Conclusion = "Thống nhất nhiệm vụ tháng tới.", MinutesApproved = true, DurationMinutes = minutes,
                        EndTime = date.AddMinutes(minutes).ToString("HH:mm"), TemplateId = "quy-trinh-sinh-hoat", RecordedBy = "demo",
                        RecordedAtUtc = TimeZoneInfo.ConvertTimeToUtc(date.AddHours(3), VnClock.Zone),
                    };
                    meeting.CountAttendance();
                    if (meeting.Present != present) throw new InvalidOperationException($"Demo plan for {cellId} does not fit its roster.");
                    meeting.VotesFor = meeting.Tally.Voters;
                    store.Meetings.Upsert(meeting);
                    if (score > 0)
                    {
                        var (level, label) = score >= 90 ? ("GOOD", "Tốt") : score >= 70 ? ("FAIR", "Khá") : score >= 50 ? ("AVERAGE", "Trung bình") : ("POOR", "Kém");
                        store.Evaluations.Upsert(new Evaluation
                        {
                            Id = $"demo-eval-{cellId}-{date:yyyy-MM}", MeetingId = meeting.Id, CellId = cellId, CellPath = cell.Path, Month = meeting.Month,
                            RubricId = "danh-gia-chat-luong-100", Total = score, Level = level, LevelLabel = label, EvaluatedBy = "demo",
                            EvaluatedAtUtc = meeting.RecordedAtUtc.AddDays(1),
                            // Proposed by the committee and approved in the meeting; thôn Đông's by the staff member who attends.
                            Vote = new ScoreVote
                            {
                                AtMeetingId = meeting.Id, AtDate = meeting.Date, For = meeting.VotesFor, Base = meeting.VoteBase,
                                Passed = Rules.MeetingRules.Passes(meeting.VotesFor, meeting.VoteBase),
                            },
                            Confirmation = cellId == "cb-thon-dong" && store.Assignments.Exists(a => a.CellId == cellId && a.StaffId == "dung")
                                ? new ScoreConfirmation { StaffId = "dung", StaffName = "Phạm Thị Dung", AtUtc = meeting.RecordedAtUtc.AddDays(1), Agreed = true }
                                : null,
                        });
                    }
                    // The staff member reports on thôn Đông's meetings; Công ty May's reports are missing.
                    if (cellId == "cb-thon-dong" && store.Assignments.Exists(a => a.CellId == cellId && a.StaffId == "dung"))
                        store.AttendanceReports.Upsert(new AttendanceReport
                        {
                            Id = AttendanceReport.KeyOf(cellId, meeting.Month, "dung"), CellId = cellId, Month = meeting.Month, StaffId = "dung",
                            MeetingDate = meeting.Date, Attended = true, Note = "Chi bộ sinh hoạt đúng quy trình.", FiledAtUtc = meeting.RecordedAtUtc.AddDays(1),
                        });
                    Summaries.CellMonth.Refresh(store, templates, cellId, meeting.Month);
                }
            }
            // Công ty May (an enterprise cell: its type asks 30 Sổ tay points a month) recorded its members' points for the
            // first four months; Đ/c Hải fell short twice.
            int[][] points = [[36, 31, 40], [35, 28, 38], [37, 33, 36], [34, 27, 41]]; // per month: Cường, Hải, Yến
            var may = store.CellMembers("cb-cty-may").ToDictionary(m => m.Id);
            for (var k = 0; k < points.Length && may.Count > 0; k++)
            {
                var month = Summaries.Period.KeyOf(first.AddMonths(k));
                Summaries.HandbookMonths.Forget(store, month);
                foreach (var (id, p) in new[] { "cuong", "hai", "yen" }.Zip(points[k]))
                    if (may.ContainsKey(id))
                        store.HandbookPoints.Upsert(new HandbookPoints
                        {
                            Id = HandbookPoints.KeyOf(id, month), MemberId = id, CellId = "cb-cty-may", Month = month, Points = p, RecordedBy = "demo",
                            RecordedAtUtc = TimeZoneInfo.ConvertTimeToUtc(first.AddMonths(k + 1).AddDays(4), VnClock.Zone),
                        });
            }
            return true;
        });
    }
}
