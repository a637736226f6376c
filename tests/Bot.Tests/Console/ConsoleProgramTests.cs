namespace ChiBo.Bot.Tests.Console;

/// <summary>The program as a user runs it: piped input, real database file, restart after kill -9.</summary>
public sealed class ConsoleProgramTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("chibo-console").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    /// <summary>The demo input the README tells new users to pipe in: a meeting, its evaluation, /ketqua.</summary>
    internal static readonly string[] Demo = File.ReadAllLines(Path.Combine(Scripts.RepoRoot.Path, "demo", "sinh-hoat-va-cham-diem.txt"));
    static readonly string[] Meeting = Demo[..26]; // to "Lưu", the score voted in the meeting

    [Fact]
    public async Task A_piped_session_records_a_meeting_and_its_evaluation_and_exits_cleanly()
    {
        using var bot = new BotProcess(_dir);
        await bot.SendAsync(Demo);
        Assert.Equal(0, await bot.EndInputAsync());
        var o = bot.Output;
        Assert.Contains("Đã lưu buổi sinh hoạt thường kỳ tháng", o);
        Assert.Contains("5/6 có mặt (83,3%), 105 phút, nghị quyết thông qua 5/5", o);
        // 83,3% attendance is under the 85% threshold: B1 is not full, so 99,5 points is "Khá", not "Tốt".
        // The committee's score, proposed from the record and voted in the meeting.
        Assert.Contains("Chi ủy đề xuất theo những gì vừa ghi: 99,5/100 điểm, xếp loại Khá (chưa đạt \"Tốt\" vì B1 \"Tỷ lệ đảng viên dự trên 85%\" chưa đạt tối đa).", o);
        Assert.Contains("Điểm chất lượng: 99,5 điểm, Khá (mục B1 chưa đạt tối đa) — chi bộ thông qua 5/5", o);
        Assert.Contains($"Kết quả sinh hoạt — Chi bộ thôn Đông ({Dialogs.Commands.Results.Count} buổi gần nhất)", o); // today's and the demo's history
        Assert.Matches(@"Kết quả sinh hoạt — Chi bộ thôn Đông \(\d buổi gần nhất\):\n• \d\d/\d\d/\d{4} Thường kỳ[^\n]*— 99,5 điểm, Khá", o.Replace("\r", ""));
        Assert.True(File.Exists(Path.Combine(_dir, "data", "chibo.db")));
    }

    [Fact]
    public async Task Text_typed_with_combining_accents_is_kept_as_the_same_letters_precomposed()
    {
        // Some Vietnamese keyboards (Unikey's "Unicode tổ hợp", some phones) send "ế" as "e" + two combining marks.
        using var bot = new BotProcess(_dir);
        await bot.SendAsync([.. Demo.Select(l => l.Normalize(System.Text.NormalizationForm.FormD))]);
        Assert.Equal(0, await bot.EndInputAsync());
        // Stored precomposed: the summary's shortening counts letters, not marks (it cut "Đ/c Minh" to "Đ…" before).
        Assert.Contains("17. Phương hướng, nhiệm vụ tháng tới: Thu quỹ khuyến học - Đ/c Hoa - 15/12; Tổng vệ sinh đường làng - Đ/c Minh - 20/12", bot.Output);
        Assert.Contains("Đã lưu buổi sinh hoạt thường kỳ tháng", bot.Output);
    }

    [Theory]
    [InlineData("fa_IR.UTF-8")] // the Persian calendar: November 2026 is 1405-08
    [InlineData("th_TH.UTF-8")] // the Buddhist era: 2569
    [InlineData("vi_VN.UTF-8")] // a decimal comma
    public async Task A_server_whose_language_setting_has_another_calendar_still_files_and_sums_up_by_the_gregorian_month(string lang)
    {
        using var bot = new BotProcess(_dir, new Dictionary<string, string> { ["LANG"] = lang, ["LC_ALL"] = lang });
        await bot.SendAsync("@dung", "/tonghop tháng trước");
        Assert.Equal(0, await bot.EndInputAsync());
        Assert.Contains("4/4 chi bộ đã sinh hoạt thường kỳ (100%)", bot.Output); // the demo's meetings of last month, found by their month
        Assert.DoesNotContain("không có số liệu", bot.Output);
    }

    [Fact]
    public async Task The_database_job_store_and_reports_are_readable_by_the_bots_user_only_and_old_reports_are_pruned()
    {
        if (OperatingSystem.IsWindows()) return;
        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite, PrivateFolder = Private | UnixFileMode.UserExecute;
        var data = Path.Combine(_dir, "data");
        using (var first = new BotProcess(_dir))
        {
            await first.SendAsync("@dung", "/tonghop excel");
            Assert.Equal(0, await first.EndInputAsync());
        }
        var reports = Path.Combine(data, "reports");
        var firstReport = Assert.Single(Directory.GetFiles(reports));
        foreach (var file in new[] { "chibo.db", "hangfire.db" }.Select(f => Path.Combine(data, f)).Append(firstReport))
            Assert.True(File.GetUnixFileMode(file) == Private, $"{file}: {File.GetUnixFileMode(file)}");
        foreach (var folder in new[] { data, reports })
            Assert.True(File.GetUnixFileMode(folder) == PrivateFolder, $"{folder}: {File.GetUnixFileMode(folder)}");

        // Files an older version left world-readable are narrowed at start; a report older than a week is deleted.
        foreach (var file in Directory.GetFiles(data).Append(firstReport)) File.SetUnixFileMode(file, Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(reports, PrivateFolder | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetLastWriteTimeUtc(firstReport, DateTime.UtcNow.AddDays(-8));
        using (var second = new BotProcess(_dir))
        {
            await second.SendAsync("@dung", "/tonghop biểu đồ");
            Assert.Equal(0, await second.EndInputAsync());
        }
        Assert.False(File.Exists(firstReport));
        var chart = Assert.Single(Directory.GetFiles(reports));
        Assert.EndsWith(".png", chart);
        foreach (var file in Directory.GetFiles(data).Append(chart))
            Assert.True(File.GetUnixFileMode(file) == Private, $"{file}: {File.GetUnixFileMode(file)}");
        Assert.Equal(PrivateFolder, File.GetUnixFileMode(reports));
    }

    [Fact]
    public async Task A_process_killed_mid_meeting_resumes_at_the_same_step_with_every_answer_kept()
    {
        using (var first = new BotProcess(_dir))
        {
            await first.SendAsync(Meeting[..11]); // up to the roll call
            await first.WaitForAsync("Bước 11/25 — Mở đầu. Đồng chí chủ trì?");
            first.Kill();
        }
        using var second = new BotProcess(_dir);
        await second.SendAsync("/tieptuc");
        var at = await second.WaitForAsync("Tiếp tục ghi nhận buổi sinh hoạt chi bộ.");
        await second.WaitForAsync("Bước 11/25 — Mở đầu. Đồng chí chủ trì?", at);
        await second.SendAsync("/quaylai");
        at = await second.WaitForAsync("Bước 10/25 — Mở đầu. Báo cáo tình hình đảng viên (điểm danh).", at);
        await second.WaitForAsync("(Đã ghi: có mặt 5/6; vắng: Đỗ Văn Tuấn (có lý do))", at);
        await second.SendAsync("Giữ nguyên");
        await second.SendAsync(Meeting[11..]);
        Assert.Equal(0, await second.EndInputAsync());
        Assert.Contains("Đã lưu buổi sinh hoạt thường kỳ tháng", second.Output);
        Assert.Contains("Nhà văn hóa thôn Đông", second.Output); // from the first process, kept
    }

    [Fact]
    public async Task Demo_users_and_chats_can_be_switched_on_the_console()
    {
        using var bot = new BotProcess(_dir);
        await bot.SendAsync("@", "@minh", "/sinhhoat", "#nhom", "/trogiup", "@khongco", "/ketqua", "#rieng", "@an", "#nhom", "/sinhhoat");
        Assert.Equal(0, await bot.EndInputAsync());
        var o = bot.Output;
        Assert.Contains("@dung — Phạm Thị Dung (cán bộ cấp trên)", o);
        Assert.Contains("Đang là Trần Văn Minh (đảng viên, Chi bộ thôn Đông), trong tin nhắn riêng với bot.", o);
        Assert.Contains("Chỉ bí thư hoặc phó bí thư chi bộ mới ghi nhận buổi sinh hoạt chi bộ được.", o);
        Assert.Contains("Bot → nhóm Chi bộ thôn Đông:", o);
        Assert.Contains("Trên console: @ liệt kê người dùng · @<tên> đổi người", o[o.IndexOf("> minh #nhom: /trogiup", StringComparison.Ordinal)..]);
        Assert.Contains("Đang là \"khongco\", người mới chưa có trong danh sách của bot: nhắn /start <mã mời> để tham gia.", o);
        Assert.Contains("Bot → khongco:\nĐồng chí chưa có trong danh sách của bot.", o);
        Assert.Contains("Lệnh /sinhhoat dùng trong tin nhắn riêng với bot", o);
    }

    [Fact]
    public async Task Moving_the_demo_clock_shows_the_reminders_then_due()
    {
        // The day before next month's meeting (thôn Đông meets on the 3rd at 19:30): the demo records the months before
        // the real current one, so a fixed date would be a month already recorded, without notices, once it is past.
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7));
        var meeting = new DateTime(now.Year, now.Month, 3).AddMonths(1);
        var clock = $"#gio {meeting.AddDays(-1):yyyy-MM-dd} 08:00";
        using var bot = new BotProcess(_dir);
        await bot.SendAsync(clock, clock);
        Assert.Equal(0, await bot.EndInputAsync());
        var o = bot.Output;
        Assert.Contains($"Đồng hồ mẫu: 08:00 {meeting.AddDays(-1):dd/MM/yyyy} (giờ Việt Nam).", o);
        Assert.Matches($@"Bot → nhóm Chi bộ thôn Đông:\n📅 Ngày mai Chi bộ thôn Đông sinh hoạt thường kỳ tháng {meeting.Month:00}/{meeting.Year} lúc 19:30 [^\n]+ {meeting:dd/MM/yyyy} tại Nhà văn hóa thôn Đông\.", o.Replace("\r", ""));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(o, "📅 Ngày mai Chi bộ thôn Đông")); // the second #gio sends nothing again
        Assert.True(File.Exists(Path.Combine(_dir, "data", "hangfire.db")));
    }

    [Fact]
    public async Task The_job_dashboard_requires_its_password_only_shows_refuses_forged_posts_and_slows_password_guessing()
    {
        var port = Telegram.TelegramProcessTests.FreePort();
        var dashboard = $"http://127.0.0.1:{port}";
        using var bot = new BotProcess(_dir, new Dictionary<string, string>
        {
            ["Dashboard__User"] = "quantri", ["Dashboard__Password"] = "mật-khẩu-1", ["Dashboard__Url"] = dashboard,
        });
        await bot.WaitForAsync("Gõ /trogiup để xem các lệnh.");
        using var http = new HttpClient();
        async Task<HttpResponseMessage> Send(HttpMethod method, string path, string? credentials, string? origin = null)
        {
            for (var attempt = 0; ; attempt++)
            {
                var request = new HttpRequestMessage(method, dashboard + path);
                if (credentials is not null)
                    request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(credentials)));
                if (origin is not null) request.Headers.Add("Origin", origin);
                if (method == HttpMethod.Post) request.Content = new FormUrlEncodedContent([new("jobs[]", "nhac-lich")]);
                try { return await http.SendAsync(request); }
                catch (HttpRequestException) when (attempt < 100) { await Task.Delay(100); } // the server starts after the channels
            }
        }
        const string Right = "quantri:mật-khẩu-1";
        var anonymous = await Send(HttpMethod.Get, "/hangfire/recurring", null);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.StartsWith("Basic", anonymous.Headers.WwwAuthenticate.ToString());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await Send(HttpMethod.Get, "/hangfire/recurring", "quantri:sai")).StatusCode);
        var ok = await Send(HttpMethod.Get, "/hangfire/recurring", Right);
        Assert.Equal(System.Net.HttpStatusCode.OK, ok.StatusCode);
        var html = await ok.Content.ReadAsStringAsync();
        Assert.Contains("nhac-lich", html); // the reminder job is registered
        Assert.DoesNotContain("recurring/remove", html); // read-only: no button that changes jobs

        // A page elsewhere posting to the dashboard with the browser's saved password: refused.
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await Send(HttpMethod.Post, "/hangfire/recurring/remove", Right, "http://trang-la.example")).StatusCode);
        // Read-only: even the right password from the dashboard's own page cannot remove the reminder job.
        Assert.NotEqual(System.Net.HttpStatusCode.OK, (await Send(HttpMethod.Post, "/hangfire/recurring/remove", Right, dashboard)).StatusCode);
        Assert.Contains("nhac-lich", await (await Send(HttpMethod.Get, "/hangfire/recurring", Right)).Content.ReadAsStringAsync());

        // Guessing: after 10 wrong passwords in a minute that address waits, whatever it sends.
        var answers = new List<System.Net.HttpStatusCode>();
        for (var i = 0; i < 30; i++) answers.Add((await Send(HttpMethod.Get, "/hangfire/recurring", $"quantri:doan-{i}")).StatusCode);
        Assert.Contains((System.Net.HttpStatusCode)429, answers);
        Assert.True(answers.Count(a => a == System.Net.HttpStatusCode.Unauthorized) <= 10, string.Join(",", answers));
        Assert.Equal((System.Net.HttpStatusCode)429, (await Send(HttpMethod.Get, "/hangfire/recurring", Right)).StatusCode);
        Assert.Equal(0, await bot.EndInputAsync());
    }

    [Fact]
    public async Task A_dashboard_address_that_is_not_one_stops_start_up_with_the_reason()
    {
        using var bot = new BotProcess(_dir, new Dictionary<string, string>
        {
            ["Dashboard__User"] = "quantri", ["Dashboard__Password"] = "mật-khẩu-1", ["Dashboard__Url"] = "127.0.0.1:5080",
        });
        Assert.Equal(1, await bot.EndInputAsync());
        Assert.Contains("Không khởi động được: Dashboard__Url \"127.0.0.1:5080\" không hợp lệ; ghi dạng http://127.0.0.1:5080.", bot.Errors);
    }

    [Fact]
    public async Task With_actions_allowed_the_dashboard_still_refuses_a_post_without_its_antiforgery_token()
    {
        var port = Telegram.TelegramProcessTests.FreePort();
        var dashboard = $"http://127.0.0.1:{port}";
        using var bot = new BotProcess(_dir, new Dictionary<string, string>
        {
            ["Dashboard__User"] = "quantri", ["Dashboard__Password"] = "mật-khẩu-1", ["Dashboard__Url"] = dashboard, ["Dashboard__AllowActions"] = "true",
        });
        await bot.WaitForAsync("Gõ /trogiup để xem các lệnh.");
        using var http = new HttpClient();
        var auth = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("quantri:mật-khẩu-1")));
        HttpResponseMessage? posted = null;
        for (var attempt = 0; posted is null; attempt++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, dashboard + "/hangfire/recurring/remove")
            {
                Content = new FormUrlEncodedContent([new("jobs[]", "nhac-lich")]), Headers = { Authorization = auth },
            };
            try { posted = await http.SendAsync(request); }
            catch (HttpRequestException) when (attempt < 100) { await Task.Delay(100); }
        }
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, posted.StatusCode);
        var page = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, dashboard + "/hangfire/recurring") { Headers = { Authorization = auth } });
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("nhac-lich", html);
        Assert.Contains("recurring/remove", html); // actions allowed: the buttons are there, behind the token
        Assert.Equal(0, await bot.EndInputAsync());
    }

    [Fact]
    public async Task A_broken_template_stops_start_up_naming_the_file_and_line()
    {
        var templates = Path.Combine(_dir, "templates");
        Directory.CreateDirectory(templates);
        foreach (var f in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Templates")))
            File.Copy(f, Path.Combine(templates, Path.GetFileName(f)));
        var file = Path.Combine(templates, "danh-gia-chat-luong-100.yaml");
        File.WriteAllText(file, File.ReadAllText(file).Replace("must_be_full: [B1, B2, C5, C6, D2]", "must_be_full: [B1, B2, C5, C6, D9]"));
        var line = Array.FindIndex(File.ReadAllLines(file), l => l.Contains("- code: GOOD")) + 1;
        using var bot = new BotProcess(_dir, new Dictionary<string, string> { ["Templates__Path"] = templates });
        Assert.Equal(1, await bot.EndInputAsync());
        Assert.Contains($"Không khởi động được: Mẫu danh-gia-chat-luong-100.yaml, dòng {line}: mức Tốt: tiêu chí bắt buộc đạt tối đa \"D9\" không có.", bot.Errors);
    }

    [Theory]
    [InlineData("Storage__Provider=mongo", "Storage__Provider \"mongo\" không hợp lệ; ghi litedb (mặc định, một tệp) hoặc postgres.")]
    [InlineData("Storage__Provider=postgres", "Storage__Provider=postgres cần chuỗi kết nối ConnectionStrings__ChiBo")]
    [InlineData("Storage__ComputeOutside=yes", "Storage__ComputeOutside \"yes\" không hợp lệ; ghi true hoặc false.")]
    [InlineData("Outbox__MaxAttempts=abc", "Outbox__MaxAttempts \"abc\" không hợp lệ; ghi một số nguyên từ 0 trở lên.")]
    [InlineData("Outbox__PollInterval=-00:00:01", "Outbox__PollInterval \"-00:00:01\" không hợp lệ; ghi dạng giờ:phút:giây, ví dụ 00:00:02 hay 21:30:00 (có ngày: 1.00:00:00).")]
    [InlineData("Telegram__Limits__PrivateInterval=1s", "Telegram__Limits__PrivateInterval \"1s\" không hợp lệ; ghi dạng giờ:phút:giây")]
    [InlineData("Reminders__NoticeDaysBefore__1=một", "Reminders__NoticeDaysBefore__1 \"một\" không hợp lệ; ghi một số nguyên từ 0 trở lên.")]
    [InlineData("Dashboard__AllowActions=có", "Dashboard__AllowActions \"có\" không hợp lệ; ghi true hoặc false.")]
    [InlineData("Storage__Provider=postgres|ConnectionStrings__ChiBo=Host=127.0.0.1|Storage__Schema=Chi-Bo", "Storage__Schema \"Chi-Bo\" không hợp lệ")]
    [InlineData("Storage__Provider=postgres|ConnectionStrings__ChiBo=Host=127.0.0.1;Port=1;Timeout=5", "không kết nối được PostgreSQL (ConnectionStrings__ChiBo): Failed to connect to 127.0.0.1")]
    public async Task Settings_that_cannot_work_stop_start_up_with_the_reason(string settings, string reason)
    {
        using var bot = new BotProcess(_dir, settings.Split('|').ToDictionary(s => s[..s.IndexOf('=')], s => s[(s.IndexOf('=') + 1)..]));
        Assert.Equal(1, await bot.EndInputAsync());
        Assert.Contains("Không khởi động được: " + reason, bot.Errors);
        Assert.DoesNotContain("Unhandled exception", bot.Errors);
    }

    [Fact]
    public async Task An_unreachable_PostgreSQL_job_store_stops_start_up_with_the_reason()
    {
        var port = Telegram.TelegramProcessTests.FreePort(); // nothing listens there
        using var bot = new BotProcess(_dir, new Dictionary<string, string> { ["ConnectionStrings__Hangfire"] = $"Host=127.0.0.1;Port={port};Username=postgres;Timeout=5" });
        Assert.Equal(1, await bot.EndInputAsync());
        Assert.Contains("Không khởi động được: không kết nối được PostgreSQL trong ConnectionStrings__Hangfire: Failed to connect to 127.0.0.1", bot.Errors);
    }

    [Fact]
    public async Task Without_demo_data_the_first_start_prints_a_one_time_admin_code_that_makes_its_sender_admin()
    {
        var env = new Dictionary<string, string> { ["Demo__Enabled"] = "false", ["Admin__BootstrapCode"] = "K7QM-3XPA" };
        using (var bot = new BotProcess(_dir, env))
        {
            await bot.SendAsync("/ketqua", "/start k7qm3xpa", "/moi");
            Assert.Equal(0, await bot.EndInputAsync());
            Assert.Contains("Chưa có quản trị viên. Mã quản trị dùng một lần: K7QM-3XPA", bot.Errors);
            Assert.Contains("Đồng chí chưa có trong danh sách của bot.", bot.Output); // before the code
            Assert.Contains("Đồng chí đã được ghi là quản trị viên.", bot.Output);
            Assert.Contains("Không có mã mời nào còn dùng được.", bot.Output); // the admin code is spent
        }
        using (var again = new BotProcess(_dir, env))
        {
            Assert.Equal(0, await again.EndInputAsync());
            Assert.DoesNotContain("Mã quản trị", again.Errors); // there is an admin now
        }
    }

    /// <summary>The README's walk-through from an empty database, typed line by line; codes the bot prints are read back.</summary>
    [Fact]
    public async Task The_readme_walk_through_goes_from_an_empty_database_to_a_cell_with_members_and_a_linked_group()
    {
        var readme = File.ReadAllText(Path.Combine(Scripts.RepoRoot.Path, "README.md"));
        var block = readme[readme.IndexOf("**Walk-through on the console**", StringComparison.Ordinal)..];
        var command = block[(block.IndexOf("```bash", StringComparison.Ordinal) + 7)..];
        command = command[..command.IndexOf("```", StringComparison.Ordinal)].Trim();
        block = block[(block.IndexOf("```text", StringComparison.Ordinal) + 7)..];
        var lines = block[..block.IndexOf("```", StringComparison.Ordinal)].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        // The command's environment, as the README gives it.
        var env = command.Split(' ').TakeWhile(w => w.Contains('=')).Select(w => w.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
        Assert.Equal("false", env["Demo__Enabled"]);
        Dictionary<string, string> codes = new()
        {
            ["<mã bí thư>"] = @"Mã mời ([A-Z0-9]{4}-[A-Z0-9]{4}) — Đ/c [^,]+, bí thư",
            ["<mã phó bí thư>"] = @"Mã mời ([A-Z0-9]{4}-[A-Z0-9]{4}) — Đ/c Mai Thị Hằng, phó bí thư",
        };
        using (var bot = new BotProcess(_dir, env))
        {
            foreach (var raw in lines)
            {
                var line = raw.Replace("#tep ../../", $"#tep {Scripts.RepoRoot.Path}/");
                foreach (var (placeholder, pattern) in codes.Where(c => line.Contains(c.Key)))
                    line = line.Replace(placeholder, await CodeAsync(bot, pattern));
                Assert.DoesNotContain("<mã", line);
                await bot.SendAsync(line);
            }
            Assert.Equal(0, await bot.EndInputAsync());
            var o = bot.Output;
            Assert.Contains("Chưa có quản trị viên. Mã quản trị dùng một lần: K7QM-3XPA", bot.Errors);
            Assert.Contains("Chào đồng chí an. Đồng chí đã được ghi là quản trị viên.", o);
            Assert.Matches(@"Tệp: \S+mau-to-chuc-\S+\.xlsx", o);
            Assert.Contains("Đã nhập tệp to-chuc-xa-tan-lap.csv: 2 đơn vị mới, 2 chi bộ mới, 7 đảng viên mới.", o);
            Assert.Contains("Mã mời ", o[o.IndexOf("/moi canbo xã Tân Lập", StringComparison.Ordinal)..]);
            Assert.Contains("Chào đồng chí Ngô Văn Hải. Đồng chí đã được ghi là bí thư Chi bộ thôn Bắc.", o);
            Assert.Contains("Chi bộ thôn Bắc: 4 đảng viên (3 chính thức, 1 dự bị, 0 miễn sinh hoạt)", o);
            Assert.Contains("Mã mời riêng cho 2 đảng viên Chi bộ thôn Bắc chưa kết nối bot", o);
            Assert.Contains("Bot → nhóm Chi bộ thôn Bắc:\nĐã liên kết nhóm này với Chi bộ thôn Bắc.", o);
            Assert.Contains("Chào đồng chí Mai Thị Hằng. Đồng chí đã được ghi là phó bí thư Chi bộ thôn Bắc.", o);
            Assert.Contains("/sinhhoat — ghi buổi sinh hoạt chi bộ từng bước", o[o.LastIndexOf("Chào đồng chí Mai Thị Hằng", StringComparison.Ordinal)..]);
        }
        // After a restart everything is there, and no admin code is printed any more.
        using (var again = new BotProcess(_dir, env))
        {
            await again.SendAsync("@hai", "/dangvien");
            Assert.Equal(0, await again.EndInputAsync());
            Assert.DoesNotContain("Mã quản trị", again.Errors);
            Assert.Contains("• Mai Thị Hằng — phó bí thư, chính thức\n", again.Output);
            Assert.Contains("• Đinh Văn Lộc — dự bị · chưa kết nối bot", again.Output);
        }
    }

    [Fact]
    public async Task A_piped_meeting_then_bienban_and_nghiquyet_give_two_Word_files_that_say_what_was_recorded()
    {
        using var bot = new BotProcess(_dir);
        await bot.SendAsync(Meeting);
        await bot.SendAsync("/bienban", "/nghiquyet");
        Assert.Equal(0, await bot.EndInputAsync());
        var files = System.Text.RegularExpressions.Regex.Matches(bot.Output, @"Tệp: (\S+\.docx)").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, files.Count);
        string TextOf(string path)
        {
            using var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(Path.IsPathRooted(path) ? path : Path.Combine(_dir, path), false);
            return string.Join("\n", doc.MainDocumentPart!.Document.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>()
                .Select(p => string.Concat(p.Descendants<DocumentFormat.OpenXml.Wordprocessing.Text>().Select(t => t.Text))));
        }
        var minutes = TextOf(files[0]);
        foreach (var recorded in new[]
        {
            "BIÊN BẢN SINH HOẠT CHI BỘ", "Địa điểm: Nhà văn hóa thôn Đông.", "Chủ trì: đồng chí Nguyễn Văn An. Thư ký: đồng chí Lê Thị Hoa.",
            "phải dự 6 đồng chí; có mặt 5 đồng chí (đạt 83,3%); vắng có lý do 1 đồng chí; vắng không có lý do 0 đồng chí", "Vắng có lý do: Đỗ Văn Tuấn (ốm).", "Tổng số đảng viên của chi bộ: 7 đồng chí (6 chính thức, 1 dự bị; 1 được miễn sinh hoạt).",
            "Phổ biến Chỉ thị 50-CT/TW.", "Hoàn thành thu hoạch vụ mùa.", "An ninh trật tự ổn định.",
            "- Thu quỹ khuyến học — phụ trách: Đ/c Hoa; thời hạn: 15/12.", "- Tổng vệ sinh đường làng — phụ trách: Đ/c Minh; thời hạn: 20/12.",
            "Số đồng chí phát biểu: 3. Nội dung chính: Đ/c Minh, Đ/c Lan, Đ/c Thu phát biểu.", "Thống nhất hai nhiệm vụ.",
            "Số đồng chí tán thành: 5; không tán thành: 0; không biểu quyết: 0.", "kết thúc lúc 21:15 cùng ngày (thời lượng 105 phút)",
            "Tổng điểm: 99,5/100 điểm; xếp loại: Khá.", "Chi ủy đề xuất, chi bộ biểu quyết mức điểm: tán thành 5, không tán thành 0, không biểu quyết 0 — thông qua.",
        })
            Assert.Contains(recorded, minutes);
        Assert.DoesNotContain("chưa ghi", minutes);
        var resolution = TextOf(files[1]);
        Assert.Contains("NGHỊ QUYẾT", resolution);
        Assert.Contains("- Thu quỹ khuyến học. Phụ trách: Đ/c Hoa. Thời hạn: 15/12.", resolution);
        Assert.Contains("tán thành 5, không tán thành 0, không biểu quyết 0. Nghị quyết được thông qua (5/5 đảng viên chính thức được tính tán thành", resolution);
    }

    static async Task<string> CodeAsync(BotProcess bot, string pattern)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            var found = System.Text.RegularExpressions.Regex.Matches(bot.Output, pattern);
            if (found.Count > 0) return found[^1].Groups[1].Value;
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"No code for {pattern}.\n{bot.Output}\n{bot.Errors}");
    }
}
