namespace ChiBo.Dialogs.Domain;

/// <summary>Vietnam local time from the one TimeProvider (Asia/Ho_Chi_Minh, UTC+7, no daylight saving).</summary>
public static class VnClock
{
    public static readonly TimeZoneInfo Zone = FindZone();

    static TimeZoneInfo FindZone()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh"); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.CreateCustomTimeZone("ICT", TimeSpan.FromHours(7), "ICT", "ICT"); }
    }

    public static DateTime Now(TimeProvider clock) => TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime;
    public static DateTime Today(TimeProvider clock) => Now(clock).Date;
    /// <summary>A stored UTC instant as Vietnam local time.</summary>
    public static DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);
    /// <summary>A UTC instant in a file's name, in Vietnam time ("20261207-065400"): names users and admins read.</summary>
    public static string FileStamp(DateTime utc) => Local(utc).ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
}
