using System.Security.Cryptography;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.OrgFile;
using ChiBo.Dialogs.Summaries;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Commands;

/// <summary>
/// The organisation as a file, for admins: /mau sends the form, an .xlsx or .csv sent to the bot is checked and
/// previewed, "Nhập" (/nhap) writes it, /xuat sends the current organisation in the same form.
/// </summary>
public sealed class OrgFiles(IReportFiles? files)
{
    const int ErrorsShown = 15;
    const int ChangesShown = 10;

    bool CanWriteFiles(Turn turn)
    {
        if (files is not null) return true;
        turn.Say("Bot này chưa được cấu hình để đọc, ghi tệp.");
        return false;
    }

    /// <summary>/mau [csv]: the empty form with a guide and an example.</summary>
    public void Template(Turn turn, string args)
    {
        if (!Authorizer.AdminOrRefuse(turn, "nhập danh sách tổ chức") || !CanWriteFiles(turn)) return;
        var csv = VnText.Fold(args) == "csv";
        var sheets = OrgExport.Template(turn.Templates);
        var path = csv ? files!.SaveCsv("mau-to-chuc", sheets[0]) : files!.SaveWorkbook("mau-to-chuc", sheets);
        turn.Say(new Reply("Mẫu danh sách tổ chức. Mỗi dòng là một đơn vị, một chi bộ hoặc một đảng viên; cột \"Thuộc\" ghi mã cấp trên." +
                           (csv ? "" : " Trang \"Hướng dẫn\" giải thích từng cột, trang \"Ví dụ\" có một chi bộ mẫu.") +
                           "\nĐiền xong, gửi tệp lại cho bot (tệp .xlsx hoặc .csv).", FilePath: path));
    }

    /// <summary>/xuat [csv]: the organisation as it is now, in the import's form.</summary>
    public void Export(Turn turn, string args)
    {
        if (!Authorizer.AdminOrRefuse(turn, "xuất danh sách tổ chức") || !CanWriteFiles(turn)) return;
        var sheet = OrgExport.Sheet(turn.Store, turn.Templates);
        var path = VnText.Fold(args) == "csv" ? files!.SaveCsv("to-chuc", sheet) : files!.SaveWorkbook("to-chuc", [sheet, OrgExport.History(turn.Store)]);
        var count = (OrgRowKind k) => sheet.Rows.Count(r => (string?)r[0] == OrgTable.KindLabel(k));
        turn.Say(new Reply($"Danh sách tổ chức hiện tại: {count(OrgRowKind.Unit)} đơn vị, {count(OrgRowKind.Cell)} chi bộ, {count(OrgRowKind.Member)} đảng viên. " +
                           "Sửa rồi gửi lại để cập nhật (dòng cùng mã được cập nhật, không tạo trùng).", FilePath: path));
    }

    /// <summary>A document sent in a private chat: an admin's organisation file is checked and previewed.</summary>
    public void Received(Turn turn, IncomingFile file)
    {
        try { Preview(turn, file); }
        finally
        {
            // Only the file waiting for "Nhập" is kept.
            if (turn.Store.PendingImports.FindById(turn.ChatKey)?.FilePath != file.Path) Discard(file.Path);
        }
    }

