using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;

namespace ChiBo.Dialogs.Tests;

/// <summary>
/// Staff scope is exact: unit codes holding "_", "%" or "[" (wildcards of LiteDB's LIKE) never let the staff member of
/// one unit see or follow the cells of a look-alike unit.
/// </summary>
public sealed class ScopeTests
{
    const string Root = "/tinh-hung-yen/";

    /// <summary>Staff "can-a" of unit <paramref name="mine"/>; a look-alike unit <paramref name="other"/> with its own cell.</summary>
    static TestStore Setup(string mine, string other)
    {
        var t = new TestStore();
        foreach (var (code, name, cell) in new[] { (mine, "Đảng bộ Của Mình", "cb-minh"), (other, "Đảng bộ Bên Kia", "cb-ben-kia") })
        {
            t.Store.OrgUnits.Insert(new OrgUnit { Id = code, Name = name, ParentId = "tinh-hung-yen", Path = $"{Root}{code}/", Level = "Đảng ủy xã" });
            t.Store.Cells.Insert(new Cell
            {
                Id = cell, Name = cell == "cb-minh" ? "Chi bộ Của Mình" : "Chi bộ Bên Kia", OrgUnitId = code, Path = $"{Root}{code}/{cell}/",
                CreatedAtUtc = new DateTime(2026, 1, 1),
            });
        }
        t.Store.Members.Insert(new Member { Id = "can-a", Name = "Cán Bộ A", Roles = [new RoleGrant { Role = Role.Staff, ScopeId = mine }] });
        t.Store.Identities.Insert(new ChatIdentity { Id = ChatIdentity.KeyOf(DemoData.Channel, "can-a"), Channel = DemoData.Channel, PlatformUserId = "can-a", MemberId = "can-a" });
        return t;
    }

    [Theory]
    [InlineData("xa_a", "xa-a")]
    [InlineData("xa%", "xa-b")]
    [InlineData("xa%", "xa%b")]
    [InlineData("xa[ab]", "xaa")]
    [InlineData("xa[", "xa[b")]
    [InlineData("x_a_", "xyaz")]
    public async Task A_staff_member_sees_and_follows_only_their_own_unit_whatever_its_code(string mine, string other)
    {
        using var t = Setup(mine, other);
        var staff = t.Store.Members.FindById("can-a");
        var foreign = t.Store.Cells.FindById("cb-ben-kia");

        Assert.Equal(["cb-minh"], Authorizer.VisibleCells(t.Store, staff).Select(c => c.Id));
        Assert.Equal([mine], Authorizer.VisibleUnits(t.Store, staff).Select(u => u.Id));
        Assert.False(Authorizer.Can(t.Store, staff, Permission.ViewCellResults, foreign));
        Assert.False(Authorizer.CanViewUnit(t.Store, staff, t.Store.OrgUnits.FindById(other)));

        await t.Pipeline.HandleAsync(t.Private("can-a", "/tonghop"));
        var summary = string.Join("\n", t.Replies("can-a"));
        Assert.Contains("Chi bộ Của Mình", summary);
        Assert.DoesNotContain("Bên Kia", summary);

        foreach (var (command, refusal) in new[]
        {
            ("/ketqua Chi bộ Bên Kia", "Không tìm thấy chi bộ \"Chi bộ Bên Kia\" trong phạm vi đồng chí được xem."),
            ("/theodoi Chi bộ Bên Kia", "Không tìm thấy chi bộ \"Chi bộ Bên Kia\" trong phạm vi đồng chí phụ trách."),
            ("/tonghop Đảng bộ Bên Kia", "Đồng chí chỉ xem được tổng hợp trong phạm vi mình phụ trách; \"Đảng bộ Bên Kia\" nằm ngoài phạm vi đó."),
        })
        {
            await t.Pipeline.HandleAsync(t.Private("can-a", command));
            Assert.Equal([refusal], t.Replies("can-a"));
        }
        Assert.DoesNotContain(t.Store.Assignments.FindAll(), a => a.CellId == "cb-ben-kia");
    }
}
