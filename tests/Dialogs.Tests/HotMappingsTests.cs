using System.Collections;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using LiteDB;

namespace ChiBo.Dialogs.Tests;

/// <summary>
/// The session, the chat's state, the outbox's messages, identities, members and cells are mapped by hand (<see cref="HotMappings"/>): stored exactly as LiteDB's own mapper
/// stores them, and read back the same, so documents written before and after read alike.
/// </summary>
public sealed class HotMappingsTests
{
    static readonly BsonMapper Hot = ChiBoStore.NewMapper(), Plain = ChiBoStore.NewMapper(hotMappings: false);

    public static TheoryData<string, object> Documents => new()
    {
        { "a session, every property set", Filled(new DialogSession()) },
        { "a new session", new DialogSession() },
        { "a session with a null answer and nulls", new DialogSession { Id = "telegram:1", Flow = null!, Answers = new() { ["ghi_chu"] = null! } } },
        { "a session without answers", new DialogSession { Answers = null! } },
        { "a chat's state, every property set", Filled(new ChatState()) },
        { "a new chat's state", new ChatState() },
        { "a chat's state without an offer", new ChatState { Id = "zalo:x", Offered = null! } },
        { "an outbox message, every property set", Filled(new OutboxMessage()) },
        { "a new outbox message", new OutboxMessage() },
        { "an outbox message without lists", new OutboxMessage { Id = 7, Choices = null!, PlatformMessageIds = null!, Text = null! } },
        { "an identity, every property set", Filled(new ChatIdentity()) },
        { "a new identity", new ChatIdentity() },
        { "a cell, every property set", Filled(new Cell()) },
        { "a new cell", new Cell() },
        { "a member, every property set (its history, probation, disciplines and departure too)", Filled(new Member()) },
        { "a new member", new Member() },
        { "a member with nulls", new Member { Id = "m1", Name = null!, Roles = null!, Disciplines = null!, History = null!, CardNumber = null! } },
        { "a member with a role of no scope and a null role", new Member { Id = "m2", Roles = [new RoleGrant { Role = Role.Secretary }, null!] } },
    };

    [Theory, MemberData(nameof(Documents))]
    public void Stored_and_read_as_LiteDB_s_own_mapper_does(string what, object value)
    {
        var type = value.GetType();
        var plain = Plain.ToDocument(type, value);
        var hot = Hot.ToDocument(type, value);
        Assert.True(Bson(plain) == Bson(hot), $"{what}: written\n{JsonSerializer.Serialize(hot)}\nLiteDB writes\n{JsonSerializer.Serialize(plain)}");
        // Read back (from what LiteDB wrote, as an older database holds it): the same object.
        Assert.Equal(JsonSerializer.Serialize(Plain.ToDocument(type, Plain.ToObject(type, plain))), JsonSerializer.Serialize(Plain.ToDocument(type, Hot.ToObject(type, plain))));
    }

    [Fact]
    public void A_document_missing_fields_reads_with_the_defaults()
    {
        var doc = new BsonDocument { ["_id"] = "telegram:9", ["Step"] = "venue", ["Unknown"] = 3 };
        Assert.Equal(JsonSerializer.Serialize(Plain.ToDocument(Plain.ToObject<DialogSession>(doc))), JsonSerializer.Serialize(Plain.ToDocument(Hot.ToObject<DialogSession>(doc))));
        var state = new BsonDocument { ["_id"] = "telegram:9", ["PromptSeq"] = 5 }; // a number stored as Int32
        Assert.Equal(5, Hot.ToObject<ChatState>(state).PromptSeq);
        Assert.Empty(Hot.ToObject<ChatState>(state).Offered);
    }

    static string Bson(BsonDocument d) => Convert.ToHexString(BsonSerializer.Serialize(d));

    /// <summary>Every public settable property set to a value unlike its default (a type not known here fails the test).</summary>
    static T Filled<T>(T value) where T : class
    {
        foreach (var p in value.GetType().GetProperties().Where(p => p.CanWrite))
            p.SetValue(value, Sample(p.PropertyType, p.Name));
        return value;
    }

    static bool IsOurs(Type type) => type.IsClass && type.Namespace?.StartsWith("ChiBo", StringComparison.Ordinal) == true;

    static object Sample(Type type, string name)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return $"{name} — giá trị";
        if (type == typeof(int)) return name.Length + 3;
        if (type == typeof(long)) return 5_000_000_000L + name.Length;
        if (type == typeof(bool)) return true;
        if (type == typeof(DateTime)) return new DateTime(2026, 12, 5, 8, 9, 10, 123, DateTimeKind.Utc).AddDays(name.Length);
        if (type == typeof(Dictionary<string, string>)) return new Dictionary<string, string> { ["ngay"] = "03/12/2026", ["dia diem"] = "Nhà văn hóa" };
        if (type == typeof(List<Choice>)) return new List<Choice> { new("1:0", "Có"), new("1:1", "Không") };
        if (type == typeof(List<string>)) return new List<string> { "101", "102" };
        if (type.IsEnum) return Enum.GetValues(type).GetValue(Enum.GetValues(type).Length - 1)!;
        // The member's parts (roles, disciplines, departure, probation, history): filled too, one item in a list.
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) && IsOurs(type.GetGenericArguments()[0]))
        {
            var list = (IList)Activator.CreateInstance(type)!;
            list.Add(Sample(type.GetGenericArguments()[0], name));
            return list;
        }
        if (IsOurs(type) && type.GetConstructor(Type.EmptyTypes) is not null) return Filled(Activator.CreateInstance(type)!);
        throw new NotSupportedException($"{name}: {type} — give it a sample here and map it in HotMappings.");
    }
}
