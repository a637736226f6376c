using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Templates;

namespace ChiBo.Dialogs.Tests;

public sealed class TemplateTests
{
    static string Shipped(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Templates", file));

    [Fact]
    public void Shipped_templates_load_and_name_their_guideline_and_version()
    {
        var catalog = TestStore.Templates;
        Assert.All(catalog.All.Values, t =>
        {
            Assert.False(string.IsNullOrWhiteSpace(t.Guideline));
            Assert.False(string.IsNullOrWhiteSpace(t.Version));
        });
        var procedure = catalog.Get<ProcedureTemplate>("quy-trinh-sinh-hoat");
        Assert.Contains("12-HD/BTCTW", procedure.Guideline);
        Assert.Contains("42-HD/BTCTW", procedure.Guideline);
        Assert.Equal(90, procedure.Rules.MinMinutes["REGULAR"]);
        Assert.Equal(120, procedure.Rules.MinMinutes["COMBINED"]);
        Assert.Equal(85, procedure.Rules.AttendanceThresholdPercent);
        var rubric = catalog.Get<RubricTemplate>("chat-luong-100");
        Assert.Equal(100, rubric.Criteria.Sum(c => c.Max));
        Assert.Equal(["Tốt", "Khá", "Trung bình", "Kém"], rubric.Levels.Select(l => l.Label));
        Assert.Equal(4, catalog.Get<CriteriaSetTemplate>("chi-bo-bon-tot").Criteria.Count);
        foreach (var type in Enum.GetValues<CellType>())
            Assert.Same(rubric, catalog.RubricFor(type));
    }

    [Fact]
    public void A_yaml_syntax_error_names_the_file_and_line()
    {
        var yaml = Shipped("quy-trinh-sinh-hoat.yaml").Replace("  attendance_threshold_percent: 85", "  attendance_threshold_percent: [85");
        var ex = Assert.Throws<TemplateException>(() => TemplateCatalog.Parse("quy-trinh-sinh-hoat.yaml", yaml));
        Assert.Equal("quy-trinh-sinh-hoat.yaml", ex.FileName);
        var broken = Array.FindIndex(yaml.Split('\n'), l => l.Contains("attendance_threshold_percent: [85")) + 1;
        Assert.InRange(ex.LineNumber, broken, broken + 3); // the scanner notices a little later
        Assert.StartsWith("Mẫu quy-trinh-sinh-hoat.yaml, dòng ", ex.Message);
    }

    [Fact]
    public void An_unknown_step_kind_names_the_line_of_that_step()
    {
        var yaml = Shipped("quy-trinh-sinh-hoat.yaml");
        var lines = yaml.Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains("id: dia_diem")) + 1;
        yaml = yaml.Replace("      - id: dia_diem\n        kind: text", "      - id: dia_diem\n        kind: paragraph");
        var ex = Assert.Throws<TemplateException>(() => TemplateCatalog.Parse("p.yaml", yaml));
        Assert.Equal(line, ex.LineNumber);
        Assert.Contains("kind \"paragraph\" không có", ex.Problem);
    }

    [Fact]
    public void A_missing_required_step_is_reported()
    {
        var yaml = Shipped("quy-trinh-sinh-hoat.yaml").Replace("id: bieu_quyet", "id: bieu_quyet_khac");
        var ex = Assert.Throws<TemplateException>(() => TemplateCatalog.Parse("p.yaml", yaml));
        Assert.Contains("thiếu bước bắt buộc \"bieu_quyet\"", ex.Problem);
    }

    [Fact]
    public void Rubric_points_that_do_not_add_up_name_the_group()
    {
        var yaml = Shipped("danh-gia-chat-luong-100.yaml").Replace("        title: Chi ủy họp thống nhất nội dung\n        max: 5", "        title: Chi ủy họp thống nhất nội dung\n        max: 6");
        var ex = Assert.Throws<TemplateException>(() => TemplateCatalog.Parse("r.yaml", yaml));
        Assert.Contains("nhóm A: tổng điểm các tiêu chí là 16, khác điểm tối đa của nhóm 15", ex.Problem);
        Assert.Equal(Array.FindIndex(yaml.Split('\n'), l => l.Contains("- code: A")) + 1, ex.LineNumber);
    }

    [Fact]
    public void An_unknown_property_is_an_error_with_its_line()
    {
        var yaml = Shipped("chi-bo-bon-tot.yaml").Replace("version: \"2026.1\"", "version: \"2026.1\"\ncolour: red");
        var ex = Assert.Throws<TemplateException>(() => TemplateCatalog.Parse("b.yaml", yaml));
        Assert.Equal(Array.FindIndex(yaml.Split('\n'), l => l.StartsWith("colour")) + 1, ex.LineNumber);
    }

    [Fact]
    public void A_folder_with_a_broken_file_stops_loading()
    {
        var dir = Directory.CreateTempSubdirectory("chibo-tpl").FullName;
        foreach (var f in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Templates"), "*.yaml"))
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        File.WriteAllText(Path.Combine(dir, "loai-hinh-chi-bo.yaml"),
            File.ReadAllText(Path.Combine(dir, "loai-hinh-chi-bo.yaml")).Replace("rubric: chat-luong-100\n    thematic_rubric: chuyen-de-100\n    procedure: quy-trinh-sinh-hoat\n    focus: [\"sản xuất", "rubric: khong-co\n    thematic_rubric: chuyen-de-100\n    procedure: quy-trinh-sinh-hoat\n    focus: [\"sản xuất"));
        var ex = Assert.Throws<TemplateException>(() => TemplateCatalog.LoadFolder(dir));
        Assert.Contains("ENTERPRISE dùng thang điểm \"khong-co\" không có", ex.Message);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void A_units_own_review_calendar_applies_to_the_cells_under_it_the_most_specific_first()
    {
        var yaml = Shipped("tu-kiem-diem-dang-vien.yaml").Replace("# unit_calendars:", "unit_calendars:")
            .Replace("#   - org_unit: xa-yen-my", "  - org_unit: xa-yen-my").Replace("#     month: 12", "    month: 12")
            .Replace("#     remind_days: [3, 8, 12]", "    remind_days: [3, 8, 12]").Replace("#     due_day: 12", "    due_day: 12");
        var t = (SelfReviewTemplate)TemplateCatalog.Parse("tu-kiem-diem-dang-vien.yaml", yaml);
        var paths = new Dictionary<string, string> { ["xa-yen-my"] = "/tinh-hung-yen/xa-yen-my/" };
        Assert.Equal(12, t.CalendarFor("/tinh-hung-yen/xa-yen-my/cb-thon-dong/", paths.GetValueOrDefault).DueDay);
        Assert.Equal(15, t.CalendarFor("/tinh-hung-yen/xa-khac/cb-a/", paths.GetValueOrDefault).DueDay); // elsewhere: the default
        var twice = yaml.Replace("    due_day: 12", "    due_day: 12\n  - org_unit: xa-yen-my\n    remind_days: [1]\n    due_day: 2");
        Assert.Contains("không trùng", Assert.Throws<TemplateException>(() => TemplateCatalog.Parse("t.yaml", twice)).Problem);
    }
}
