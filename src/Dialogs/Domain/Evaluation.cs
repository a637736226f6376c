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
}
