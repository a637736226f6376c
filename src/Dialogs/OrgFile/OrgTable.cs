using System.Text.RegularExpressions;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.OrgFile;

/// <summary>A column of the organisation table: its header and what goes in it (the template's guide sheet shows Help).</summary>
public sealed record OrgColumn(string Header, string Help, string Example);

/// <summary>A problem with one row (or the header, row 1) of an organisation file.</summary>
public sealed record OrgFileError(int Row, string? Column, string Message)
{
    public override string ToString() => Column is null ? $"Dòng {Row}: {Message}" : $"Dòng {Row}, cột {Column}: {Message}";
}

public enum OrgRowKind { Unit, Cell, Member }

/// <summary>One valid data row: the fields its kind uses, already parsed.</summary>
public sealed record OrgRow(int Line, OrgRowKind Kind, string Code, string Name, string? Parent, string Level = "",
    CellType CellType = CellType.OTHER, int MeetingDay = 3, string MeetingTime = "19:30", string Venue = "", int? MeetingWeekday = null, int? MeetingWeek = null,
    Role? LeaderRole = null, MemberStatus Status = MemberStatus.Full,
    DateTime? BirthDate = null, DateTime? AdmittedOn = null, DateTime? FullMemberOn = null, string CardNumber = "",
    string Suspension = "", DateTime? SuspendedSince = null);

/// <summary>
/// The organisation as one table (the same for .xlsx and .csv, import and export): each row is an org unit, a cell
/// or a member, identified by its code; "Thuộc" names the parent's code. Headers are matched forgivingly, in any order.
/// </summary>
public static partial class OrgTable
{
    public const string SheetName = "Tổ chức";
    public const int MaxRows = 20_000;

    public static readonly OrgColumn Kind = new("Loại", "Đơn vị, Chi bộ hoặc Đảng viên", "Chi bộ");
    public static readonly OrgColumn Code = new("Mã", "Mã duy nhất của dòng (chữ không dấu, số, - hoặc _); nhập lại cùng mã thì cập nhật, không tạo trùng", "cb-thon-dong");
    public static readonly OrgColumn Name = new("Tên", "Tên đầy đủ", "Chi bộ thôn Đông");
    public static readonly OrgColumn Parent = new("Thuộc", "Mã của cấp trên: đơn vị cấp trên (để trống nếu là cấp cao nhất), đơn vị của chi bộ, chi bộ của đảng viên", "xa-yen-my");
    public static readonly OrgColumn Level = new("Cấp", "Đơn vị: tên cấp (Tỉnh ủy, Đảng ủy xã…), tùy chọn", "");
    public static readonly OrgColumn CellKind = new("Loại hình", "Chi bộ: loại hình (thôn/tổ dân phố, cơ quan hành chính, đơn vị sự nghiệp, lực lượng vũ trang, doanh nghiệp, khác)", "thôn");
    public static readonly OrgColumn Day = new("Ngày họp", "Chi bộ: ngày sinh hoạt hằng tháng, 1–31, hoặc \"thứ 7 đầu tiên\", \"thứ 2 cuối cùng\" (mặc định 3)", "3");
    public static readonly OrgColumn Time = new("Giờ họp", "Chi bộ: giờ sinh hoạt, ví dụ 19:30 (mặc định 19:30)", "19:30");
    public static readonly OrgColumn Venue = new("Địa điểm", "Chi bộ: nơi sinh hoạt, tùy chọn", "Nhà văn hóa thôn Đông");
    public static readonly OrgColumn LeaderRole = new("Vai trò", "Đảng viên: bí thư, phó bí thư hoặc để trống", "");
    public static readonly OrgColumn Status = new("Tình trạng", "Đảng viên: chính thức (mặc định), dự bị hoặc miễn sinh hoạt", "");

