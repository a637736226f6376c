namespace ChiBo.Rules;

/// <summary>
/// Party dues (QĐ 342-QĐ/TW, 2010): paid monthly; a member who does not pay for three months in a year without good
/// reason is considered for removal from the list (Điều lệ Đảng, Điều 8). The rule's numbers are here; amounts are data.
/// </summary>
public static class DuesRules
{
    /// <summary>Months in a year without paying that the cell must consider (Điều lệ Đảng, Điều 8).</summary>
    public const int MonthsToConsider = 3;

    /// <summary>The last month of <paramref name="year"/> that is over on <paramref name="today"/> (0 when none is; 12 for a past year).</summary>
    public static int LastMonthOver(int year, DateTime today) =>
        year < today.Year ? 12 : year > today.Year ? 0 : today.Month - 1;
}
