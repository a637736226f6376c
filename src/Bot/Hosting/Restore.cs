using LiteDB;

namespace ChiBo.Bot.Hosting;

/// <summary>
/// <c>ChiBo.Bot restore &lt;file&gt;</c>: puts a backup in place of the database (the bot must be stopped). The
/// current database is kept next to it, renamed, so a restore can itself be undone.
/// </summary>
public static class Restore
{
    public static int Run(string source, string target, DateTime utcNow, TextWriter output, TextWriter error)
    {
        if (!File.Exists(source))
        {
            error.WriteLine($"Không có tệp sao lưu \"{source}\".");
            return 1;
        }
        string summary;
        try
        {
            using var backup = new LiteDatabase($"Filename={source};Connection=direct;ReadOnly=true");
            var names = backup.GetCollectionNames().ToHashSet();
            if (!names.Contains("org_units") || backup.GetCollection("org_units").Count() == 0)
            {
                error.WriteLine($"Tệp \"{source}\" không phải bản sao lưu của ChiBo.Bot (không có tổ chức đảng nào).");
                return 1;
            }
            int Count(string name) => names.Contains(name) ? backup.GetCollection(name).Count() : 0;
            summary = $"{Count("org_units")} đơn vị, {Count("cells")} chi bộ, {Count("members")} người, {Count("meetings")} buổi sinh hoạt, {Count("evaluations")} lần chấm điểm";
        }
        catch (Exception ex) when (ex is LiteException or IOException or InvalidCastException or NotSupportedException)
        {
            error.WriteLine($"Không đọc được tệp sao lưu \"{source}\": {(ex is NotSupportedException ? "không phải tệp cơ sở dữ liệu của bot" : ex.Message)}");
            return 1;
        }

        var full = Path.GetFullPath(target);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var log = Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full) + "-log" + Path.GetExtension(full));
        string? kept = null;
        if (File.Exists(full))
        {
            try
            {
                using (new FileStream(full, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) { }
            }
            catch (IOException)
            {
                error.WriteLine($"Cơ sở dữ liệu \"{full}\" đang được bot dùng. Dừng bot rồi chạy lại lệnh khôi phục.");
                return 1;
            }
            kept = Path.Combine(Path.GetDirectoryName(full)!, $"{Path.GetFileNameWithoutExtension(full)}.truoc-khoi-phuc-{ChiBo.Dialogs.Domain.VnClock.FileStamp(utcNow)}{Path.GetExtension(full)}");
            File.Move(full, kept);
            if (File.Exists(log)) File.Move(log, Path.ChangeExtension(kept, null) + "-log" + Path.GetExtension(full));
        }
        File.Copy(source, full);
        // The restore is in the restored database's own log (/nhatky), with what was replaced.
        using (var restored = new LiteDatabase($"Filename={full};Connection=direct"))
            restored.GetCollection<ChiBo.Dialogs.Domain.AuditEntry>("audit").Insert(new ChiBo.Dialogs.Domain.AuditEntry
            {
                AtUtc = utcNow, ActorId = "restore", Action = "backup.restored",
                Details = $"Khôi phục từ {Path.GetFileName(source)}: {summary}" + (kept is null ? "" : $"; cơ sở dữ liệu trước đó giữ tại {Path.GetFileName(kept)}"),
            });
        output.WriteLine($"Đã khôi phục từ {source}: {summary}." + (kept is null ? "" : $" Cơ sở dữ liệu trước đó được giữ tại {kept}."));
        return 0;
    }
}
