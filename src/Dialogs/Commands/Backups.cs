using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Commands;

/// <summary>/saoluu makes a copy of the database now and says where; /saoluu xem lists the copies kept. Admins only.</summary>
public sealed class Backups(IBackupCopies? copies)
{
    public void Handle(Turn turn, string args)
    {
        if (!Authorizer.AdminOrRefuse(turn, "sao lưu dữ liệu")) return;
        if (turn.Store.OnPostgresDatabase)
        {
            turn.Say("Dữ liệu của bot nằm trong PostgreSQL, nên bot không tự chép tệp sao lưu. Người quản trị máy chủ sao lưu bằng pg_dump " +
                     "(hằng ngày, giữ nhiều bản) và khôi phục bằng pg_restore, theo hướng dẫn trong README (mục PostgreSQL).");
            return;
        }
        if (copies is null)
        {
            turn.Say("Bot này chưa được cấu hình để sao lưu (không có thư mục sao lưu).");
            return;
        }
        var word = VnText.Fold(args);
        if (word is "xem" or "danhsach" or "ds") { List(turn); return; }
        if (word != "")
        {
            turn.Say("Gõ /saoluu để sao lưu ngay, /saoluu xem để xem các bản đang giữ.");
            return;
        }
        BackupCopy copy;
        try { copy = copies.MakeNow(); }
        catch (InvalidOperationException)
        {
            turn.Say("Bot đang bận, chưa sao lưu được. Đồng chí gõ lại /saoluu sau ít phút.");
            return;
        }
        turn.Audit("backup.made", null, $"Sao lưu theo yêu cầu: {copy.Name} ({Size(copy.Bytes)})");
        turn.Say($"Đã sao lưu: tệp {copy.Name} ({Size(copy.Bytes)}) trong thư mục {copies.Folder}.\n" +
                 $"Bot giữ {copies.Keep} bản gần nhất (bản tự động lúc 02:30 hằng ngày). Xem các bản: /saoluu xem.\n" +
                 Restore(copy));
    }

    void List(Turn turn)
    {
        var kept = copies!.Kept();
        if (kept.Count == 0)
        {
            turn.Say($"Chưa có bản sao lưu nào trong {copies.Folder}. Sao lưu ngay: /saoluu");
            return;
        }
        var lines = kept.Select((c, i) => $"{i + 1}. {c.Name} — {Size(c.Bytes)}");
        turn.Say($"Các bản sao lưu đang giữ ({kept.Count}/{copies.Keep}, mới nhất trước; tên tệp ghi ngày giờ Việt Nam), trong {copies.Folder}:\n" +
                 string.Join('\n', lines) + "\n" + Restore(kept[0]));
    }

    static string Restore(BackupCopy copy) =>
        $"Khôi phục: dừng bot, chạy dotnet run --project src/Bot -- restore {copy.Path}, rồi khởi động lại.";

    static string Size(long bytes) => bytes < 1024 * 1024
        ? $"{VnText.Number(Math.Max(1, (int)Math.Round(bytes / 1024.0)))} KB"
        : $"{VnText.Number(VnText.Round1(bytes / 1024.0 / 1024.0))} MB";
}
