using ChiBo.Dialogs.Storage;
using ChiBo.Rules;

namespace ChiBo.Dialogs.Domain;

/// <summary>A member's dues for one month, as the cell recorded them (one record per member and month; paid ahead: later months).</summary>
public sealed class DuesPayment
{
    /// <summary>"memberId:yyyy-MM"</summary>
    public string Id { get; set; } = "";
    public string MemberId { get; set; } = "";
    public string CellId { get; set; } = "";
    /// <summary>The month paid for, "yyyy-MM".</summary>
    public string Month { get; set; } = "";
    /// <summary>In đồng.</summary>
    public long Amount { get; set; }
    /// <summary>The day it was handed over (Vietnam calendar).</summary>
    public DateTime PaidOn { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAtUtc { get; set; }

    public static string KeyOf(string memberId, string month) => $"{memberId}:{month}";
}

/// <summary>A member behind with dues in a year: the months owed and not paid (Điều lệ Đảng, Điều 8, from three).</summary>
public sealed record DuesArrear(Member Member, IReadOnlyList<int> Months);

/// <summary>What the dues book says for a cell: payments by month, who owes which months of a year.</summary>
public static class DuesBook
{
    /// <summary>The cell's payments for the months from <paramref name="first"/> to <paramref name="last"/> ("yyyy-MM", both included).</summary>
    public static List<DuesPayment> Between(ChiBoStore store, string cellId, string first, string last) =>
        store.DuesPayments.Find(p => p.CellId == cellId).FindAll(p => string.CompareOrdinal(p.Month, first) >= 0 && string.CompareOrdinal(p.Month, last) <= 0);

    /// <summary>The cell's payments for the months of a year.</summary>
    public static List<DuesPayment> OfYear(ChiBoStore store, string cellId, int year) => Between(store, cellId, $"{year}-01", $"{year}-12");

    /// <summary>
    /// Of the months given ("yyyy-MM"), those the member owed the cell and has not paid: from the first month of the cell's
    /// book here, the member's admission and their arrival in the cell; none for a member exempt from dues.
    /// </summary>
    public static List<string> UnpaidIn(Cell cell, Member member, IEnumerable<string> months, IEnumerable<DuesPayment> payments)
    {
        if (cell.DuesSince is not { } since || member.DuesPerMonth == 0) return [];
        var from = new[] { since, member.AdmittedOn?.ToString("yyyy-MM") ?? "", member.InCellSince?.ToString("yyyy-MM") ?? "" }.Max(StringComparer.Ordinal)!;
        var paid = payments.Where(p => p.MemberId == member.Id).Select(p => p.Month).ToHashSet();
        return months.Where(k => string.CompareOrdinal(k, from) >= 0 && !paid.Contains(k)).ToList();
    }

    /// <summary>The months of <paramref name="year"/> the member owed and has not paid, up to the last month that is over.</summary>
    public static IReadOnlyList<int> Unpaid(Cell cell, Member member, int year, DateTime today, IEnumerable<DuesPayment> payments) =>
        UnpaidIn(cell, member, Enumerable.Range(1, DuesRules.LastMonthOver(year, today)).Select(m => $"{year}-{m:00}"), payments)
            .Select(k => int.Parse(k[5..])).ToList();

    /// <summary>The cell's members who owe <see cref="DuesRules.MonthsToConsider"/> months or more of the year.</summary>
    public static List<DuesArrear> Arrears(Cell cell, IEnumerable<Member> roll, int year, DateTime today, IReadOnlyCollection<DuesPayment> payments) =>
        roll.Select(m => new DuesArrear(m, Unpaid(cell, m, year, today, payments)))
            .Where(a => a.Months.Count >= DuesRules.MonthsToConsider).ToList();

    /// <summary>"tháng 3, 7, 9": months of one year.</summary>
    public static string MonthList(IEnumerable<int> months) => "tháng " + string.Join(", ", months);
}
