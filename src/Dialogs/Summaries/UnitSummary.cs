using ChiBo.Dialogs.Text;
using ChiBo.Dialogs.Commands;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;

namespace ChiBo.Dialogs.Summaries;

/// <summary>Where an org unit's cells stand over a period, with the previous period and the year's targets.</summary>
public sealed class UnitSummary
{
    public required OrgUnit Unit { get; init; }
    public required Period Period { get; init; }
    public required DateTime Now { get; init; }
    public required List<CellStats> Cells { get; init; }
    public required List<CellStats> Previous { get; init; }
    /// <summary>The period <see cref="Previous"/> covers: the one before, or the same months a year earlier.</summary>
    public required Period Compared { get; init; }
    /// <summary>Probationary members today (not of the period: probation is a state, not an event).</summary>
    public required List<Probationer> Probation { get; init; }
    /// <summary>Members suspended from Party activities today (a state, as probation), longest suspended first.</summary>
    public required List<SuspendedMember> Suspended { get; init; }
    /// <summary>Cells with fewer than three full members (Điều lệ Đảng, Điều 21), with how many; for a unit of up to <see cref="ByCellUpTo"/> cells.</summary>
    public List<(Cell Cell, int Full)> UnderStrength { get; init; } = [];
    /// <summary>Members absent without a reason in the period, most times first (from the meetings' attendance lists).</summary>
    public required List<Absentee> Unexcused { get; init; }
    /// <summary>Cells with a thematic meeting in every begun quarter of the period.</summary>
    public required int ThematicCells { get; init; }
    /// <summary>Cells with a thematic quarter that came due in the period (the thematic rule's denominator).</summary>
    public required int ThematicTracked { get; init; }
    /// <summary>Cells whose only quarter in the period has not ended and holds no thematic meeting yet.</summary>
    public required List<Cell> ThematicWaiting { get; init; }
    /// <summary>Cells with a quarter of the period that ended without a thematic meeting, and those quarters (staff ask who).</summary>
    public required List<ThematicGap> ThematicMissed { get; init; }
    public required List<TargetProgress> Targets { get; init; }
    /// <summary>In a month of the year-end review season (December to February): where the cells' reviews of that year stand.</summary>
    public YearEndStanding? YearEnd { get; init; }

    /// <summary>The cells' year-end reviews of <paramref name="Year"/>: passed by the cell, decided by the level above, of how many cells.</summary>
    public sealed record YearEndStanding(int Year, int Passed, int Decided, int Cells);
    public required List<StaffReportDue> StaffReports { get; init; }
    public required List<(int Year, ContestRound Round)> ContestRounds { get; init; }
    /// <summary>The year's contest registrations of cells in the unit.</summary>
    public required List<ContestEntry> ContestEntries { get; init; }
    /// <summary>The unit's direct sub-units with cells, for the chart (empty when its cells sit right under it).</summary>
    public required List<(OrgUnit Unit, List<CellStats> Cells)> ByUnit { get; init; }
    /// <summary>The dues book of each cell that keeps one here, for the period (and the arrears of its year).</summary>
    public required List<CellDues> Dues { get; init; }
    /// <summary>
    /// Members' points on the Sổ tay đảng viên điện tử app in the cells whose type asks a minimum a month, over the period's
    /// ended months (a month still running: the month before it); null when no cell of the unit is asked.
    /// </summary>
    public HandbookStanding? Handbook { get; init; }
    /// <summary>
    /// Per cell asked, the member-months still to record from its first month recorded in the period (null: it recorded
    /// none in the period); the member-months under the cell type's minimum.
    /// </summary>
    public sealed record HandbookStanding(List<string> Months, List<(Cell Cell, int? Missing)> Cells, List<HandbookUnder> Under)
    {
        /// <summary>The months as one period ("tháng 11/2026", "từ tháng 06/2026 đến tháng 11/2026").</summary>
        public Period Span => Period.Between(Period.FirstDayOf(Months[0]), Period.FirstDayOf(Months[^1]));
    }
    public sealed record HandbookUnder(Cell Cell, string Member, string Month, int Points, int Min);

    /// <summary>Transfers into or out of the unit's cells whose letter is not presented yet (today, not of the period).</summary>
    public required List<Transfer> Transfers { get; init; }
    /// <summary>Candidates of the unit's cells: those still on the way (today) and those admitted in the period.</summary>
    public required List<Candidate> Candidates { get; init; }

