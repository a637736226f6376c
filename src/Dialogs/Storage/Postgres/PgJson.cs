using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LiteDB;

namespace ChiBo.Dialogs.Storage.Postgres;

/// <summary>
/// Documents as JSON for PostgreSQL, mapped by the same <see cref="BsonMapper"/> as the LiteDB file (one set of rules
/// for dates, enums and ignored fields): what JSON lacks is written as LiteDB writes it — {"$date": "…Z"} (fixed width,
/// so dates compare as text), {"$numberLong": "…"}, {"$numberDecimal": "…"}, {"$guid": "…"}, {"$binary": "…"}.
/// </summary>
public static class PgJson
{
    /// <summary>A date as stored: UTC, seven decimals, so the text orders as the time.</summary>
    public static string DateText(DateTime d) =>
        DateTime.SpecifyKind(d, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static string Write(BsonDocument doc)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer)) Write(w, doc);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    static void Write(Utf8JsonWriter w, BsonValue v)
    {
        switch (v.Type)
        {
            case BsonType.Null: case BsonType.MinValue: case BsonType.MaxValue: w.WriteNullValue(); break;
            case BsonType.Boolean: w.WriteBooleanValue(v.AsBoolean); break;
            case BsonType.Int32: w.WriteNumberValue(v.AsInt32); break;
            case BsonType.Double: WriteDouble(w, v.AsDouble); break;
            case BsonType.String: w.WriteStringValue(v.AsString); break;
            case BsonType.Int64: Extended(w, "$numberLong", v.AsInt64.ToString(CultureInfo.InvariantCulture)); break;
            case BsonType.Decimal: Extended(w, "$numberDecimal", v.AsDecimal.ToString(CultureInfo.InvariantCulture)); break;
            case BsonType.DateTime: Extended(w, "$date", DateText(v.AsDateTime.ToUniversalTime())); break;
            case BsonType.Guid: Extended(w, "$guid", v.AsGuid.ToString()); break;
            case BsonType.Binary: Extended(w, "$binary", Convert.ToBase64String(v.AsBinary)); break;
            case BsonType.ObjectId: Extended(w, "$oid", v.AsObjectId.ToString()); break;
            case BsonType.Array:
                w.WriteStartArray();
                foreach (var item in v.AsArray) Write(w, item);
                w.WriteEndArray();
                break;
            case BsonType.Document:
                w.WriteStartObject();
                foreach (var (key, value) in v.AsDocument)
                {
                    w.WritePropertyName(key);
                    Write(w, value);
                }
                w.WriteEndObject();
                break;
            default: throw new NotSupportedException($"BSON {v.Type}");
        }
    }

    /// <summary>A double keeps a decimal point (100.0, not 100), so it reads back as a double, not an int.</summary>
    static void WriteDouble(Utf8JsonWriter w, double d)
    {
        if (!double.IsFinite(d)) { Extended(w, "$numberDouble", d.ToString("R", CultureInfo.InvariantCulture)); return; }
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        w.WriteRawValue(text.AsSpan().IndexOfAny('.', 'E', 'e') >= 0 ? text : text + ".0");
    }

    static void Extended(Utf8JsonWriter w, string name, string value)
    {
        w.WriteStartObject();
        w.WriteString(name, value);
        w.WriteEndObject();
    }

    public static BsonDocument Read(string json)
    {
        using var parsed = JsonDocument.Parse(json);
        return Read(parsed.RootElement).AsDocument;
    }

    static BsonValue Read(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Null: case JsonValueKind.Undefined: return BsonValue.Null;
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.String: return e.GetString();
            case JsonValueKind.Number:
                return e.TryGetInt32(out var i) && !e.GetRawText().Contains('.') ? new BsonValue(i) : new BsonValue(e.GetDouble());
            case JsonValueKind.Array: return new BsonArray(e.EnumerateArray().Select(Read));
        }
        var props = e.EnumerateObject().ToList();
        if (props is [{ Name: ['$', ..] } only] && only.Value.ValueKind == JsonValueKind.String)
        {
            var s = only.Value.GetString()!;
            switch (only.Name)
            {
                case "$date": return new BsonValue(DateTime.SpecifyKind(DateTime.ParseExact(s, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture), DateTimeKind.Utc));
                case "$numberDouble": return new BsonValue(double.Parse(s, CultureInfo.InvariantCulture));
                case "$numberLong": return new BsonValue(long.Parse(s, CultureInfo.InvariantCulture));
                case "$numberDecimal": return new BsonValue(decimal.Parse(s, CultureInfo.InvariantCulture));
                case "$guid": return new BsonValue(Guid.Parse(s));
                case "$binary": return new BsonValue(Convert.FromBase64String(s));
                case "$oid": return new BsonValue(new ObjectId(s));
            }
        }
        var doc = new BsonDocument();
        foreach (var p in props) doc[p.Name] = Read(p.Value);
        return doc;
    }
}