    /// <summary>Deletes a received file the bot no longer needs.</summary>
    public static void Discard(string path)
    {
        try { if (path != "") File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    void Preview(Turn turn, IncomingFile file)
    {
        if (!Authorizer.AdminOrRefuse(turn, "gửi tệp danh sách tổ chức cho bot") || !CanWriteFiles(turn)) return;
        if (file.Path == "")
        {
            turn.Say($"Tệp {file.Name} lớn quá, bot không tải về được. Danh sách tổ chức chỉ cần tệp .xlsx hoặc .csv nhỏ (dưới 5 MB).");
            return;
        }
        var (plan, errors, sheet) = CheckFile(turn, file.Path);
        if (plan is null)
        {
            turn.Say($"Tệp {file.Name} {Problems(errors, sheet)}\nChưa nhập gì. Sửa tệp rồi gửi lại; mẫu: /mau");
            return;
        }
        if (plan.IsEmpty)
        {
            // What it could not change is said (a suspension an empty cell does not end), or the file looks taken.
            turn.Say($"Tệp {file.Name} hợp lệ và không có gì khác danh sách hiện có ({plan.Unchanged} dòng đã có); không cần nhập." + Skipped(plan) +
                     (plan.Warnings.Count > 0 ? "\n" + Warned(plan) : ""));
            return;
        }
        var hash = Hash(file.Path);
        if (turn.Store.PendingImports.FindById(turn.ChatKey) is { } older && older.FilePath != file.Path) Discard(older.FilePath);
        turn.Store.PendingImports.Upsert(new PendingImport
        {
            Id = turn.ChatKey, FilePath = file.Path, FileName = file.Name, Hash = hash, MemberId = turn.Member!.Id, AtUtc = turn.UtcNow,
        });
        turn.Say(new Reply($"Tệp {file.Name} hợp lệ.\n{Describe(plan)}\nNhập vào danh sách?", ConfirmChoices(hash)));
    }

    static List<Choice> ConfirmChoices(string hash) =>
        [new Choice($"{Storage.Outbox.CommandPrefix}/nhap {hash}", "Nhập"), new Choice($"{Storage.Outbox.CommandPrefix}/nhap huy", "Không nhập")];

    /// <summary>/nhap &lt;mã tệp&gt; writes the previewed file (checked again: the data may have changed since); /nhap huy drops it.</summary>
    public void Confirm(Turn turn, string args)
    {
        if (!Authorizer.AdminOrRefuse(turn, "nhập danh sách tổ chức") || !CanWriteFiles(turn)) return;
        var store = turn.Store;
        var pending = store.PendingImports.FindById(turn.ChatKey);
        var word = VnText.Fold(args);
        if (word == "huy")
        {
            if (pending is not null)
            {
                store.PendingImports.Delete(pending.Id);
                Discard(pending.FilePath);
            }
            turn.Say(pending is null ? "Không có tệp nào đang chờ nhập." : $"Đã bỏ tệp {pending.FileName}; không nhập gì.");
            return;
        }
        if (pending is null || word == "")
        {
            turn.Say("Để nhập danh sách tổ chức, gửi tệp .xlsx hoặc .csv cho bot (trong tin nhắn riêng). Tải mẫu: /mau · xuất danh sách hiện có: /xuat");
            return;
        }
        if (!File.Exists(pending.FilePath) || Hash(pending.FilePath) != pending.Hash)
        {
            store.PendingImports.Delete(pending.Id);
            Discard(pending.FilePath);
            turn.Say($"Tệp {pending.FileName} đã thay đổi hoặc không còn từ lúc kiểm tra. Gửi lại tệp để kiểm tra lại.");
            return;
        }
        if (!string.Equals(args.Trim(), pending.Hash, StringComparison.OrdinalIgnoreCase))
        {
            turn.Say(new Reply($"Nút này không ứng với tệp đang chờ ({pending.FileName}). Nhập tệp {pending.FileName}?", ConfirmChoices(pending.Hash)));
            return;
        }
        var (plan, errors, sheet) = CheckFile(turn, pending.FilePath);
        store.PendingImports.Delete(pending.Id);
        Discard(pending.FilePath);
        if (plan is null)
        {
            turn.Say($"Danh sách đã thay đổi từ lúc kiểm tra; tệp {pending.FileName} {Problems(errors, sheet)}\nChưa nhập gì.");
            return;
        }
        if (plan.IsEmpty)
        {
            turn.Say($"Tệp {pending.FileName} không còn gì khác danh sách hiện có; không có gì thay đổi.");
            return;
        }
        OrgImport.Apply(store, plan);
        var summary = Counts(plan);
        turn.Audit("org.imported", null, $"Nhập tệp {pending.FileName}: {summary}");
        foreach (var line in plan.Changes) turn.Audit("org.changed", null, line);
        turn.Say($"Đã nhập tệp {pending.FileName}: {summary}.\nTiếp theo: /moi canbo <đơn vị> mời cán bộ, /moi bithu <chi bộ> mời bí thư; bí thư mời đảng viên bằng /moi dangvien tatca.");
    }

    /// <summary>The file checked: the plan, or the errors; the sheet read when the workbook has several (errors name it).</summary>
    (OrgImportPlan? Plan, List<OrgFileError> Errors, string? Sheet) CheckFile(Turn turn, string path)
    {
        try
        {
            var table = files!.ReadTable(path);
            var (plan, errors) = OrgImport.Check(turn.Store, turn.Templates, table.Rows, turn.UtcNow, turn.Member!.Id);
            return (plan, errors, table.Sheet);
        }
        catch (TableFileException ex)
        {
            return (null, [new OrgFileError(0, null, ex.Message)], null);
        }
    }

    static string Problems(List<OrgFileError> errors, string? sheet)
    {
        if (errors is [{ Row: 0 } unreadable]) return $"không đọc được: {unreadable.Message}";
        var lines = errors.Take(ErrorsShown).Select(e => $"• {e}");
        var more = errors.Count > ErrorsShown ? $"\n… và {errors.Count - ErrorsShown} lỗi khác." : "";
        return $"có {errors.Count} lỗi{(sheet is null ? "" : $" ở trang \"{sheet}\"")}:\n{string.Join('\n', lines)}{more}";
    }