    /// <summary>
    /// A cell's dues over a period: collected (payments for its months), who still owes a month of it that has begun
    /// (members, amount where the monthly amount is set), and who owes three months or more of the year (Điều lệ Đảng, Điều 8).
    /// </summary>
    public sealed record CellDues(Cell Cell, long Collected, int Owing, long OwingAmount, List<DuesArrear> Arrears);

    /// <summary>For a month from December to February: the reviews of the year under review (QĐ 124-QĐ/TW); else null.</summary>
    static YearEndStanding? YearEndOf(ChiBoStore store, IReadOnlyCollection<Cell> cells, Period period, Dictionary<string, CellReview>? ofPeriodYear)
    {
        if (period.Kind != PeriodKind.Month || period.Start.Month is > 2 and < 12 || cells.Count == 0) return null;
        var year = SelfReview.YearOn(period.Start);
        var ids = cells.Select(c => c.Id).ToHashSet();
        List<CellReview> reviews = year == period.Year && ofPeriodYear is not null ? [.. ofPeriodYear.Values.Where(r => ids.Contains(r.CellId))]
            : [.. ReviewRollup.ReviewsOf(store, cells, year).Values];
        return new(year, reviews.Count(r => r.Approved), reviews.Count(r => r.Approved && r.DecidedLevel != ""), cells.Count);
    }

    /// <summary>The cells' candidates still on the way, and those admitted in the period.</summary>
    public static List<Candidate> CandidatesOf(ChiBoStore store, IReadOnlyCollection<Cell> cells, Period period)
    {
        // A commune's by its cells (the CellId index); a province's in one read, not thousands of queries most of which find none.
        var ids = cells.Select(c => c.Id).ToHashSet();
        var candidates = cells.Count <= ByCellUpTo ? cells.SelectMany(c => store.Candidates.Find(x => x.CellId == c.Id))
            : store.Candidates.FindAll().Where(c => ids.Contains(c.CellId));
        return [.. candidates.Where(c => c.Open || c.CeremonyOn is { } d && d >= period.Start && d < period.End)];
    }

    /// <summary>Transfers waiting for the letter to be presented, to or from the cells; the overdue first.</summary>
    public static List<Transfer> PendingTransfers(ChiBoStore store, IEnumerable<Cell> cells)
    {
        var ids = cells.Select(c => c.Id).ToHashSet();
        return [.. store.Transfers.Find(t => t.State == TransferState.Pending)
            .Where(t => ids.Contains(t.ToCellId) || ids.Contains(t.FromCellId)).OrderBy(t => t.PresentBy)];
    }

