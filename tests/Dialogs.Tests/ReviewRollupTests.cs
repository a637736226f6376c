using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Summaries;

namespace ChiBo.Dialogs.Tests;

public sealed class ReviewRollupTests
{
    [Fact]
    public void A_commune_and_the_province_count_a_cells_review_and_self_reviews_alike()
    {
        using var t = new TestStore();
        var store = t.Store;
        var province = store.OrgUnits.FindById("tinh-hung-yen")!;
        var commune = store.OrgUnits.FindById("xa-yen-my")!;
        // A second commune of 250 cells: the province is read a year at a time, the commune cell by cell.
        var other = new OrgUnit { Id = "xa-khac", Name = "Đảng bộ xã Khác", Level = "Đảng ủy xã", ParentId = province.Id, Path = $"{province.Path}xa-khac/" };
        store.InTransaction(() =>
        {
            store.OrgUnits.Insert(other);
            for (var i = 0; i < 250; i++)
                store.Cells.Insert(new Cell { Id = $"cb-khac-{i:000}", Name = $"Chi bộ {i:000}", OrgUnitId = other.Id, Path = $"{other.Path}cb-khac-{i:000}/" });
            void Self(string member, string cell, int year) =>
                store.SelfReviews.Insert(new SelfReview { Id = SelfReview.KeyOf(member, year), MemberId = member, CellId = cell, Year = year });
            Self("an", "cb-thon-dong", 2026);
            Self("hoa", "cb-thon-dong", 2026);
            Self("an", "cb-thon-dong", 2025); // another year
            Self("binh", "cb-thcs-yen-my", 2026);
            Self("x", "cb-khac-007", 2026);
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
