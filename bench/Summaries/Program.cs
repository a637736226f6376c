using System.Diagnostics;
using ChiBo.Bot.Reports;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Summaries;
using ChiBo.Dialogs.Templates;

// A province-sized dataset (100 communes × 50 cells = 5,000 cells, 36 months of meetings and evaluations),
// then the /tonghop text for the province and for one commune, the Excel and the chart: p50/p95 and peak memory.
// Usage: dotnet run -c Release --project bench/Summaries [-- runs]
var runs = args.Length > 0 ? int.Parse(args[0]) : 20;
var dir = Path.Combine(AppContext.BaseDirectory, "bench-data");
Directory.CreateDirectory(dir);
var dbPath = Path.Combine(dir, "province.db");
var templates = TemplateCatalog.LoadFolder(Path.Combine(AppContext.BaseDirectory, "Templates"));
var now = new DateTime(2026, 12, 20, 10, 0, 0);
const int Communes = 100, CellsPerCommune = 50, Months = 36;

using var store = new ChiBoStore(dbPath);
if (store.IsEmpty)
{
    var build = Stopwatch.StartNew();
    var created = TimeZoneInfo.ConvertTimeToUtc(new DateTime(2023, 12, 1), VnClock.Zone);
    var province = new OrgUnit { Id = "tinh", Name = "Đảng bộ tỉnh Mẫu", Level = "Tỉnh ủy", Path = "/tinh/" };
    store.OrgUnits.Insert(province);
    var rnd = new Random(7);
    var levels = new[] { ("GOOD", "Tốt"), ("FAIR", "Khá"), ("AVERAGE", "Trung bình"), ("POOR", "Kém") };
    for (var x = 0; x < Communes; x++)
    {
        var commune = new OrgUnit { Id = $"xa-{x:000}", Name = $"Đảng bộ xã Mẫu {x:000}", Level = "Đảng ủy xã", ParentId = province.Id, Path = $"/tinh/xa-{x:000}/" };
        store.OrgUnits.Insert(commune);
        var meetings = new List<Meeting>();
        var evaluations = new List<Evaluation>();
        for (var c = 0; c < CellsPerCommune; c++)
        {
            var cell = new Cell
            {
                Id = $"cb-{x:000}-{c:00}", Name = $"Chi bộ {c:00} xã {x:000}", OrgUnitId = commune.Id, Path = $"{commune.Path}cb-{x:000}-{c:00}/",
                Type = (CellType)(c % 5), MeetingDay = 1 + c % 28, MeetingTime = "19:30", CreatedAtUtc = created,
            };
            store.Cells.Insert(cell);
            for (var k = 0; k < Months; k++)
            {
                var month = new DateTime(2023, 12, 1).AddMonths(k + 1);
                if (rnd.NextDouble() < 0.04) continue; // a missed month now and then
                var date = cell.MeetingIn(month.Year, month.Month);
                var summoned = 10 + c % 20;
                var present = summoned - rnd.Next(0, 4);
                var m = new Meeting
                {
                    Id = $"m-{cell.Id}-{month:yyyy-MM}", CellId = cell.Id, CellPath = cell.Path, Month = month.ToString("yyyy-MM"), Date = date.Date,
                    Kind = month.Month % 3 == 0 ? MeetingKind.COMBINED : MeetingKind.REGULAR, Summoned = summoned, Present = present,
                    ExcusedAbsent = summoned - present, DurationMinutes = 80 + rnd.Next(0, 60), RecordedBy = "bench",
                };
                meetings.Add(m);
                var total = 60 + rnd.Next(0, 41);
                var (level, label) = total >= 90 ? levels[0] : total >= 70 ? levels[1] : total >= 50 ? levels[2] : levels[3];
                evaluations.Add(new Evaluation { Id = $"e-{m.Id}", MeetingId = m.Id, CellId = cell.Id, CellPath = cell.Path, Month = m.Month, Total = total, Level = level, LevelLabel = label });
            }
        }
        store.Meetings.Insert(meetings);
        store.Evaluations.Insert(evaluations);
        // The monthly roll-ups, as the bot writes them with each meeting and evaluation.
        var evaluationOf = evaluations.ToDictionary(e => e.MeetingId);
        var cellsById = store.Cells.FindStartingWith(c => c.Path, commune.Path).ToDictionary(c => c.Id);
        CellMonth.Rows(store).Insert(meetings.GroupBy(m => (m.CellId, m.Month)).Select(g =>
        {
            var cell = cellsById[g.Key.CellId];
            return CellMonth.Of(cell, g.Key.Month, g.ToList(), m => evaluationOf.GetValueOrDefault(m.Id), templates.ProcedureFor(cell.Type).Rules);
        }));
    }
    store.Db.Checkpoint();
    Console.WriteLine($"Dataset built in {build.Elapsed.TotalSeconds:0.0} s: {store.Cells.Count():N0} cells, {store.Meetings.Count():N0} meetings, {store.Evaluations.Count():N0} evaluations ({new FileInfo(dbPath).Length / 1048576.0:0} MiB).");
}
else Console.WriteLine($"Dataset reused: {store.Cells.Count():N0} cells, {store.Meetings.Count():N0} meetings.");