    /// <summary>The Sổ tay points of the cells asked a minimum (<see cref="Handbook"/>).</summary>
    public static HandbookStanding? HandbookOf(ChiBoStore store, TemplateCatalog templates, IReadOnlyCollection<Cell> cells, Period period, DateTime now)
    {
        var asked = cells.Select(c => (Cell: c, Min: templates.CellType(c.Type).HandbookPoints)).Where(x => x.Min is not null).ToList();
        if (asked.Count == 0) return null;
        var thisMonth = Period.KeyOf(now);
        var months = period.Months.Where(m => string.CompareOrdinal(m, thisMonth) < 0).ToList();
        if (months.Count == 0 && period.Kind == PeriodKind.Month) months = [Period.KeyOf(period.Start.AddMonths(-1))]; // this month: the last final one
        if (months.Count == 0) return null;
        var ids = asked.Select(x => x.Cell.Id).ToHashSet();
        // A commune's by key (each member of its cells, each month: a cell's other months and other cells are not read); a
        // province's by the months, kept in memory until points of the month are next written.
        var recorded = asked.Count <= ByCellUpTo
            ? asked.SelectMany(x => store.CellMembers(x.Cell.Id).SelectMany(m => months.Select(month => store.HandbookPoints.FindById(HandbookPoints.KeyOf(m.Id, month)))))
                .OfType<HandbookPoints>().Where(p => ids.Contains(p.CellId)).ToList()
            : months.SelectMany(m => HandbookMonths.Of(store, m)).Where(p => ids.Contains(p.CellId)).ToList();
        var points = recorded.ToDictionary(p => (p.MemberId, p.Month));
        // A cell's figures count from the first month it recorded in the period: before, the bot has no data (not a failure).
        var firstOf = recorded.GroupBy(p => p.CellId).ToDictionary(g => g.Key, g => g.Select(p => p.Month).Order(StringComparer.Ordinal).First());
        // Before the cell was on the bot, nothing is asked of it.
        var createdIn = asked.ToDictionary(x => x.Cell.Id, x => Period.KeyOf(VnClock.Local(x.Cell.CreatedAtUtc)));
        var perCell = new List<(Cell, int?)>();
        var under = new List<HandbookUnder>();
        var considered = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (cell, min) in asked)
        {
            var created = createdIn[cell.Id];
            if (!firstOf.TryGetValue(cell.Id, out var since))
            {
                if (months.Any(m => string.CompareOrdinal(m, created) >= 0)) perCell.Add((cell, null));
                continue;
            }
            var roll = store.CellMembers(cell.Id);
            var missing = 0;
            foreach (var month in months.Where(m => string.CompareOrdinal(m, since) >= 0 && string.CompareOrdinal(m, created) >= 0))
            {
                considered.Add(month);
                var first = Period.FirstDayOf(month);
                // Members of the cell by then (its roster today, those who joined after left out), summoned that month.
                foreach (var m in roll.Where(m => HandbookPoints.Asked(m, first)))
                {
                    if (!points.TryGetValue((m.Id, month), out var p)) missing++;
                    else if (p.Points < min) under.Add(new HandbookUnder(cell, m.Name, month, p.Points, min!.Value));
                }
            }
            perCell.Add((cell, missing));
        }
        if (perCell.Count == 0) return null;
        if (considered.Count == 0) considered.UnionWith(months.Where(m => perCell.Any(c => string.CompareOrdinal(m, createdIn[c.Item1.Id]) >= 0)));
        return new HandbookStanding([.. considered], perCell, under);
    }

    /// <summary>The dues of the cells that keep a dues book here.</summary>
    public static List<CellDues> DuesOf(ChiBoStore store, IEnumerable<Cell> cells, Period period, DateTime now)
    {
        // Only cells whose book here had begun by the period's end: before it, there is nothing to say (not "0 đ collected").
        var keeping = cells.Where(c => c.DuesSince is { } since && string.CompareOrdinal(since, period.LastMonth) <= 0).ToList();
        if (keeping.Count == 0) return [];
        var thisMonth = Period.KeyOf(now);
        var months = period.Months.Where(m => string.CompareOrdinal(m, thisMonth) <= 0).ToList();
        var yearFirst = $"{period.Year}-01";
        var first = string.CompareOrdinal(period.FirstMonth, yearFirst) < 0 ? period.FirstMonth : yearFirst;
        var ids = keeping.Select(c => c.Id).ToHashSet();
        var payments = store.DuesPayments.FindBetween(p => p.Month, first, period.LastMonth)
            .Where(p => ids.Contains(p.CellId)).ToLookup(p => p.CellId);
        return keeping.Select(c =>
        {
            var paid = payments[c.Id].ToList();
            var roll = store.CellMembers(c.Id);
            var owed = roll.Select(m => (Member: m, Months: DuesBook.UnpaidIn(c, m, months, paid))).Where(x => x.Months.Count > 0).ToList();
            return new CellDues(c, paid.Where(p => period.Months.Contains(p.Month)).Sum(p => p.Amount), owed.Count,
                owed.Sum(x => (x.Member.DuesPerMonth ?? 0) * x.Months.Count), DuesBook.Arrears(c, roll, period.Year, now, paid));
        }).ToList();
    }

    /// <param name="NothingYet">The measure has nothing recorded yet in any cell (no year-end results passed).</param>
    public sealed record TargetProgress(TargetItem Item, int Met, int Of, bool NothingYet = false)
    {
        public decimal Percent => Of == 0 ? 0 : VnText.Round1(100m * Met / Of);
        public bool Reached => Percent >= Item.MinPercent;
        /// <summary>Nothing to count in the period yet (no cell with data): neither reached nor missed.</summary>
        public bool NoData => Of == 0 || NothingYet;
    }

    public sealed record Absentee(string Name, Cell Cell, int Times);

    public enum ProbationState { NotDue, ToConsider, Overdue, AwaitingDecision, NoAdmissionDay }

    /// <summary>A probationary member of the unit today: when probation ends, by when the cell must vote, where it stands.</summary>
    public sealed record Probationer(Member Member, Cell Cell, DateTime? End, DateTime? ConsiderBy, ProbationState State);

    /// <summary>
    /// Up to this many cells (a commune), a summary reads what it needs of each cell by the cell's index or key; above (a
    /// district, a province), the whole year's or status's at once: thousands of small queries cost more than one read.
    /// </summary>
    internal const int ByCellUpTo = 200;

    /// <summary>The unit's probationary members today, those needing action first.</summary>
    public static List<Probationer> Probationers(ChiBoStore store, TemplateCatalog templates, IEnumerable<Cell> cells, DateTime now)
    {
        var byId = cells.ToDictionary(c => c.Id);
        var t = ProbationCommands.Rules(templates);
        // A commune's by its cells (the CellId index), not the province's probationers read by their status.
        var probationary = byId.Count <= ByCellUpTo
            ? byId.Keys.SelectMany(id => store.Members.Find(m => m.CellId == id)).Where(m => m.Status == MemberStatus.Probationary)
            : store.Members.Find(m => m.Status == MemberStatus.Probationary);
        return [.. probationary
            .Where(m => !m.Removed && m.CellId is { } id && byId.ContainsKey(id))
            .Select(m =>
            {
                var dates = ProbationCommands.Dates(t, m);
                var state = m.Probation?.Carried is { ToConfirm: true } ? ProbationState.AwaitingDecision
                    : dates is not var (end, by) ? ProbationState.NoAdmissionDay
                    : now.Date < end ? ProbationState.NotDue
                    : now.Date <= by ? ProbationState.ToConsider : ProbationState.Overdue;
                return new Probationer(m, byId[m.CellId!], dates?.End, dates?.ConsiderBy, state);
            })
            .OrderByDescending(p => p.State == ProbationState.Overdue).ThenBy(p => p.End ?? DateTime.MaxValue).ThenBy(p => p.Member.Name, StringComparer.Create(VnText.Culture, false))];
    }

    public sealed record SuspendedMember(Member Member, Cell Cell);

    /// <summary>A cell's quarters that ended without a thematic meeting (Q from 0, as <see cref="ChiBo.Rules.Cadence.QuarterOf"/>).</summary>
    public sealed record ThematicGap(Cell Cell, List<(int Year, int Q)> Quarters);

    /// <summary>A commune's cells' rosters, read once for what the summary tells of members today; null for a larger unit.</summary>
    static Dictionary<string, IReadOnlyList<Member>>? RostersOf(ChiBoStore store, IReadOnlyCollection<Cell> cells) =>
        cells.Count <= ByCellUpTo ? cells.ToDictionary(c => c.Id, c => store.CellRoster(c.Id)) : null;

    /// <summary>The members of the unit's cells suspended from Party activities today, longest suspended first.</summary>
    static List<SuspendedMember> SuspendedOf(ChiBoStore store, IEnumerable<Cell> cells, Dictionary<string, IReadOnlyList<Member>>? rosters)
    {
        var byId = cells.ToDictionary(c => c.Id);
        // A commune's by its cells' rosters; a province's by the index of the suspensions' days.
        var suspended = rosters is not null
            ? rosters.Values.SelectMany(r => r).Where(m => m.Suspended)
            : store.Members.Find(m => m.Suspension!.Since >= SinceEver).Where(ChiBoStore.OnRoll);
        return [.. suspended.Where(m => m.CellId is { } id && byId.ContainsKey(id))
            .Select(m => new SuspendedMember(m, byId[m.CellId!]))
            .OrderBy(s => s.Member.Suspension!.Since).ThenBy(s => s.Member.Name, StringComparer.Create(VnText.Culture, false))];
    }

    /// <summary>
    /// The unit's cells with fewer than three full members, by their rosters: a commune's, whose committee merges or
    /// completes them. A larger unit's would read every member; its communes' summaries say it.
    /// </summary>
    static List<(Cell Cell, int Full)> UnderStrengthOf(IEnumerable<Cell> cells, Dictionary<string, IReadOnlyList<Member>>? rosters) =>
        rosters is null ? []
            : [.. cells.Select(c => (Cell: c, Full: Commands.Members.FullMembersIfTooFew(rosters[c.Id])))
                .Where(x => x.Full is not null).Select(x => (x.Cell, Full: x.Full!.Value))
                .OrderBy(x => x.Cell.Name, StringComparer.Create(VnText.Culture, false))];

    /// <summary>Before any suspension's first day: a range from it finds every member with one (the index's nulls left out).</summary>
    static readonly DateTime SinceEver = new(1930, 1, 1);

    /// <summary>A report due or filed; NotHeld is the reason given when the staff member reported the cell did not meet (and it still has not).</summary>
    public sealed record StaffReportDue(string Staff, Cell Cell, DateTime Meeting, DateTime Due, bool Filed, string? NotHeld = null);

    /// <summary>
    /// Who was absent without a reason, read from the meetings of only the cells that had such absences (each by its
    /// own path): a meeting recorded as counts (before names were kept) adds nothing here.
    /// </summary>
    public static List<Absentee> AbsentWithoutReason(ChiBoStore store, IEnumerable<CellStats> cells, Period period) =>
        InOrder(cells.Where(c => c.Unexcused > 0).SelectMany(c => Absentees(c.Cell,
            OrgQueries.Under(store.Meetings, m => m.CellPath, c.Cell.Path, m => m.CellPath)
                .Where(m => m.CellId == c.Cell.Id && string.CompareOrdinal(m.Month, period.FirstMonth) >= 0 && string.CompareOrdinal(m.Month, period.LastMonth) <= 0))));

    /// <summary>Who was absent without a reason at these meetings of the cell, and how many times, most first.</summary>
    public static List<Absentee> AbsentWithoutReason(Cell cell, IEnumerable<Meeting> meetings) => InOrder(Absentees(cell, meetings));

    static IEnumerable<Absentee> Absentees(Cell cell, IEnumerable<Meeting> meetings) =>
        meetings.SelectMany(m => m.Attendance).Where(a => a.Presence == ChiBo.Rules.Presence.Unexcused)
            .GroupBy(a => a.MemberId ?? a.Name).Select(g => new Absentee(g.First().Name, cell, g.Count()));

    static List<Absentee> InOrder(IEnumerable<Absentee> absent) =>
        [.. absent.OrderByDescending(a => a.Times).ThenBy(a => a.Cell.Name, StringComparer.Create(VnText.Culture, false)).ThenBy(a => a.Name, StringComparer.Create(VnText.Culture, false))];

    public static UnitSummary Build(ChiBoStore store, TemplateCatalog templates, OrgUnit unit, Period period, DateTime now, Period? compareWith = null)
    {
        var previous = compareWith ?? period.Previous;
        var yearStart = new Period(PeriodKind.Year, period.Year, 1);
        var plan = templates.Targets.SelectMany(t => t.Plans).FirstOrDefault(p => p.Year == period.Year && p.OrgUnit == unit.Id);
        // Read from the earliest month needed: the previous period, the quarter (thematic rule), the year (targets, if any).
        var from = new[] { previous.FirstMonth, Period.Of(PeriodKind.Quarter, period.Start).FirstMonth, plan is null ? period.FirstMonth : yearStart.FirstMonth }.Min(StringComparer.Ordinal)!;
        var data = ScopeData.Load(store, unit.Path, from, period.LastMonth);
        var cells = data.Cells.Select(c => CellStats.Of(c, data, period.Months, now, templates)).ToList();
        var before = data.Cells.Select(c => CellStats.Of(c, data, previous.Months, now, templates)).ToList();
        // Thematic meetings are counted by quarter: for a month, its quarter so far.
        var quarterMonths = period.Kind == PeriodKind.Month ? Period.Of(PeriodKind.Quarter, period.Start).Months.Where(m => string.CompareOrdinal(m, period.LastMonth) <= 0) : period.Months;
        var standings = data.Cells.Select(c => (Cell: c, Thematic: CellStats.Thematic(c, data, quarterMonths, now))).ToList();
        var thematic = standings.Count(s => s.Thematic.EachQuarter);
        var thematicTracked = standings.Count(s => s.Thematic.Due);
        var thematicWaiting = standings.Where(s => s.Thematic.Waiting).Select(s => s.Cell).ToList();
        var thematicMissed = standings.Select(s => new ThematicGap(s.Cell, s.Thematic.Missed)).Where(g => g.Quarters.Count > 0).ToList();

        var targets = new List<TargetProgress>();
        Dictionary<string, CellReview>? reviewsRead = null; // the year's reviews, when a target read them
        if (plan is not null)
        {
            var yearMonths = yearStart.Months.Where(m => string.CompareOrdinal(m, period.LastMonth) <= 0).ToList();
            var yearStats = data.Cells.Select(c => (Stats: CellStats.Of(c, data, yearMonths, now, templates), Thematic: CellStats.ThematicEachQuarter(c, data, yearMonths, now)))
                .Where(s => TargetMeasures.Counts(s.Stats)).ToList();
            // The year-end reviews only for a measure read from them (a province's year: ~13,000, a fifth of a second).
            if (plan.Items.Any(i => TargetMeasures.FromYearEndReview(i.Measure)))
                reviewsRead = store.CellReviews.Find(r => r.Year == period.Year).ToDictionary(r => r.CellId);
            var reviews = reviewsRead ?? [];
            // A year-end measure before any cell has passed its results: nothing to count yet (not 0 % of every cell).
            var reviewed = yearStats.Any(s => reviews.GetValueOrDefault(s.Stats.Cell.Id) is { Approved: true });
            var members = TargetMeasures.Members(yearStats.Select(s => reviews.GetValueOrDefault(s.Stats.Cell.Id)).OfType<CellReview>());
            targets = plan.Items.Select(i => TargetMeasures.CountsMembers(i.Measure)
                ? new TargetProgress(i, members.Met, members.Of, NothingYet: !reviewed)
                : new TargetProgress(i,
                    yearStats.Count(s => TargetMeasures.Meets(i.Measure, s.Stats, s.Thematic, reviews.GetValueOrDefault(s.Stats.Cell.Id))),
                    yearStats.Count, NothingYet: TargetMeasures.FromYearEndReview(i.Measure) && !reviewed)).ToList();
        }

        var reports = new List<StaffReportDue>();
        foreach (var a in data.Assignments)
        {
            var cell = data.Cells.First(c => c.Id == a.CellId);
            foreach (var month in period.Months)
            {
                var (y, m) = (int.Parse(month[..4]), int.Parse(month[5..]));
                var held = data.Months[cell.Id].FirstOrDefault(r => r.Month == month)?.RegularDate;
                var meeting = StaffAttendance.MeetingOf(cell, y, m, held);
                if (meeting > now || !StaffAttendance.Covers(a, cell, meeting)) continue;
                var key = AttendanceReport.KeyOf(cell.Id, Period.KeyOf(meeting), a.StaffId);
                var report = data.Reports.GetValueOrDefault(key);
                var filed = StaffAttendance.Stands(report, held is not null);
                var due = StaffAttendance.DueDate(meeting, a);
                if (filed || due < now.Date)
                    reports.Add(new StaffReportDue(data.StaffNames[a.StaffId], cell, meeting.Date, due, filed, filed && report!.NotHeld ? report.Note : null));
            }
        }

        var rounds = templates.Contests.SelectMany(c => c.Editions)
            .Where(e => e.Year == period.Year && store.OrgUnits.FindById(e.OrgUnit) is { } org && Contest.Covers(org.Path, unit.Path))
            .SelectMany(e => e.Rounds.Select(r => (e.Year, r))).ToList();

        var entries = rounds.Count == 0 ? [] : store.ContestEntries.Find(e => e.Year == period.Year)
            .Where(e => ChiBo.Rules.OrgTree.Holds(unit.Path, e.CellPath)).OrderBy(e => e.ContestantName).ToList();
        var children = store.OrgUnits.Find(u => u.ParentId == unit.Id).ToList();
        var byUnit = children.Select(u => (u, cells.Where(s => ChiBo.Rules.OrgTree.Holds(u.Path, s.Cell.Path)).ToList()))
            .Where(x => x.Item2.Count > 0).ToList();

        var rosters = RostersOf(store, data.Cells);
        return new UnitSummary
        {
            Unit = unit, Period = period, Now = now, Cells = cells, Previous = before, Compared = previous, Unexcused = AbsentWithoutReason(store, cells, period), Probation = Probationers(store, templates, data.Cells, now), Suspended = SuspendedOf(store, data.Cells, rosters), UnderStrength = UnderStrengthOf(data.Cells, rosters), ThematicCells = thematic, ThematicTracked = thematicTracked, ThematicWaiting = thematicWaiting, ThematicMissed = thematicMissed,
            Targets = targets, YearEnd = YearEndOf(store, data.Cells, period, reviewsRead), StaffReports = reports, ContestRounds = rounds, ContestEntries = entries, ByUnit = byUnit,
            Dues = DuesOf(store, data.Cells, period, now),
            Handbook = HandbookOf(store, templates, data.Cells, period, now),
            Transfers = PendingTransfers(store, data.Cells),
            Candidates = CandidatesOf(store, data.Cells, period),
        };
    }
}