    static string Counts(OrgImportPlan p)
    {
        var parts = new List<string>();
        void Add(int n, string what) { if (n > 0) parts.Add($"{n} {what}"); }
        Add(p.NewUnits.Count, "đơn vị mới");
        Add(p.NewCells.Count, "chi bộ mới");
        Add(p.NewMembers.Count, "đảng viên mới");
        var changed = p.ChangedUnits.Count + p.ChangedCells.Count + p.ChangedMembers.Count;
        Add(changed, "dòng sửa");
        return string.Join(", ", parts);
    }

    static string Describe(OrgImportPlan p)
    {
        var added = new[] { (p.NewUnits.Count, "đơn vị"), (p.NewCells.Count, "chi bộ"), (p.NewMembers.Count, "đảng viên") }.Where(a => a.Item1 > 0).ToList();
        var lines = new List<string>();
        if (added.Count > 0) lines.Add($"Sẽ thêm: {string.Join(", ", added.Select(a => $"{a.Item1} {a.Item2}"))}.");
        if (p.Changes.Count > 0)
        {
            lines.Add($"Sẽ sửa {p.Changes.Count}:");
            lines.AddRange(p.Changes.Take(ChangesShown).Select(c => $"• {c}"));
            if (p.Changes.Count > ChangesShown) lines.Add($"… và {p.Changes.Count - ChangesShown} dòng khác.");
        }
        if (p.Unchanged > 0) lines.Add($"Không đổi: {p.Unchanged} dòng đã có.");
        if (p.Warnings.Count > 0) lines.Add(Warned(p));
        if (p.NotInFile.Count > 0)
        {
            lines.Add("Có trong bot nhưng không có trong tệp (giữ nguyên, nhập tệp không xóa gì; xóa một đảng viên: /dangvien <tên> xoa <lý do>):");
            lines.AddRange(p.NotInFile.Take(ChangesShown).Select(w => $"• {w}"));
            if (p.NotInFile.Count > ChangesShown) lines.Add($"… và {p.NotInFile.Count - ChangesShown} nơi khác.");
        }
        return string.Join('\n', lines) + Skipped(p);
    }

    static string Warned(OrgImportPlan p) =>
        "Lưu ý:\n" + string.Join('\n', p.Warnings.Take(ChangesShown).Select(w => $"⚠ {w}")) +
        (p.Warnings.Count > ChangesShown ? $"\n… và {p.Warnings.Count - ChangesShown} lưu ý khác." : "");

    static string Skipped(OrgImportPlan p) => p.Skipped.Count == 0 ? "" : "\nBỏ qua: " + string.Join("; ", p.Skipped) + ".";

    static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream))[..10].ToLowerInvariant();
    }
}
