using ChiBo.Bot.Hosting;
using Microsoft.Extensions.Configuration;

namespace ChiBo.Bot.Tests;

/// <summary>Settings are checked before start: a value the bot cannot use is named in one line; every usable one passes.</summary>
public sealed class SettingsTests
{
    static string? Problem(params (string Key, string Value)[] settings) =>
        Settings.Problem(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":"), (string?)s.Value))).Build());

    [Fact]
    public void Values_as_the_README_writes_them_pass_and_unknown_names_are_left_alone()
    {
        Assert.Null(Problem(
            ("Telegram__PollTimeoutSeconds", "30"), ("Telegram__Limits__PrivateInterval", "00:00:01"), ("Zalo__GroupReminders", "true"),
            ("Outbox__FirstRetryDelay", "00:00:02"), ("Outbox__GiveUpAfter", "1.00:00:00"), ("Outbox__MaxUnsentPerChat", "0"),
            ("Reminders__NoticeDaysBefore__0", "3"), ("Reminders__QuietFrom", "21:30"), ("Reminders__Enabled", "False"),
            ("Dashboard__AllowActions", "True"), ("Storage__ComputeOutside", "false"), ("Housekeeping__ProcessedUpdateDays", "30"),
            ("Backup__Keep", "7"), ("Reports__KeepDays", "7"), ("Health__OutboxLagMinutes", "10"), ("Demo__Enabled", "true"),
            ("Storage__Path", "data/chibo.db"), ("Outbox__Unknown", "abc"), ("Logging__LogLevel__Default", "Warning")));
    }

    [Theory]
    [InlineData("Zalo__PollTimeoutSeconds", "ba mươi", "Zalo__PollTimeoutSeconds \"ba mươi\" không hợp lệ; ghi một số nguyên từ 0 trở lên.")]
    [InlineData("Housekeeping__SentReminderDays", "-1", "Housekeeping__SentReminderDays \"-1\" không hợp lệ; ghi một số nguyên từ 0 trở lên.")]
    [InlineData("Outbox__MaxRetryDelay", "5 phút", "Outbox__MaxRetryDelay \"5 phút\" không hợp lệ; ghi dạng giờ:phút:giây, ví dụ 00:00:02 hay 21:30:00 (có ngày: 1.00:00:00).")]
    [InlineData("Reminders__Enabled", "bật", "Reminders__Enabled \"bật\" không hợp lệ; ghi true hoặc false.")]
    public void A_value_the_bot_cannot_use_is_named_with_what_it_takes(string key, string value, string problem) =>
        Assert.Equal(problem, Problem((key, value)));

    [Fact]
    public void Settings_are_read_only_through_the_checked_list()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("Outbox:MaxUnsentPerChat", (string?)"12"), KeyValuePair.Create("Demo:Enabled", (string?)"false")]).Build();
        Assert.Equal(12, Settings.Read<ChiBo.Bot.Outbox.OutboxOptions>(config).MaxUnsentPerChat);
        Assert.False(Settings.Read<DemoOptions>(config).Enabled);
        // A settings type the start-up check does not know cannot be read unchecked.
        Assert.Throws<InvalidOperationException>(() => Settings.Read<Unlisted>(config));
    }

    sealed class Unlisted { public int Value { get; set; } }
}
