namespace ChiBo.Dialogs.Domain;

/// <summary>Why a member left a cell's roster (Điều lệ Đảng; QĐ 24-QĐ/TW).</summary>
public enum LeavingReason
{
    /// <summary>Chuyển sinh hoạt đảng đi nơi khác (a cell outside the bot, or not recorded as a transfer).</summary>
    TransferredOut,
    /// <summary>Từ trần.</summary>
    Died,
    /// <summary>Xóa tên trong danh sách đảng viên (a decision of the competent committee).</summary>
    StruckOff,
    /// <summary>Khai trừ (a disciplinary decision).</summary>
    Expelled,
    /// <summary>Xin ra khỏi Đảng (a decision accepting it).</summary>
    Resigned,
}

/// <summary>How a member left the roster: the reason, the decision (number and date as typed) and the day.</summary>
public sealed class Departure
{
    public LeavingReason Reason { get; set; }
    public string Decision { get; set; } = "";
    public string CellId { get; set; } = "";
    public DateTime OnDate { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAtUtc { get; set; }
}

/// <summary>
/// A suspension from Party activities (đình chỉ sinh hoạt đảng) as decided by the competent committee: the decision
/// (number and date as typed) and the day it counts from (the decision's). While it lasts the member is not summoned to
/// meetings, not counted in a vote's base (QĐ 24-QĐ/TW, mục 9.3) and writes no self-review (QĐ 124-QĐ/TW, Điều 5).
/// Once ended it is kept with its last day, so a meeting of a day within it, recorded late, still leaves the member out.
/// </summary>
public sealed class Suspension
{
    public string Decision { get; set; } = "";
    public DateTime Since { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAtUtc { get; set; }
    /// <summary>The first day the member is summoned again (null while it lasts), and the decision that ended it, if typed.</summary>
    public DateTime? Until { get; set; }
    public string EndDecision { get; set; } = "";

    /// <summary>Whether it covers that day.</summary>
    public bool Covers(DateTime day) => Since.Date <= day.Date && (Until is not { } until || day.Date < until.Date);
}

/// <summary>One line of a member's history: a status change, a transfer, a decision (shown by /dangvien, exported by /xuat).</summary>
public sealed class MemberEvent
{
    public DateTime AtUtc { get; set; }
    public string? CellId { get; set; }
    public string What { get; set; } = "";
    /// <summary>The decision it rests on (number and date as typed), if any.</summary>
    public string Decision { get; set; } = "";
    public string By { get; set; } = "";
}

/// <summary>The reasons for leaving: their words, and whether a decision must be named.</summary>
public static class Leaving
{
    public sealed record Kind(LeavingReason Reason, string Label, string[] Words, bool NeedsDecision, string DecisionHint);

    public static readonly Kind[] Kinds =
    [
        new(LeavingReason.TransferredOut, "chuyển sinh hoạt đi", ["chuyen sinh hoat di", "chuyen sinh hoat", "chuyen di"], false, "số giấy giới thiệu, nếu có"),
        new(LeavingReason.Died, "từ trần", ["tu tran", "mat", "qua doi"], false, ""),
        new(LeavingReason.StruckOff, "xóa tên", ["xoa ten"], true, "số, ngày quyết định xóa tên"),
        new(LeavingReason.Expelled, "khai trừ", ["khai tru"], true, "số, ngày quyết định khai trừ"),
        new(LeavingReason.Resigned, "xin ra khỏi Đảng", ["xin ra khoi dang", "ra khoi dang"], true, "số, ngày quyết định"),
    ];

    public static Kind Of(LeavingReason r) => Kinds.First(k => k.Reason == r);

    /// <summary>The reason at the start of what was typed (diacritics aside), and the rest (the decision); null if none.</summary>
    public static (Kind Kind, string Decision)? Read(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var folded = words.Select(Text.VnText.Fold).ToArray();
        foreach (var k in Kinds)
            foreach (var w in k.Words.Select(w => w.Split(' ')).OrderByDescending(w => w.Length))
                if (folded.Length >= w.Length && folded.Take(w.Length).SequenceEqual(w))
                    return (k, string.Join(' ', words.Skip(w.Length)).Trim(' ', ',', ':', '-', '(', ')'));
        return null;
    }
}

/// <summary>A probationary member's way to full membership: the mentor, the cell's votes, the comments attached.</summary>
public sealed class Probation
{
    /// <summary>Đảng viên chính thức giúp đỡ (Điều lệ Đảng, Điều 5).</summary>
    public string? MentorId { get; set; }
    public string MentorName { get; set; } = "";
    /// <summary>The mentor's comments and the member's self-review, as text (kept with the vote).</summary>
    public string Comments { get; set; } = "";
    /// <summary>The cell's votes, in order (QĐ 24 4.2.3: after three without two thirds, the upper committee decides).</summary>
    public List<ProbationVote> Votes { get; set; } = [];

    /// <summary>The vote that carried, if any: the cell's proposal (confirm, or strike off).</summary>
    public ProbationVote? Carried => Votes.LastOrDefault(v => v.Carried);
}

/// <summary>One vote of the cell on a probationary member: for confirming (or for striking off), of how many full members.</summary>
public sealed class ProbationVote
{
    public bool ToConfirm { get; set; } = true;
    public int For { get; set; }
    public int FullMembers { get; set; }
    public bool Carried { get; set; }
    public DateTime AtUtc { get; set; }
    public string By { get; set; } = "";
}
