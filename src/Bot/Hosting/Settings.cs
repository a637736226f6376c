using System.ComponentModel;

namespace ChiBo.Bot.Hosting;

/// <summary>
/// Every value set for one of the bot's settings, checked before anything starts: it must read as its setting's type
/// (a number, true or false, a duration…), and numbers and durations are never negative. What is wrong is said in one
/// Vietnamese line naming the setting as it is set (<c>Outbox__MaxAttempts</c>), instead of a stack trace from deep in
/// start-up (or a loop that fails later: a negative wait). Settings of other sections, and unknown names, are left alone.
/// </summary>
public static class Settings
{
    /// <summary>Each section and the types bound from it.</summary>
    static readonly (string Section, Type Type)[] Sections =
    [
        ("Telegram", typeof(Channels.Telegram.TelegramOptions)), ("Zalo", typeof(Channels.Zalo.ZaloOptions)),
        ("Storage", typeof(StorageOptions)), ("Templates", typeof(TemplateOptions)), ("Demo", typeof(DemoOptions)),
        ("Outbox", typeof(Outbox.OutboxOptions)), ("Reports", typeof(Reports.ReportOptions)), ("Health", typeof(HealthSettings)),
        ("Reminders", typeof(ChiBo.Scheduling.Reminders.ReminderRules)), ("Reminders", typeof(ReminderHostOptions)),
        ("Housekeeping", typeof(ChiBo.Scheduling.Housekeeping.RetentionRules)), ("Backup", typeof(ChiBo.Scheduling.Housekeeping.BackupRules)),
        ("Dashboard", typeof(DashboardSettings)),
    ];

    /// <summary>
    /// The section a settings type is read from. Every reading of the bot's settings goes through here, so a type missing
    /// from <see cref="Sections"/> fails at once instead of being read unchecked.
    /// </summary>
    public static string SectionOf<T>() => Sections.FirstOrDefault(s => s.Type == typeof(T)).Section
        ?? throw new InvalidOperationException($"{typeof(T).Name} is not among the bot's settings (Settings.Sections).");

    /// <summary>The settings of that type as configured (each value checked before start by <see cref="Problem"/>).</summary>
    public static T Read<T>(IConfiguration config) where T : new()
    {
        var settings = new T();
        config.GetSection(SectionOf<T>()).Bind(settings);
        return settings;
    }

    /// <summary>Binds the settings of that type for <c>IOptions&lt;T&gt;</c>.</summary>
    public static IServiceCollection ConfigureSettings<T>(this IServiceCollection services, IConfiguration config) where T : class =>
        services.Configure<T>(config.GetSection(SectionOf<T>()));

    /// <summary>The first value that cannot be used, said for the operator; null when all can.</summary>
    public static string? Problem(IConfiguration config)
    {
        foreach (var (section, type) in Sections)
            foreach (var (key, value) in config.GetSection(section).AsEnumerable(makePathsRelative: true))
            {
                if (value is null || key.Length == 0 || SettingType(type, key.Split(':')) is not { } setting) continue;
                if (Needs(setting, value) is { } needed) return $"{section}__{key.Replace(":", "__")} \"{value}\" không hợp lệ; {needed}.";
            }
        return null;
    }

    /// <summary>The type of the setting at this path under the type (a property, an array's item), or null when there is none.</summary>
    static Type? SettingType(Type type, string[] path)
    {
        foreach (var name in path)
        {
            if (type.IsArray) type = type.GetElementType()!;
            else if (type.GetProperties().FirstOrDefault(p => p.CanWrite && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { } property)
                type = property.PropertyType;
            else return null;
        }
        return Nullable.GetUnderlyingType(type) ?? type;
    }

    /// <summary>What the value must be instead, or null when it reads as the configuration binder reads it.</summary>
    static string? Needs(Type type, string value)
    {
        var needed = type == typeof(bool) ? "ghi true hoặc false"
            : type == typeof(TimeSpan) ? "ghi dạng giờ:phút:giây, ví dụ 00:00:02 hay 21:30:00 (có ngày: 1.00:00:00)"
            : type == typeof(int) || type == typeof(long) ? "ghi một số nguyên từ 0 trở lên"
            : type == typeof(double) ? "ghi một số từ 0 trở lên (dấu chấm thập phân)"
            : type.IsEnum ? "ghi một trong: " + string.Join(", ", Enum.GetNames(type))
            : null;
        if (needed is null) return null; // text, or a type the bot does not set from here
        object? read;
        try { read = TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value); }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or OverflowException) { return needed; }
        return read switch
        {
            TimeSpan t when t < TimeSpan.Zero => needed,
            int n when n < 0 => needed,
            long n when n < 0 => needed,
            double d when d < 0 || double.IsNaN(d) => needed,
            _ => null,
        };
    }
}
