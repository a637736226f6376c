using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Documents;

/// <summary>The placeholders of the self-review form (subject: self_review) and how each is read from the stored review.</summary>
public static class SelfReviewFields
{
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["don_vi"] = "đảng bộ cấp trên", ["chi_bo"] = "tên chi bộ (chữ in hoa)", ["ten_chi_bo"] = "tên chi bộ", ["dia_danh"] = "địa danh",
        ["ngay_so"] = "ngày", ["thang"] = "tháng", ["nam"] = "năm lập", ["nam_kiem_diem"] = "năm kiểm điểm",
        ["ho_ten"] = "họ và tên", ["ngay_sinh"] = "ngày sinh", ["ngay_vao_dang"] = "ngày vào Đảng", ["ngay_chinh_thuc"] = "ngày chính thức",
        ["tinh_trang"] = "đảng viên chính thức/dự bị", ["tu_tuong"] = "tư tưởng chính trị, đạo đức, lối sống, ý thức tổ chức kỷ luật",
        ["nhiem_vu"] = "thực hiện chức trách, nhiệm vụ được giao", ["ket_qua"] = "kết quả thực hiện nhiệm vụ năm",
        ["han_che"] = "hạn chế, khuyết điểm và nguyên nhân", ["khac_phuc"] = "kết quả khắc phục hạn chế năm trước", ["tu_xep_loai"] = "tự nhận mức xếp loại",
    };

    public static MeetingValues Of(ChiBoStore store, SelfReview r, DateTime today)
    {
        var v = new MeetingValues();
        void Set(string name, string value) => v.Fields[name] = new Field(Labels[name], value.Trim());
        var member = store.Members.FindById(r.MemberId);
        var cell = store.Cells.FindById(r.CellId);
        var unit = cell is null ? null : store.OrgUnits.FindById(cell.OrgUnitId);
        Set("don_vi", unit?.Name.ToUpper(VnText.Culture) ?? "");
        Set("chi_bo", cell?.Name.ToUpper(VnText.Culture) ?? "");
        Set("ten_chi_bo", cell?.Name ?? "");
        Set("dia_danh", MeetingFields.PlaceOf(unit?.Name ?? ""));
        Set("ngay_so", today.Day.ToString("00"));
        Set("thang", today.Month.ToString("00"));
        Set("nam", today.Year.ToString());
        Set("nam_kiem_diem", r.Year.ToString());
        Set("ho_ten", member?.Name ?? "");
        Set("ngay_sinh", OrgFile.OrgTable.DateText(member?.BirthDate));
        Set("ngay_vao_dang", OrgFile.OrgTable.DateText(member?.AdmittedOn));
        Set("ngay_chinh_thuc", member?.Status == MemberStatus.Probationary ? "" : OrgFile.OrgTable.DateText(member?.FullMemberOn));
        Set("tinh_trang", member is null ? "" : member.Status == MemberStatus.Probationary ? "dự bị" : "chính thức");
        foreach (var name in new[] { "tu_tuong", "nhiem_vu", "ket_qua", "han_che", "khac_phuc" })
            Set(name, r.Sections.GetValueOrDefault(name, ""));
        Set("tu_xep_loai", r.ProposedLevelLabel);
        return v;
    }
}
