namespace ChiBo.Dialogs.Domain;

/// <summary>Who changed what, when.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    public string ActorId { get; set; } = "";
    public string Action { get; set; } = "";
    public string? CellId { get; set; }
    public string Details { get; set; } = "";
}