    public static readonly OrgColumn BirthDate = new("Ngày sinh", "Đảng viên: ngày sinh, dạng 25/03/1970; tùy chọn", "");
    public static readonly OrgColumn AdmittedOn = new("Ngày vào Đảng", "Đảng viên: ngày kết nạp, dạng 19/05/2010; tùy chọn", "");
    public static readonly OrgColumn FullMemberOn = new("Ngày chính thức", "Đảng viên: ngày được công nhận chính thức (để trống với đảng viên dự bị); tùy chọn", "");
    public static readonly OrgColumn CardNumber = new("Số thẻ", "Đảng viên: số thẻ đảng viên; tùy chọn", "");

    public static readonly OrgColumn Suspended = new("Đình chỉ sinh hoạt",
        "Đảng viên đang bị đình chỉ sinh hoạt đảng: số, ngày quyết định của cấp có thẩm quyền (ví dụ QĐ 20-QĐ/ĐU ngày 01/12/2026), tính từ ngày ghi trong quyết định; " +
        "để trống nếu không. Để trống không chấm dứt việc đình chỉ đã ghi: khi hết, dùng lệnh /dangvien <tên> hetdinhchi", "");

    public static readonly OrgColumn[] Columns = [Kind, Code, Name, Parent, Level, CellKind, Day, Time, Venue, LeaderRole, Status, BirthDate, AdmittedOn, FullMemberOn, CardNumber, Suspended];
    static readonly OrgColumn[] Required = [Kind, Code, Name, Parent];

    public static string KindLabel(OrgRowKind k) => k switch { OrgRowKind.Unit => "Đơn vị", OrgRowKind.Cell => "Chi bộ", _ => "Đảng viên" };

    static OrgRowKind? KindOf(string s) => VnText.Fold(s).Replace(" ", "") switch
    {
        "donvi" or "dangbo" or "dangbocoso" => OrgRowKind.Unit,
        "chibo" => OrgRowKind.Cell,
        "dangvien" or "dv" => OrgRowKind.Member,
        _ => null,
    };

    public static string RoleLabel(Role? r) => r switch { Role.Secretary => "bí thư", Role.Deputy => "phó bí thư", _ => "" };

    static (bool Ok, Role? Role) RoleOf(string s) => VnText.Fold(s).Replace(" ", "") switch
    {
        "" or "dangvien" => (true, null),
        "bithu" => (true, Role.Secretary),
        "phobithu" => (true, Role.Deputy),
        _ => (false, null),
    };

    static MemberStatus? StatusOf(string s) => VnText.Fold(s).Replace(" ", "") switch
    {
        "" or "chinhthuc" => MemberStatus.Full,
        "duby" or "dubi" => MemberStatus.Probationary,
        "mien" or "miensinhhoat" or "duocmiensinhhoat" => MemberStatus.Exempt,
        _ => null,
    };

    /// <summary>A cell type from its code or (part of) its name in the cell-types template: "thôn", "doanh nghiệp", "ENTERPRISE".</summary>
    static CellType? CellTypeOf(string s, CellTypesTemplate types)
    {
        var f = VnText.Fold(s);
        if (f == "") return null;
        if (Enum.TryParse<CellType>(s.Trim(), ignoreCase: true, out var code) && Enum.IsDefined(code)) return code;
        if (f == "khac") return CellType.OTHER;
        var hits = types.Types.Where(t => VnText.Fold(t.Name).Contains(f)).ToList();
        return hits.Count == 1 && Enum.TryParse<CellType>(hits[0].Code, out var byName) ? byName : null;
    }

    public static string CellTypeLabel(CellType t, CellTypesTemplate types) =>
        types.Types.FirstOrDefault(x => x.Code == t.ToString())?.Name ?? (t == CellType.OTHER ? "Khác" : t.ToString());

