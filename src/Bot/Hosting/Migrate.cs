using ChiBo.Dialogs.Storage;
using LiteDB;

namespace ChiBo.Bot.Hosting;

/// <summary>
/// <c>ChiBo.Bot migrate &lt;chibo.db&gt;</c>: copies a LiteDB database into PostgreSQL (ConnectionStrings__ChiBo, schema
/// Storage__Schema) in one transaction, then counts each collection on both sides and prints them. The target schema must
/// hold no organisation yet; the LiteDB file is only read.
/// </summary>
public static class Migrate
{
    public static int Run(string source, IConfiguration config, TextWriter output, TextWriter error)
    {
        if (!File.Exists(source))
        {
            error.WriteLine($"Không có tệp cơ sở dữ liệu \"{source}\".");
            return 1;
        }
        if (config.GetConnectionString("ChiBo") is not { Length: > 0 } connection)
        {
            error.WriteLine("Cần chuỗi kết nối PostgreSQL: đặt ConnectionStrings__ChiBo=\"Host=…;Database=…;Username=…;Password=…\".");
            return 2;
        }
        var schema = config["Storage:Schema"] ?? new StorageOptions().Schema;
        LiteDatabase from;
        try { from = new LiteDatabase($"Filename={source};Connection=direct;ReadOnly=true"); }
        catch (Exception ex) when (ex is LiteException or IOException or InvalidCastException or NotSupportedException)
        {
            error.WriteLine($"Không đọc được \"{source}\": {(ex is NotSupportedException ? "không phải tệp cơ sở dữ liệu của bot" : ex.Message)}");
            return 1;
        }
        using (from)
        {
            ChiBoStore to;
            try { to = ChiBoStore.OnPostgres(connection, schema); }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or ArgumentException)
            {
                error.WriteLine($"Không kết nối được PostgreSQL: {ex.Message}");
                return 1;
            }
            using (to)
            {
                if (!to.IsEmpty)
                {
                    error.WriteLine($"Lược đồ \"{schema}\" đã có dữ liệu của bot: chỉ chép vào một lược đồ trống (đặt Storage__Schema khác, hoặc xóa lược đồ cũ).");
                    return 1;
                }
                var names = from.GetCollectionNames().Order(StringComparer.Ordinal).ToList();
                output.WriteLine($"Chép {source} → PostgreSQL, lược đồ \"{schema}\" ({names.Count} bộ sưu tập)…");
                try
                {
                    to.InTransaction(() =>
                    {
                        foreach (var name in names)
                            to.Collection<BsonDocument>(name).Insert(from.GetCollection(name).FindAll());
                    });
                }
                catch (Exception ex) when (ex is Npgsql.NpgsqlException or ArgumentException or NotSupportedException or InvalidOperationException)
                {
                    error.WriteLine($"Chép không thành, PostgreSQL không giữ gì của lần chép này: {ex.Message}");
                    return 1;
                }
                var differ = 0;
                output.WriteLine($"{"bộ sưu tập",-26} {"LiteDB",9} {"PostgreSQL",11}");
                foreach (var name in names)
                {
                    var (a, b) = (from.GetCollection(name).Count(), to.Collection<BsonDocument>(name).Count());
                    if (a != b) differ++;
                    output.WriteLine($"{name,-26} {a,9} {b,11}{(a == b ? "" : "  ← KHÁC")}");
                }
                if (differ > 0)
                {
                    error.WriteLine($"{differ} bộ sưu tập có số tài liệu khác nhau: đừng chuyển bot sang PostgreSQL; xem lỗi ở trên.");
                    return 1;
                }
                output.WriteLine("Xong: số tài liệu khớp. Chạy bot với Storage__Provider=postgres và cùng ConnectionStrings__ChiBo, Storage__Schema.");
                return 0;
            }
        }
    }
}
