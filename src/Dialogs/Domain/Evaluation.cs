namespace ChiBo.Dialogs.Domain;

/// <summary>The quality score of one meeting against a rubric (/danhgia).</summary>
public sealed class Evaluation
{
    public string Id { get; set; } = "";
    public string MeetingId { get; set; } = "";
    public string CellId { get; set; } = "";
    public string CellPath { get; set; } = "";
    public string Month { get; set; } = "";
    public string RubricId { get; set; } = "";
    public string RubricVersion { get; set; } = "";
    public Dictionary<string, decimal> Scores { get; set; } = [];
    public decimal Total { get; set; }
    /// <summary>Level code from the rubric (GOOD, FAIR, AVERAGE, POOR) and its Vietnamese label.</summary>
    public string Level { get; set; } = "";
    public string LevelLabel { get; set; } = "";
    public List<string> GatesMissed { get; set; } = [];
    /// <summary>Criteria scored above what the meeting record allows, with the secretary's reason (code → "15 (ghi nhận 14,5): lý do").</summary>
    public Dictionary<string, string> Overrides { get; set; } = [];
    public string EvaluatedBy { get; set; } = "";
    public DateTime EvaluatedAtUtc { get; set; }
    /// <summary>
    /// The cell's vote on this score: at the meeting itself (the committee's proposal) or, for a score given after it, at
    /// the next meeting. Null: not yet put to the vote.
    /// </summary>
    public ScoreVote? Vote { get; set; }
    /// <summary>
    /// Scored since scores are approved in the meeting (12/2026): it is the cell's only once voted. Scores recorded before
    /// (false when the field is missing) stand as they were recorded.
    /// </summary>
    public bool NeedsVote { get; set; }
    /// <summary>The assigned upper-level staff member's confirmation (/baocao), once the cell approved the score.</summary>
    public ScoreConfirmation? Confirmation { get; set; }

    [LiteDB.BsonIgnore]
    public bool Approved => Vote is { Passed: true };

    /// <summary>
    /// "Khá (mục B1 chưa đạt tối đa)": the level, and, when the points reach a higher level, the items that kept it from
    /// it ("99,5 điểm, Khá" alone reads as a mistake).
    /// </summary>
    [LiteDB.BsonIgnore]
    public string LevelWithWhy => WhyNotHigher == "" ? LevelLabel : $"{LevelLabel} ({WhyNotHigher})";

    /// <summary>"mục B1 chưa đạt tối đa": what kept points of a higher level at this one; empty when nothing did.</summary>
    [LiteDB.BsonIgnore]
    public string WhyNotHigher => GatesMissed.Count == 0 ? "" : $"mục {string.Join(", ", GatesMissed.Distinct())} chưa đạt tối đa";

    /// <summary>Given after its meeting and not yet put to a meeting's vote.</summary>
    [LiteDB.BsonIgnore]
    public bool AwaitsVote => NeedsVote && Vote is null;

    /// <summary>Not (yet) the cell's score: waiting for a vote, or voted down.</summary>
    [LiteDB.BsonIgnore]
    public bool Unapproved => AwaitsVote || Vote is { Passed: false };

    /// <summary>"chi bộ thông qua 5/5, cấp trên xác nhận" — where the score stands, for lists and the minutes.</summary>
    [LiteDB.BsonIgnore]
    public string Standing => Vote switch
    {
        null => "chưa được chi bộ thông qua",
        { Passed: false } => $"chi bộ không thông qua ({Vote.For}/{Vote.Base} tán thành)",
        _ => $"chi bộ thông qua {Vote.For}/{Vote.Base}" + Confirmation switch
        {
            null => "",
            { Agreed: true } => ", cấp trên xác nhận",
            _ => ", cấp trên chưa đồng ý",
        },
    };
}

/// <summary>A vote of the cell on a quality score (Điều lệ: more than half of the counted full members for it passes).</summary>
public sealed class ScoreVote
{
    /// <summary>The meeting at which the cell voted (the scored one, or the next).</summary>
    public string AtMeetingId { get; set; } = "";
    public DateTime AtDate { get; set; }
    public int For { get; set; }
    public int Against { get; set; }
    public int Abstain { get; set; }
    /// <summary>Counted full members the majority is taken of.</summary>
    public int Base { get; set; }
    public bool Passed { get; set; }
}

public sealed class ScoreConfirmation
{
    public string StaffId { get; set; } = "";
    public string StaffName { get; set; } = "";
    public DateTime AtUtc { get; set; }
    public bool Agreed { get; set; }
    public string Note { get; set; } = "";
}