    /// <summary>"A", "B", … "AA": the spreadsheet's name of a column.</summary>
    public static string Letter(int index)
    {
        var s = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) s = (char)('A' + (n - 1) % 26) + s;
        return s;
    }

    /// <summary>What <see cref="Parse"/> read: the valid rows, the errors, a column's label, and the codes of the rows refused.</summary>
    public sealed record Parsed(List<OrgRow> Rows, List<OrgFileError> Errors, Func<OrgColumn, string> Label, Dictionary<string, int> Refused,
        IReadOnlySet<OrgColumn> Present);

    /// <summary>Rows looked at for the header: a title block above the table is this short.</summary>
    const int HeaderSearch = 20;

    /// <summary>
    /// Reads the table: the header is the first row naming at least three of the columns (a title row, merged or not,
    /// and empty rows may sit above it), else the first non-empty row; empty rows are skipped. Returns every row that
    /// is valid on its own and every error found (row numbers as the spreadsheet shows them). References between rows
    /// and to the database are checked by <see cref="OrgImport"/>.
    /// </summary>
    public static Parsed Parse(IReadOnlyList<IReadOnlyList<string>> table, CellTypesTemplate types, DateTime? today = null)
    {
        var rows = new List<OrgRow>();
        var errors = new List<OrgFileError>();
        var refused = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase); // code → its row
        var at = new Dictionary<OrgColumn, int>();
        string Label(OrgColumn c) => at.TryGetValue(c, out var i) ? $"{Letter(i)} ({c.Header})" : c.Header;
        static bool Known(string cell) => Columns.Any(c => VnText.Fold(c.Header) == VnText.Fold(cell));
        var headerAt = Enumerable.Range(0, Math.Min(table.Count, HeaderSearch)).FirstOrDefault(i => table[i].Count(Known) >= 3, -1);
        if (headerAt < 0) headerAt = Enumerable.Range(0, table.Count).FirstOrDefault(i => table[i].Any(c => c.Trim() != ""), -1);
        if (headerAt < 0)
        {
            errors.Add(new(1, null, "tệp không có dữ liệu. Dòng đầu là tiêu đề: " + string.Join(", ", Columns.Select(c => c.Header)) + "."));
            return new(rows, errors, Label, refused, at.Keys.ToHashSet());
        }
        var header = table[headerAt];
        for (var i = 0; i < header.Count; i++)
        {
            var column = Columns.FirstOrDefault(c => VnText.Fold(c.Header) == VnText.Fold(header[i]));
            if (column is null) continue;
            if (at.ContainsKey(column)) errors.Add(new(headerAt + 1, Letter(i), $"cột \"{column.Header}\" có hai lần."));
            else at[column] = i;
        }
        var missing = Required.Where(c => !at.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            errors.Add(new(headerAt + 1, null, $"thiếu cột {string.Join(", ", missing.Select(c => $"\"{c.Header}\""))}. Dòng tiêu đề của bảng ghi tên các cột; tải mẫu bằng /mau."));
        if (errors.Count > 0) return new(rows, errors, Label, refused, at.Keys.ToHashSet());
        if (table.Count - headerAt - 1 > MaxRows)
        {
            errors.Add(new(headerAt + 1, null, $"tệp có hơn {VnText.Number(MaxRows)} dòng; chia thành nhiều tệp."));
            return new(rows, errors, Label, refused, at.Keys.ToHashSet());
        }

        for (var r = headerAt + 1; r < table.Count; r++)
        {
            var cells = table[r];
            if (cells.All(c => c.Trim() == "")) continue;
            var line = r + 1;
            string Get(OrgColumn c) => at.TryGetValue(c, out var i) && i < cells.Count ? VnText.Clean(cells[i]) : "";
            var before = errors.Count;
            void Bad(OrgColumn c, string message) => errors.Add(new(line, Label(c), message));

            var kind = KindOf(Get(Kind));
            if (kind is null) Bad(Kind, Get(Kind) == "" ? "chưa ghi loại (Đơn vị, Chi bộ hoặc Đảng viên)." : $"\"{Inputs.Preview(Get(Kind))}\" không phải Đơn vị, Chi bộ hay Đảng viên.");
            var code = Get(Code);
            if (code == "") Bad(Code, "chưa có mã.");
            else if (!CodeRegex().IsMatch(code)) Bad(Code, $"mã \"{Inputs.Preview(code)}\" chỉ được gồm chữ không dấu, số, - và _ (tối đa 40 ký tự).");
            var name = Get(Name);
            if (name == "") Bad(Name, "chưa có tên.");
            else if (name.Length > 120) Bad(Name, "tên dài quá 120 ký tự.");
            var parent = Get(Parent) is { Length: > 0 } p ? p : null;
            if (kind is OrgRowKind.Cell or OrgRowKind.Member && parent is null)
                Bad(Parent, kind == OrgRowKind.Cell ? "chi bộ phải ghi mã đơn vị mà chi bộ thuộc." : "đảng viên phải ghi mã chi bộ.");
            if (kind is null) { if (code != "") refused.TryAdd(code, line); continue; }

            var row = new OrgRow(line, kind.Value, code, name, parent);
            switch (kind)
            {
                case OrgRowKind.Unit:
                    row = row with { Level = Get(Level) };
                    break;
                case OrgRowKind.Cell:
                    var type = CellTypeOf(Get(CellKind), types);
                    if (type is null) Bad(CellKind, Get(CellKind) == "" ? "chi bộ phải ghi loại hình (ví dụ: thôn, cơ quan hành chính, doanh nghiệp)." : $"không rõ loại hình \"{Inputs.Preview(Get(CellKind))}\". Ghi một trong: {string.Join("; ", types.Types.Select(t => t.Name))}.");
                    var day = 3;
                    (int Weekday, int Week)? byWeekday = null;
                    if (WeekdayDay().Match(VnText.Fold(Get(Day))) is { Success: true } w && ScheduleDays.Of(w) is { } which) byWeekday = which;
                    else if (Get(Day) is { Length: > 0 } d && (!double.TryParse(d, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var dn) || dn != Math.Floor(dn) || dn is < 1 or > 31))
                        Bad(Day, $"ngày họp \"{Inputs.Preview(d)}\" phải là số từ 1 đến 31, hoặc thứ và tuần trong tháng (ví dụ: thứ 7 đầu tiên).");
                    else if (Get(Day) is { Length: > 0 } ok) day = (int)double.Parse(ok, System.Globalization.CultureInfo.InvariantCulture);
                    var time = "19:30";
                    if (Get(Time) is { Length: > 0 } t)
                    {
                        var minutes = Inputs.Time(t) ?? DayFraction(t);
                        if (minutes is null) Bad(Time, $"giờ họp \"{Inputs.Preview(t)}\" không hiểu được; ghi ví dụ 19:30.");
                        else time = Inputs.FormatTime(minutes.Value);
                    }
                    row = row with { CellType = type ?? CellType.OTHER, MeetingDay = day, MeetingTime = time, Venue = Get(Venue),
                        MeetingWeekday = byWeekday?.Weekday, MeetingWeek = byWeekday?.Week };
                    break;
                case OrgRowKind.Member:
                    var (roleOk, role) = RoleOf(Get(LeaderRole));
                    if (!roleOk) Bad(LeaderRole, $"vai trò \"{Inputs.Preview(Get(LeaderRole))}\" phải là bí thư, phó bí thư hoặc để trống.");
                    var status = StatusOf(Get(Status));
                    if (status is null) Bad(Status, $"tình trạng \"{Inputs.Preview(Get(Status))}\" phải là chính thức, dự bị hoặc miễn sinh hoạt.");
                    DateTime? DateIn(OrgColumn c, string what)
                    {
                        if (Get(c) is not { Length: > 0 } text) return null;
                        if (DateOf(text) is not { } date) { Bad(c, $"{what} \"{Inputs.Preview(text)}\" không hiểu được; ghi dạng 25/03/1970."); return null; }
                        if (today is { } now && date > now.Date) { Bad(c, $"{what} {VnText.Date(date)} chưa đến."); return null; }
                        return date;
                    }
                    var born = DateIn(BirthDate, "ngày sinh");
                    var admitted = DateIn(AdmittedOn, "ngày vào Đảng");
                    var full = DateIn(FullMemberOn, "ngày chính thức");
                    if (born is { } b && admitted is { } a && a < b.AddYears(18))
                        Bad(AdmittedOn, $"ngày vào Đảng {VnText.Date(a)} khi chưa đủ 18 tuổi (sinh {VnText.Date(b)}).");
                    if (admitted is { } a2 && full is { } f && f < a2)
                        Bad(FullMemberOn, $"ngày chính thức {VnText.Date(f)} trước ngày vào Đảng {VnText.Date(a2)}.");
                    if (full is not null && status == MemberStatus.Probationary)
                        Bad(FullMemberOn, "đảng viên dự bị chưa có ngày chính thức; để trống, hoặc sửa tình trạng.");
                    var card = Get(CardNumber);
                    if (card != "" && !CardRegex().IsMatch(card)) Bad(CardNumber, $"số thẻ \"{Inputs.Preview(card)}\" chỉ gồm chữ số (và chữ cái), tối đa 20 ký tự.");
                    // A suspension counts from the day its decision names (Inputs.DayIn), as /dangvien … dinhchi records it.
                    var suspension = Get(Suspended);
                    DateTime? suspendedSince = null;
                    if (suspension.Length > 200) Bad(Suspended, "số, ngày quyết định dài quá 200 ký tự.");
                    else if (suspension != "" && !VnText.HasWords(suspension)) Bad(Suspended, $"\"{Inputs.Preview(suspension)}\" không phải số, ngày quyết định; ghi ví dụ QĐ 20-QĐ/ĐU ngày 01/12/2026.");
                    else if (suspension != "")
                    {
                        var since = Inputs.DayIn(suspension, out var invalid) ?? today?.Date;
                        if (invalid is not null) Bad(Suspended, $"ngày {invalid} trong quyết định không có thật.");
                        else if (since is { } d1 && today is { } now1 && d1 > now1.Date) Bad(Suspended, $"ngày {VnText.Date(d1)} trong quyết định chưa đến.");
                        else if (since is { } d2 && admitted is { } a3 && d2 < a3) Bad(Suspended, $"ngày {VnText.Date(d2)} trong quyết định trước ngày vào Đảng {VnText.Date(a3)}.");
                        else suspendedSince = since;
                    }
                    row = row with { LeaderRole = role, Status = status ?? MemberStatus.Full, BirthDate = born, AdmittedOn = admitted, FullMemberOn = full, CardNumber = card,
                        Suspension = suspension, SuspendedSince = suspendedSince };
                    break;
            }
            if (errors.Count == before) rows.Add(row);
            else if (code != "") refused.TryAdd(code, line);
        }
        return new(rows, errors, Label, refused, at.Keys.ToHashSet());
    }

    /// <summary>Excel keeps a typed time as a fraction of a day ("0.8125" is 19:30).</summary>
    static int? DayFraction(string s) =>
        double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var f) && f is >= 0 and < 1
            ? (int)Math.Round(f * 24 * 60) % (24 * 60) : null;

    /// <summary>A cell's meeting day by weekday ("thứ 7 đầu tiên", folded), the whole cell.</summary>
    [GeneratedRegex(@"^" + ScheduleDays.Pattern + @"\s*$")]
    private static partial Regex WeekdayDay();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex CodeRegex();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9 .-]{0,19}$")]
    private static partial Regex CardRegex();

    /// <summary>A date as officials write it (25/03/1970, 25-3-1970, 1970-03-25) or as Excel keeps it (a day number).</summary>
    public static DateTime? DateOf(string s)
    {
        var t = s.Trim();
        string[] forms = ["d/M/yyyy", "d-M-yyyy", "d.M.yyyy", "yyyy-M-d", "d/M/yyyy H:mm", "d/M/yyyy HH:mm:ss", "yyyy-MM-dd HH:mm:ss"];
        if (DateTime.TryParseExact(t, forms, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d)) return d.Date;
        return double.TryParse(t, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var serial) && serial is >= 1 and < 80_000 && serial == Math.Floor(serial)
            ? DateTime.FromOADate(serial).Date : null;
    }

    /// <summary>A date for the table: dd/MM/yyyy, or empty.</summary>
    public static string DateText(DateTime? d) => d is { } date ? VnText.Date(date) : "";
}
