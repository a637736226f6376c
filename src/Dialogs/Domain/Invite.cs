namespace ChiBo.Dialogs.Domain;

/// <summary>
/// A code that gives whoever sends "/start &lt;code&gt;" a role: admin, staff of an org unit, or secretary, deputy or
/// member of a cell. Single-use unless made for several people; it expires and can be revoked.
/// </summary>
public sealed class Invite
{
    /// <summary>The code, "XXXX-XXXX" (letters and digits that cannot be mistaken for each other).</summary>
    public string Id { get; set; } = "";
    public Role Role { get; set; }
    /// <summary>The org unit (staff) or cell (secretary, deputy, member); none for admin.</summary>
    public string? ScopeId { get; set; }
    /// <summary>A personal invite: the member record (made by an import) that whoever uses the code becomes.</summary>
    public string? MemberId { get; set; }
    public int MaxUses { get; set; } = 1;
    public int Uses { get; set; }
    public List<string> UsedBy { get; set; } = [];
    public DateTime ExpiresAtUtc { get; set; }
    public DateTime? RevokedAtUtc { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }

    public bool UsableAt(DateTime utcNow) => RevokedAtUtc is null && utcNow < ExpiresAtUtc && Uses < MaxUses;
}

/// <summary>A wrong code sent with /start, kept to slow down guessing.</summary>
public sealed class JoinAttempt
{
    public long Id { get; set; }
    /// <summary>"channel:userId"</summary>
    public string Who { get; set; } = "";
    /// <summary>The first half of the code tried ("K7QM"): guesses spread over many accounts at one code are slowed too.</summary>
    public string Prefix { get; set; } = "";
    public DateTime AtUtc { get; set; }
}
