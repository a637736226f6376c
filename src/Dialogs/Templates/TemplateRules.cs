using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Evaluation;
using ChiBo.Dialogs.Flows.Meeting;

namespace ChiBo.Dialogs.Templates;

/// <summary>What makes a template usable, checked at start-up.</summary>
public static class TemplateRules
{
    public static void Validate(TemplateBase t)
    {
        Require(t, !string.IsNullOrWhiteSpace(t.Id), t.Line, "thiếu \"id\".");
        Require(t, !string.IsNullOrWhiteSpace(t.Name), t.Line, "thiếu \"name\".");
        Require(t, !string.IsNullOrWhiteSpace(t.Guideline), t.Line, "thiếu \"guideline\" (văn bản hướng dẫn mẫu này theo).");
        Require(t, !string.IsNullOrWhiteSpace(t.Version), t.Line, "thiếu \"version\".");
        switch (t)
        {
            case ProcedureTemplate p: MeetingSteps.Validate(p); break;
            case DocumentTemplate d: Documents.MeetingFields.Validate(d); break;
            case QuizTemplate q: Quiz.QuizBank.Validate(q); break;
            case SelfReviewTemplate sr:
                Require(t, sr.Sections.Count > 0, t.Line, "cần ít nhất một phần (sections).");
                foreach (var sec in sr.Sections)
                {
                    Require(t, sec.Id != "" && sec.Id.All(c => char.IsAsciiLetterLower(c) || c == '_'), sec.Line, "mỗi phần cần \"id\" (chữ thường không dấu, _).");
                    Require(t, sr.Sections.Count(x => x.Id == sec.Id) == 1, sec.Line, $"phần \"{sec.Id}\" bị trùng.");
                    Require(t, sec.Title != "" && sec.Prompt != "" && sec.Help != "", sec.Line, $"phần {sec.Id}: cần title, prompt và help.");
                    Require(t, Documents.SelfReviewFields.Labels.ContainsKey(sec.Id), sec.Line,
                        $"phần \"{sec.Id}\" không có chỗ điền trong mẫu Word; dùng tu_tuong, nhiem_vu, ket_qua, han_che, khac_phuc.");
                }
                foreach (var cal in sr.UnitCalendars.Prepend(sr.Calendar))
                    Require(t, cal.Month is >= 1 and <= 12 && cal.DueDay is >= 1 and <= 28 && cal.RemindDays.Count > 0 && cal.RemindDays.All(d => d is >= 1 and <= 28), cal.Line,
                        "calendar: month 1–12, due_day và remind_days là ngày 1–28.");
                foreach (var cal in sr.UnitCalendars)
                    Require(t, cal.OrgUnit != "" && sr.UnitCalendars.Count(x => x.OrgUnit == cal.OrgUnit) == 1, cal.Line, "unit_calendars: mỗi lịch cần org_unit, không trùng.");
                Require(t, sr.ExcellentCapPercent is >= 0 and <= 100 && sr.ExcellentCapOf.All(c => sr.Levels.Any(l => l.Code == c)) && sr.ExcellentCapSource != "",
                    t.Line, "excellent_cap_percent 0–100, excellent_cap_of là các mã trong levels, và excellent_cap_source (căn cứ).");
                Require(t, sr.Levels.Any(l => l.Code == sr.DisciplinedMaxLevel) && sr.DisciplinedSource != "", t.Line,
                    "disciplined_max_level là một mã trong levels, và disciplined_source (căn cứ).");
                Require(t, sr.Levels.Count is >= 2 and <= 6 && sr.Levels.All(l => l.Code != "" && l.Label != ""), t.Line, "levels: từ 2 đến 6 mức, mỗi mức có code và label.");
                break;
            case ProbationTemplate pr:
                Require(t, pr.Months is >= 1 and <= 24 && pr.ConsiderWithinWorkingDays is >= 1 and <= 120, t.Line, "months 1–24, consider_within_working_days 1–120.");
                Require(t, pr.VoteNumerator > 0 && pr.VoteNumerator <= pr.VoteDenominator, t.Line, "vote_numerator/vote_denominator: một phần (ví dụ 2/3), tử số không lớn hơn mẫu số.");
                Require(t, pr.MaxVotes >= 1 && pr.RemindEveryDays >= 1 && pr.RemindDaysBefore.All(d => d is >= 0 and <= 90), t.Line, "max_votes, remind_every_days ≥ 1; remind_days_before 0–90.");
                Require(t, pr.MonthsSource != "" && pr.ConsiderSource != "" && pr.VoteSource != "" && pr.FullFromSource != "", t.Line,
                    "cần căn cứ: months_source, consider_source, vote_source, full_from_source.");
                Require(t, pr.CeremonyWithinWorkingDays is >= 1 and <= 120 && pr.CeremonyRemindWorkingDaysBefore.All(d => d >= 0 && d < pr.CeremonyWithinWorkingDays)
                           && pr.CeremonySource != "" && pr.AdmissionVoteSource != "", t.Line,
                    "ceremony_within_working_days 1–120, ceremony_remind_working_days_before nhỏ hơn số đó, và căn cứ: ceremony_source, admission_vote_source.");
                break;
            case RubricTemplate r: Validate(r); break;
            case CriteriaSetTemplate c:
                Require(t, c.Criteria.Count > 0, t.Line, "bộ tiêu chí phải có ít nhất một tiêu chí.");
                foreach (var item in c.Criteria)
                {
                    Require(t, item.Code != "" && item.Title != "", item.Line, "tiêu chí cần \"code\" và \"title\".");
                    foreach (var check in item.Checks)
                        Require(t, Summaries.YearChecks.Measures.ContainsKey(check.Measure) && check.Min >= 0, check.Line,
                            $"checks: measure \"{check.Measure}\" không có; dùng một trong: {string.Join(", ", Summaries.YearChecks.Measures.Keys)}.");
                }
                break;
            case ContestCalendarTemplate cc:
                Require(t, cc.RemindDaysBefore.Count > 0 && cc.RemindDaysBefore.All(d => d is > 0 and <= 365), t.Line, "remind_days_before: cần các số ngày từ 1 đến 365.");
                foreach (var e in cc.Editions)
                {
                    Require(t, e.Year is >= 2000 and <= 2100 && e.OrgUnit != "" && e.Rounds.Count > 0, e.Line, "mỗi kỳ thi cần year, org_unit và ít nhất một vòng (rounds).");
                    for (var i = 0; i < e.Rounds.Count; i++)
                    {
                        var r = e.Rounds[i];
                        Require(t, r.Code != "" && r.Name != "" && r.Deadline != default, r.Line, "mỗi vòng thi cần code, name và deadline (yyyy-MM-dd).");
                        Require(t, r.Deadline.Year == e.Year, r.Line, $"vòng {r.Code}: hạn {r.Deadline:dd/MM/yyyy} không thuộc năm {e.Year}.");
                        Require(t, i == 0 || r.Deadline > e.Rounds[i - 1].Deadline, r.Line, $"vòng {r.Code}: các vòng phải xếp theo hạn tăng dần.");
                    }
                }
                break;
            case TargetsTemplate tt:
                foreach (var plan in tt.Plans)
                {
                    Require(t, plan.Year is >= 2000 and <= 2100 && plan.OrgUnit != "" && plan.Items.Count > 0, plan.Line, "mỗi kế hoạch mục tiêu cần year, org_unit và ít nhất một mục tiêu (items).");
                    foreach (var item in plan.Items)
                    {
                        Require(t, item.Code != "" && item.Name != "", item.Line, "mỗi mục tiêu cần code và name.");
                        Require(t, Summaries.TargetMeasures.Known.ContainsKey(item.Measure), item.Line,
                            $"mục tiêu {item.Code}: measure \"{item.Measure}\" không có; dùng một trong: {string.Join(", ", Summaries.TargetMeasures.Known.Keys)}.");
                        Require(t, item.MinPercent is >= 0 and <= 100 && (item.MaxPercent is null || (item.MaxPercent >= item.MinPercent && item.MaxPercent <= 100)), item.Line,
                            $"mục tiêu {item.Code}: min_percent, max_percent phải từ 0 đến 100, max không nhỏ hơn min.");
                    }
                }
                break;
            case CellTypesTemplate ct:
                foreach (var type in Enum.GetNames<CellType>())
                    Require(t, ct.Types.Any(x => x.Code == type), t.Line, $"thiếu loại hình {type}.");
                foreach (var x in ct.Types)
                    Require(t, Enum.TryParse<CellType>(x.Code, out _), x.Line,
                        $"loại hình \"{x.Code}\" không hợp lệ; dùng {string.Join(", ", Enum.GetNames<CellType>())}.");
                break;
        }
    }

