using ChiBo.Dialogs.Domain;

namespace ChiBo.Dialogs.Storage;

/// <summary>
/// Demo organisation for trying the bot: one commune party committee, four cells of different types,
/// a secretary for each, members, one staff user. Console user ids are the member ids ("an", "binh"…).
/// </summary>
public static class DemoData
{
    public const string Channel = "console";
    public const string DefaultUser = "an";

    public static void SeedIfEmpty(ChiBoStore store, DateTime utcNow)
    {
        if (!store.IsEmpty) return;
        store.InTransaction(() =>
        {
            OrgUnit Unit(string id, string name, string level, OrgUnit? parent)
            {
                var u = new OrgUnit { Id = id, Name = name, Level = level, ParentId = parent?.Id, Path = $"{parent?.Path ?? "/"}{id}/" };
                store.OrgUnits.Insert(u);
                return u;
            }
            var province = Unit("tinh-hung-yen", "Đảng bộ tỉnh Hưng Yên", "Tỉnh ủy", null);
            var commune = Unit("xa-yen-my", "Đảng bộ xã Yên Mỹ", "Đảng ủy xã", province);

            Cell AddCell(string id, string name, CellType type, int day, string time, string venue)
            {
                var c = new Cell { Id = id, Name = name, OrgUnitId = commune.Id, Path = $"{commune.Path}{id}/", Type = type, MeetingDay = day, MeetingTime = time, Venue = venue, CreatedAtUtc = utcNow };
                store.Cells.Insert(c);
                store.GroupChats.Insert(new GroupChat { Id = GroupChat.KeyOf(Channel, $"nhom-{id}"), Channel = Channel, ChatId = $"nhom-{id}", CellId = id, LinkedBy = "demo", LinkedAtUtc = utcNow });
                return c;
            }
            var dong = AddCell("cb-thon-dong", "Chi bộ thôn Đông", CellType.RESIDENTIAL, 3, "19:30", "Nhà văn hóa thôn Đông");
            var thcs = AddCell("cb-thcs-yen-my", "Chi bộ Trường THCS Yên Mỹ", CellType.PUBLIC_SERVICE_UNIT, 5, "16:30", "Phòng họp nhà trường");
            var may = AddCell("cb-cty-may", "Chi bộ Công ty May Yên Mỹ", CellType.ENTERPRISE, 10, "15:00", "Hội trường công ty");
            var ubnd = AddCell("cb-ubnd-xa", "Chi bộ Cơ quan UBND xã", CellType.ADMIN_AGENCY, 2, "14:00", "Phòng họp UBND xã");

            void Add(string id, string name, Cell? cell, MemberStatus status = MemberStatus.Full, params RoleGrant[] roles)
            {
                var grants = roles.ToList();
                if (cell is not null) grants.Add(new RoleGrant { Role = Role.Member, ScopeId = cell.Id });
                store.Members.Insert(new Member { Id = id, Name = name, CellId = cell?.Id, Status = status, Roles = grants });
                store.Identities.Insert(new ChatIdentity { Id = ChatIdentity.KeyOf(Channel, id), Channel = Channel, PlatformUserId = id, MemberId = id });
            }
            RoleGrant Sec(Cell c) => new() { Role = Role.Secretary, ScopeId = c.Id };
            RoleGrant Dep(Cell c) => new() { Role = Role.Deputy, ScopeId = c.Id };

            Add("an", "Nguyễn Văn An", dong, MemberStatus.Full, Sec(dong));
            Add("hoa", "Lê Thị Hoa", dong, MemberStatus.Full, Dep(dong));
            Add("minh", "Trần Văn Minh", dong);
            Add("lan", "Phạm Thị Lan", dong);
            Add("tuan", "Đỗ Văn Tuấn", dong, MemberStatus.Probationary);
            Add("thu", "Vũ Thị Thu", dong);
            Add("kien", "Hoàng Văn Kiên", dong, MemberStatus.Exempt);
            Add("binh", "Trần Thị Bình", thcs, MemberStatus.Full, Sec(thcs));
            Add("nga", "Nguyễn Thị Nga", thcs);
            Add("son", "Bùi Văn Sơn", thcs);
            Add("cuong", "Lê Văn Cường", may, MemberStatus.Full, Sec(may));
            Add("hai", "Ngô Văn Hải", may);
            Add("yen", "Đinh Thị Yến", may);
            Add("long", "Phan Văn Long", ubnd, MemberStatus.Full, Sec(ubnd));
            Add("mai", "Trịnh Thị Mai", ubnd);
            Add("dung", "Phạm Thị Dung", null, MemberStatus.Full, new RoleGrant { Role = Role.Staff, ScopeId = commune.Id });
            Add("admin", "Quản trị hệ thống", null, MemberStatus.Full, new RoleGrant { Role = Role.Admin });
            // The commune's staff member attends two cells' regular meetings and reports on them.
            foreach (var c in new[] { dong, may })
                store.Assignments.Insert(new AttendanceAssignment { Id = AttendanceAssignment.KeyOf("dung", c.Id), StaffId = "dung", CellId = c.Id, AssignedBy = "demo", AssignedAtUtc = utcNow });
        });
    }
}
