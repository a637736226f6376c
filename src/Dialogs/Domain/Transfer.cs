namespace ChiBo.Dialogs.Domain;

public enum TransferState
{
    /// <summary>The introduction letter is issued; the member has not presented it to the receiving cell yet.</summary>
    Pending,
    /// <summary>The receiving cell took the member in (official: now its member; temporary: attending there).</summary>
    Arrived,
    /// <summary>A temporary transfer that is over: the member is back at their own cell's meetings.</summary>
    Ended,
    /// <summary>Withdrawn before the letter was presented (the letter revoked, recorded in error): the member is back where they were.</summary>
    Cancelled,
}

/// <summary>
/// Chuyển sinh hoạt đảng between two cells on the bot, official (chính thức) or temporary (tạm thời), with the
/// introduction letter (number and date as typed). The member must present it within a limit of working days.
/// </summary>
public sealed class Transfer
{
    public string Id { get; set; } = "";
    public string MemberId { get; set; } = "";
    public string MemberName { get; set; } = "";
    public string FromCellId { get; set; } = "";
    public string ToCellId { get; set; } = "";
    public bool Temporary { get; set; }
    /// <summary>Giấy giới thiệu sinh hoạt đảng: number and date as typed.</summary>
    public string Letter { get; set; } = "";
    /// <summary>The letter's date as written in it, else the day the transfer was recorded (Vietnam calendar): the working days count from it.</summary>
    public DateTime IssuedOn { get; set; }
    /// <summary>The last day to present the letter to the receiving cell.</summary>
    public DateTime PresentBy { get; set; }
    public TransferState State { get; set; }
    public DateTime? ArrivedOn { get; set; }
    public DateTime? EndedOn { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAtUtc { get; set; }

    public string KindLabel => Temporary ? "tạm thời" : "chính thức";
    public bool Overdue(DateTime today) => State == TransferState.Pending && today.Date > PresentBy;
}