    static void Validate(RubricTemplate r)
    {
        Require(r, r.Groups.Count > 0, r.Line, "thang điểm phải có ít nhất một nhóm.");
        var codes = new HashSet<string>();
        foreach (var g in r.Groups)
        {
            Require(r, g.Criteria.Count > 0, g.Line, $"nhóm {g.Code} chưa có tiêu chí.");
            foreach (var c in g.Criteria)
            {
                c.Group = $"{g.Code}. {g.Title}";
                Require(r, codes.Add(c.Code), c.Line, $"mã tiêu chí {c.Code} bị trùng.");
                Require(r, c.Max > 0, c.Line, $"tiêu chí {c.Code}: điểm tối đa phải lớn hơn 0.");
                Require(r, c.Suggest is null || Suggestions.Known(c.Suggest), c.Line,
                    $"tiêu chí {c.Code}: gợi ý \"{c.Suggest}\" không có; dùng một trong: {string.Join(", ", Suggestions.Names)}.");
            }
            var sum = g.Criteria.Sum(c => c.Max);
            Require(r, sum == g.Max, g.Line, $"nhóm {g.Code}: tổng điểm các tiêu chí là {sum}, khác điểm tối đa của nhóm {g.Max}.");
        }
        var total = r.Groups.Sum(g => g.Max);
        Require(r, total == r.Total, r.Line, $"tổng điểm các nhóm là {total}, khác \"total: {r.Total}\".");
        Require(r, r.Levels.Count > 0, r.Line, "thiếu các mức xếp loại (levels).");
        for (var i = 0; i < r.Levels.Count; i++)
        {
            var l = r.Levels[i];
            Require(r, i == 0 || l.Min < r.Levels[i - 1].Min, l.Line, "các mức xếp loại phải xếp từ cao xuống thấp.");
            foreach (var code in l.MustBeFull)
                Require(r, codes.Contains(code), l.Line, $"mức {l.Label}: tiêu chí bắt buộc đạt tối đa \"{code}\" không có.");
        }
        Require(r, r.Levels[^1].Min == 0, r.Levels[^1].Line, "mức thấp nhất phải có min: 0.");
    }

    public static void Require(TemplateBase t, bool ok, int line, string problem)
    {
        if (!ok) throw new TemplateException(t.File, line, problem);
    }
}