// The year-end reviews of 2024–2026: a self-review from most members (~1 KiB written each), a review from each cell
// (from six in ten for 2026, the year under way). Added to a dataset built before they were.
if (store.SelfReviews.Count() == 0)
{
    var build = Stopwatch.StartNew();
    var rnd = new Random(11);
    var text = "Ưu điểm: chấp hành nghiêm chủ trương, đường lối của Đảng; gương mẫu trong công tác, giữ mối liên hệ với nhân dân nơi cư trú. ";
    foreach (var year in new[] { 2024, 2025, 2026 })
        foreach (var chunk in store.Cells.FindAll().Chunk(100))
            store.InTransaction(() =>
            {
                foreach (var cell in chunk)
                {
                    var ratings = new List<MemberRating>();
                    for (var i = 0; i < 10 + int.Parse(cell.Id[^2..]) % 20; i++)
                    {
                        var member = $"{cell.Id}-dv{i:00}";
                        if (rnd.NextDouble() < 0.85)
                            store.SelfReviews.Insert(new SelfReview
                            {
                                Id = SelfReview.KeyOf(member, year), MemberId = member, CellId = cell.Id, CellPath = cell.Path, Year = year,
                                Sections = new() { ["uu_diem"] = string.Concat(Enumerable.Repeat(text, 4)), ["han_che"] = text, ["giai_phap"] = text },
                                ProposedLevel = "GOOD", ProposedLevelLabel = "Hoàn thành tốt nhiệm vụ", EnteredBy = member,
                            });
                        ratings.Add(new MemberRating { MemberId = member, Name = $"Đảng viên {i:00}", Level = "GOOD", LevelLabel = "Hoàn thành tốt nhiệm vụ" });
                    }
                    if (year < 2026 || rnd.NextDouble() < 0.6)
                        store.CellReviews.Insert(new CellReview
                        {
                            Id = CellReview.KeyOf(cell.Id, year), CellId = cell.Id, CellPath = cell.Path, Year = year, Ratings = ratings, Approved = true,
                            CellLevel = "GOOD", CellLevelLabel = "Hoàn thành tốt nhiệm vụ",
                        });
                }
                return true;
            });
    store.Db.Checkpoint();
    Console.WriteLine($"Year-end reviews added in {build.Elapsed.TotalSeconds:0.0} s: {store.SelfReviews.Count():N0} self-reviews, {store.CellReviews.Count():N0} cell reviews ({new FileInfo(dbPath).Length / 1048576.0:0} MiB).");
}

// The members (ids as the self-reviews above have them), a secretary each, and eight in ten on Telegram.
if (store.Members.Count() == 0)
{
    var build = Stopwatch.StartNew();
    foreach (var chunk in store.Cells.FindAll().Chunk(200))
        store.InTransaction(() =>
        {
            foreach (var cell in chunk)
                for (var i = 0; i < 10 + int.Parse(cell.Id[^2..]) % 20; i++)
                {
                    var id = $"{cell.Id}-dv{i:00}";
                    var roles = new List<RoleGrant> { new() { Role = Role.Member, ScopeId = cell.Id } };
                    if (i == 0) roles.Add(new RoleGrant { Role = Role.Secretary, ScopeId = cell.Id });
                    store.Members.Insert(new Member { Id = id, Name = $"Nguyễn Văn {i:00}", CellId = cell.Id, Roles = roles, Status = i % 9 == 8 ? MemberStatus.Probationary : MemberStatus.Full });
                    if (i % 5 != 4)
                        store.Identities.Insert(new ChatIdentity { Id = ChatIdentity.KeyOf("telegram", $"{cell.Id}-{i}"), Channel = "telegram", PlatformUserId = $"{cell.Id}-{i}", MemberId = id });
                }
            return true;
        });
    store.Db.Checkpoint();
    Console.WriteLine($"Members added in {build.Elapsed.TotalSeconds:0.0} s: {store.Members.Count():N0} members, {store.Identities.Count():N0} identities ({new FileInfo(dbPath).Length / 1048576.0:0} MiB).");
}

