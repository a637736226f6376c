using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Summaries;

namespace ChiBo.Dialogs.Tests;

/// <summary>A unit of many cells is read a year (or a status) at a time, a commune cell by cell: the same figures either way.</summary>
public sealed class ManyCellsTests
{
    /// <summary>A second commune of 250 cells in the demo's province.</summary>
    static void ManyCells(ChiBo.Dialogs.Storage.ChiBoStore store)
    {
        var province = store.OrgUnits.FindById("tinh-hung-yen")!;
        var other = new OrgUnit { Id = "xa-khac", Name = "Đảng bộ xã Khác", Level = "Đảng ủy xã", ParentId = province.Id, Path = $"{province.Path}xa-khac/" };
        store.InTransaction(() =>
        {
            store.OrgUnits.Insert(other);
            for (var i = 0; i < 250; i++)
                store.Cells.Insert(new Cell { Id = $"cb-khac-{i:000}", Name = $"Chi bộ {i:000}", OrgUnitId = other.Id, Path = $"{other.Path}cb-khac-{i:000}/" });
            store.Members.Insert(new Member { Id = "xa-khac-du-bi", Name = "Đinh Văn Mới", CellId = "cb-khac-003", Status = MemberStatus.Probationary });
            store.Candidates.Insert(new Candidate { Id = "ung-vien-khac", CellId = "cb-khac-004", Name = "Lý Thị Cảm", IntroducedOn = new DateTime(2026, 9, 1) });
            store.Candidates.Insert(new Candidate { Id = "ung-vien-dong", CellId = "cb-thon-dong", Name = "Mai Văn Tình", IntroducedOn = new DateTime(2026, 10, 1) });
            return true;
        });
    }

    [Fact]
    public void A_commune_and_the_province_find_the_same_probationers_and_candidates()
    {
        using var t = new TestStore();
        ManyCells(t.Store);
        var month = new Period(PeriodKind.Month, 2026, 12);
        var now = new DateTime(2026, 12, 20);
        var commune = UnitSummary.Build(t.Store, TestStore.Templates, t.Store.OrgUnits.FindById("xa-yen-my")!, month, now);
        var province = UnitSummary.Build(t.Store, TestStore.Templates, t.Store.OrgUnits.FindById("tinh-hung-yen")!, month, now);

        Assert.NotEmpty(commune.Probation);
        Assert.Equal(commune.Probation.Select(p => p.Member.Id), province.Probation.Where(p => p.Cell.Id != "cb-khac-003").Select(p => p.Member.Id));
        Assert.Contains(province.Probation, p => p.Member.Id == "xa-khac-du-bi");
        Assert.Equal(["ung-vien-dong"], commune.Candidates.Select(c => c.Id));
        Assert.Equal(["ung-vien-dong", "ung-vien-khac"], province.Candidates.Select(c => c.Id).Order());
    }

    [Fact]
    public void A_commune_and_the_province_name_the_same_suspended_members()
    {
        using var t = new TestStore();
        var store = t.Store;
        ManyCells(store);
        var day = new DateTime(2026, 12, 1);
        store.InTransaction(() =>
        {
            var minh = store.Members.FindById("minh")!;
            minh.Suspension = new Suspension { Decision = "QĐ 20", Since = day };
            store.Members.Update(minh);
            store.Members.Insert(new Member { Id = "khac-dinh-chi", Name = "Lò Văn Dừng", CellId = "cb-khac-009", Suspension = new Suspension { Since = day.AddMonths(-2) } });
            // Not counted: an ended suspension, someone no longer on the roll, someone not yet arrived.
            store.Members.Insert(new Member { Id = "het", Name = "Hết Đình Chỉ", CellId = "cb-thon-dong", PastSuspensions = [new Suspension { Since = day.AddYears(-1), Until = day.AddMonths(-1) }] });
            store.Members.Insert(new Member { Id = "da-roi", Name = "Hà Văn Đi", CellId = "cb-thon-dong", Removed = true, Suspension = new Suspension { Since = day } });
            store.Members.Insert(new Member { Id = "sap-den", Name = "Tô Thị Đến", CellId = "cb-thon-dong", ArrivingBy = "chuyen-1", Suspension = new Suspension { Since = day } });
            return true;
        });
        var month = new Period(PeriodKind.Month, 2026, 12);
        var now = new DateTime(2026, 12, 20);
        var commune = UnitSummary.Build(store, TestStore.Templates, store.OrgUnits.FindById("xa-yen-my")!, month, now);
        var province = UnitSummary.Build(store, TestStore.Templates, store.OrgUnits.FindById("tinh-hung-yen")!, month, now);

        Assert.Equal(["minh"], commune.Suspended.Select(x => x.Member.Id));
        Assert.Equal(["khac-dinh-chi", "minh"], province.Suspended.Select(x => x.Member.Id)); // longest suspended first
        Assert.Contains("• Đang bị đình chỉ sinh hoạt đảng: 1 — Trần Văn Minh (Chi bộ thôn Đông, từ 01/12/2026)", SummaryText.Unit(commune));
    }

    [Fact]
    public void A_commune_and_the_province_count_a_cells_review_and_self_reviews_alike()
    {
        using var t = new TestStore();
        var store = t.Store;
        var province = store.OrgUnits.FindById("tinh-hung-yen")!;
        var commune = store.OrgUnits.FindById("xa-yen-my")!;
        ManyCells(store);
        store.InTransaction(() =>
        {
            void Self(string member, string cell, int year) =>
                store.SelfReviews.Insert(new SelfReview { Id = SelfReview.KeyOf(member, year), MemberId = member, CellId = cell, Year = year });
            Self("an", "cb-thon-dong", 2026);
            Self("hoa", "cb-thon-dong", 2026);
            Self("an", "cb-thon-dong", 2025); // another year
            Self("binh", "cb-thcs-yen-my", 2026);
            Self("x", "cb-khac-007", 2026);
            // Not on the roll: counted by neither.
            store.Members.Insert(new Member { Id = "da-roi", Name = "Hà Văn Đi", CellId = "cb-thon-dong", Removed = true });
            store.Members.Insert(new Member { Id = "sap-den", Name = "Tô Thị Đến", CellId = "cb-thon-dong", ArrivingBy = "chuyen-1" });
            store.CellReviews.Insert(new CellReview { Id = CellReview.KeyOf("cb-thon-dong", 2026), CellId = "cb-thon-dong", Year = 2026, Approved = true });
            store.CellReviews.Insert(new CellReview { Id = CellReview.KeyOf("cb-thcs-yen-my", 2025), CellId = "cb-thcs-yen-my", Year = 2025, Approved = true });
            return true;
        });

        var inCommune = ReviewRollup.Build(store, commune, 2026).ToDictionary(r => r.Cell.Id, r => (r.Done, r.Members, r.SelfReviews));
        var inProvince = ReviewRollup.Build(store, province, 2026).ToDictionary(r => r.Cell.Id, r => (r.Done, r.Members, r.SelfReviews));

        Assert.Equal(4, inCommune.Count);
        Assert.Equal(254, inProvince.Count);
        Assert.Equal((true, 7, 2), inCommune["cb-thon-dong"]);
        Assert.Equal((false, 3, 1), inCommune["cb-thcs-yen-my"]); // its 2025 review is not 2026's
        foreach (var (cell, figures) in inCommune) Assert.Equal(figures, inProvince[cell]);
        Assert.Equal((false, 0, 1), inProvince["cb-khac-007"]);
    }
}
