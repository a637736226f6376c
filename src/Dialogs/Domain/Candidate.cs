namespace ChiBo.Dialogs.Domain;

/// <summary>Where a candidate stands on the way to admission (Điều lệ Đảng, Điều 4).</summary>
public enum CandidateStage
{
    /// <summary>Quần chúng ưu tú the cell is bringing on (introduced by a member or a mass organisation).</summary>
    Introduced,
    /// <summary>Attended the awareness class (lớp bồi dưỡng nhận thức về Đảng), with its certificate.</summary>
    ClassAttended,
    /// <summary>The cell voted to propose admission (at least two thirds of its full members).</summary>
    Proposed,
    /// <summary>The competent committee decided to admit: the cell holds the ceremony within its working days.</summary>
    Decided,
    /// <summary>Admitted at the ceremony: now a probationary member (<see cref="Candidate.MemberId"/>).</summary>
    Admitted,
    /// <summary>The cell stopped considering them (the reason kept).</summary>
    Dropped,
}

/// <summary>A person the cell is bringing to the Party: the steps, decisions and dates, kept after admission.</summary>
public sealed class Candidate
{
    public string Id { get; set; } = "";
    public string CellId { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>Work, position, who introduced them: as typed.</summary>
    public string Note { get; set; } = "";
    public DateTime IntroducedOn { get; set; }
    public DateTime? ClassOn { get; set; }
    /// <summary>The awareness class's certificate (number, issuer) as typed.</summary>
    public string Certificate { get; set; } = "";
    /// <summary>The cell's votes on proposing admission, in order.</summary>
    public List<ProbationVote> Votes { get; set; } = [];
    /// <summary>The admission decision (number and date as typed) and the day it was recorded (received).</summary>
    public string Decision { get; set; } = "";
    public DateTime? DecisionOn { get; set; }
    /// <summary>The last day for the ceremony, counted in working days from <see cref="DecisionOn"/> when it was recorded.</summary>
    public DateTime? CeremonyBy { get; set; }
    public DateTime? CeremonyOn { get; set; }
    /// <summary>The probationary member made at the ceremony.</summary>
    public string? MemberId { get; set; }
    public string DroppedWhy { get; set; } = "";
    public List<MemberEvent> History { get; set; } = [];

    public CandidateStage Stage =>
        DroppedWhy != "" ? CandidateStage.Dropped
        : CeremonyOn is not null ? CandidateStage.Admitted
        : DecisionOn is not null ? CandidateStage.Decided
        : Votes.Any(v => v.Carried) ? CandidateStage.Proposed
        : ClassOn is not null ? CandidateStage.ClassAttended
        : CandidateStage.Introduced;

    /// <summary>Still on the way (not admitted, not dropped).</summary>
    public bool Open => Stage is not (CandidateStage.Admitted or CandidateStage.Dropped);
}