// Sổ tay points of 2026 in the enterprise cells (their type asks a minimum a month): every member, every month to November,
// one in ten under 30. Added to a dataset built before they were.
if (store.HandbookPoints.Count() == 0)
{
    var build = Stopwatch.StartNew();
    var asked = store.Cells.FindAll().Where(c => templates.CellType(c.Type).HandbookPoints is not null).ToList();
    var pointsRnd = new Random(11);
    foreach (var chunk in asked.Chunk(100))
        store.InTransaction(() =>
        {
            foreach (var cell in chunk)
            {
                var members = store.CellMembers(cell.Id);
                for (var month = 1; month <= 11; month++)
                    store.HandbookPoints.Insert(members.Select(m => new HandbookPoints
                    {
                        Id = HandbookPoints.KeyOf(m.Id, $"2026-{month:00}"), MemberId = m.Id, CellId = cell.Id, Month = $"2026-{month:00}",
                        Points = pointsRnd.NextDouble() < 0.1 ? pointsRnd.Next(10, 30) : pointsRnd.Next(30, 80), RecordedBy = "bench",
                    }));
            }
            return true;
        });
    store.Db.Checkpoint();
    Console.WriteLine($"Sổ tay points added in {build.Elapsed.TotalSeconds:0.0} s: {store.HandbookPoints.Count():N0} member-months in {asked.Count:N0} cells ({new FileInfo(dbPath).Length / 1048576.0:0} MiB).");
}

var files = new ReportFiles(Path.Combine(dir, "reports"), TimeProvider.System);
var provinceUnit = store.OrgUnits.FindById("tinh")!;
var communeUnit = store.OrgUnits.FindById("xa-042")!;
var thisMonth = new Period(PeriodKind.Month, 2026, 12);

// As a turn reads them (Summary.ReadOutside): in a read-only snapshot, outside the write transaction.
void Measure(string what, int n, Action read)
{
    void action() => store.Read(() => { read(); return 0; });
    action(); // warm-up
    var times = new List<double>();
    GC.Collect();
    var before = GC.GetTotalAllocatedBytes(true);
    for (var i = 0; i < n; i++)
    {
        var sw = Stopwatch.StartNew();
        action();
        times.Add(sw.Elapsed.TotalMilliseconds);
    }
    var allocated = (GC.GetTotalAllocatedBytes(true) - before) / n / 1048576.0;
    times.Sort();
    double P(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
    Console.WriteLine($"| {what} | {n} | {P(0.5):0} ms | {P(0.95):0} ms | {allocated:0} MiB | {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MiB |");
}

Console.WriteLine("| what | runs | p50 | p95 | allocated per run | peak working set so far |");
Console.WriteLine("|---|---|---|---|---|---|");
Measure("text, one commune (50 cells), month", runs, () => SummaryText.Unit(UnitSummary.Build(store, templates, communeUnit, thisMonth, now)));
Measure("text, province (5,000 cells), month — cold (months read from the file)", runs, () =>
{
    CellMonth.DropCache(store);
    SummaryText.Unit(UnitSummary.Build(store, templates, provinceUnit, thisMonth, now));
});
Measure("text, province (5,000 cells), month — warm (months kept in memory)", runs, () => SummaryText.Unit(UnitSummary.Build(store, templates, provinceUnit, thisMonth, now)));
Measure("text, province, year", Math.Max(3, runs / 4), () => SummaryText.Unit(UnitSummary.Build(store, templates, provinceUnit, new Period(PeriodKind.Year, 2026, 1), now)));
Measure("Sổ tay points, province, year (UnitSummary.HandbookOf)", Math.Max(3, runs / 4), () => UnitSummary.HandbookOf(store, templates, store.Cells.FindStartingWith(c => c.Path, provinceUnit.Path), new Period(PeriodKind.Year, 2026, 1), now));
Measure("Sổ tay points, one commune, month", runs, () => UnitSummary.HandbookOf(store, templates, store.Cells.FindStartingWith(c => c.Path, communeUnit.Path), thisMonth, now));
Measure("Sổ tay points, province, month", runs, () => UnitSummary.HandbookOf(store, templates, store.Cells.FindStartingWith(c => c.Path, provinceUnit.Path), thisMonth, now));
Measure("Excel, province, month", Math.Max(3, runs / 4), () => files.SaveWorkbook("bench", SummaryExport.Sheets(store, templates, UnitSummary.Build(store, templates, provinceUnit, thisMonth, now), "Đ/c Người đo")));
var aCell = "cb-042-07";
Measure("a cell's self-reviews of the year (the review's start, /tukiemdiem xem)", runs, () => store.SelfReviews.Find(r => r.CellId == aCell && r.Year == 2026));
Measure("year-end review text, one commune (/tonghop năm xếp loại)", runs, () => ReviewRollup.Text(store, templates, communeUnit, 2026, now, []));
Measure("year-end review text, province", Math.Max(3, runs / 4), () => ReviewRollup.Text(store, templates, provinceUnit, 2026, now, []));
Measure("reminder planner, province (every five minutes), a day of December", Math.Max(3, runs / 4), () =>
    new ChiBo.Scheduling.Reminders.ReminderPlanner(store, new ChiBo.Scheduling.Reminders.ReminderRules(), templates).DueAt(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.FromHours(7))));
Measure("chart, province, month", Math.Max(3, runs / 4), () =>
{
    var s = UnitSummary.Build(store, templates, provinceUnit, thisMonth, now);
    files.SaveChart("bench", SummaryExport.Chart(store, templates, s));
});
