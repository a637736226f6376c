namespace ChiBo.Rules;

/// <summary>How a person on the meeting's list took part. NotSummoned: an exempt member who did not come.</summary>
public enum Presence { Present, Excused, Unexcused, NotSummoned }

/// <summary>
/// One line of a meeting's attendance, as the rules see it: FullMember votes (a full member, exempt or not);
/// Temporary attends from another unit (sinh hoạt tạm thời) and is not counted in this cell.
/// </summary>
public readonly record struct Seat(bool FullMember, bool Temporary, Presence Presence);

/// <summary>
/// The figures of a meeting's attendance. Summoned: the cell's members who had to attend (exempt members only
/// when they came). Voters: full members present. Counted: QĐ 24-QĐ/TW mục 9.3's denominator — the cell's full
/// members, leaving out exempt members who are absent and members absent with an approved reason.
/// </summary>
public sealed record Tally(int Summoned, int Present, int Excused, int Unexcused, int ProbationaryPresent, int TemporaryPresent, int Voters, int Counted)
{
    public static Tally Of(IEnumerable<Seat> seats)
    {
        int summoned = 0, present = 0, excused = 0, unexcused = 0, probationary = 0, temporary = 0, voters = 0, counted = 0;
        foreach (var s in seats)
        {
            if (s.Temporary)
            {
                if (s.Presence == Presence.Present) temporary++;
                continue;
            }
            if (s.Presence == Presence.NotSummoned) continue;
            summoned++;
            switch (s.Presence)
            {
                case Presence.Present:
                    present++;
                    if (s.FullMember) { voters++; counted++; } else probationary++;
                    break;
                case Presence.Excused: excused++; break;
                case Presence.Unexcused:
                    unexcused++;
                    if (s.FullMember) counted++;
                    break;
            }
        }
        return new Tally(summoned, present, excused, unexcused, probationary, temporary, voters, counted);
    }
}
