namespace ChiBo.Dialogs.Domain;

/// <summary>The level the cell proposes for one member in the year-end review, beside the member's own.</summary>
public sealed class MemberRating
{
    public string MemberId { get; set; } = "";
    public string Name { get; set; } = "";
    public MemberStatus Status { get; set; }
    /// <summary>The member's own proposal (self-review), "" when none was filed.</summary>
    public string SelfLevel { get; set; } = "";
    /// <summary>A level code of the self-review template, or "" for a member not rated (exempt).</summary>
    public string Level { get; set; } = "";
    public string LevelLabel { get; set; } = "";
    /// <summary>The cell's comments on the member ("" when none were recorded).</summary>
    public string Comment { get; set; } = "";
    /// <summary>The level the committee above decided for the member (QĐ 124-QĐ/TW), "" while it has not.</summary>
    public string DecidedLevel { get; set; } = "";
    public string DecidedLevelLabel { get; set; } = "";
    /// <summary>The number and date of that decision, as typed.</summary>
    public string Decision { get; set; } = "";

    /// <summary>The member's level as it stands: the committee's decision, else the cell's proposal.</summary>
    [LiteDB.BsonIgnore]
    public string FinalLevel => DecidedLevel != "" ? DecidedLevel : Level;
}

/// <summary>The cell's year-end review meeting (QĐ 124-QĐ/TW): the members' levels, the cell's own proposed level, the vote.</summary>
public sealed class CellReview
{
    /// <summary>"cellId|year".</summary>
    public string Id { get; set; } = "";
    public string CellId { get; set; } = "";
    public string CellPath { get; set; } = "";
    public int Year { get; set; }
    public List<MemberRating> Ratings { get; set; } = [];
    public string CellLevel { get; set; } = "";
    public string CellLevelLabel { get; set; } = "";
    public int VotesFor { get; set; }
    public int VotesAgainst { get; set; }
    public int VotesAbstain { get; set; }
    /// <summary>Full members counted for the vote (QĐ 24).</summary>
    public int VoteBase { get; set; }
    /// <summary>The vote passed: the review is the cell's and can change only by an audited correction.</summary>
    public bool Approved { get; set; }
    public string TemplateVersion { get; set; } = "";
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAtUtc { get; set; }
    /// <summary>
    /// The competent committee's decision on the cell's level (QĐ 124-QĐ/TW: the cell rates itself, the level above
    /// decides), recorded by its staff; "" while it has not decided.
    /// </summary>
    public string DecidedLevel { get; set; } = "";
    public string DecidedLevelLabel { get; set; } = "";
    /// <summary>The decision's number and date as typed ("QĐ 30-QĐ/ĐU ngày 22/12/2026").</summary>
    public string Decision { get; set; } = "";
    public string DecidedBy { get; set; } = "";
    public DateTime? DecidedAtUtc { get; set; }
    /// <summary>The committee's decision on the members' levels ("" while none is recorded), who recorded it and when.</summary>
    public string MembersDecision { get; set; } = "";
    public string MembersDecidedBy { get; set; } = "";
    public DateTime? MembersDecidedAtUtc { get; set; }

    /// <summary>The cell's level as it stands: the level above's decision, else the level the cell gave itself.</summary>
    [LiteDB.BsonIgnore]
    public string Level => DecidedLevel != "" ? DecidedLevel : CellLevel;

    public static string KeyOf(string cellId, int year) => $"{KeyPrefixOf(cellId)}{year}";
    /// <summary>What the keys of a cell's reviews (every year) start with.</summary>
    public static string KeyPrefixOf(string cellId) => $"{cellId}|";
}
