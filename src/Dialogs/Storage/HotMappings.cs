using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using LiteDB;

namespace ChiBo.Dialogs.Storage;

/// <summary>
/// Hand-written mappings for the documents every turn reads and writes: a chat's session and its state, the outbox's
/// messages, and who writes (identity, member, cell). LiteDB's mapper
/// walks each member by reflection (~6 µs to read a session of twenty answers, ~5 µs to write it; ~3 µs each way for
/// a chat's state); these do the same in a fraction of that. They write exactly what LiteDB's mapper writes (names,
/// order, types, null members left out) and read what it reads (<c>HotMappingsTests</c> compares both on every
/// property: a property added to these classes fails there until it is added here).
/// </summary>
public static class HotMappings
{
    public static void Register(BsonMapper mapper, Func<DateTime, BsonValue> date, Func<BsonValue, DateTime> readDate)
    {
        mapper.RegisterType(s => Session(s, date), v => Session(v.AsDocument, readDate));
        mapper.RegisterType(s => State(s, date), v => State(v.AsDocument, readDate));
        mapper.RegisterType(c => Choice(c), v => Choice(v.AsDocument));
        mapper.RegisterType(m => Outbox(m, date), v => Outbox(v.AsDocument, readDate));
        mapper.RegisterType(i => Identity(i, date), v => Identity(v.AsDocument, readDate));
        mapper.RegisterType(c => Cell(c, date, mapper), v => Cell(v.AsDocument, readDate, mapper));
        // A member's rarer parts (disciplines, departure, probation, history) by LiteDB's own mapper: mostly empty.
        mapper.RegisterType(m => Member(m, date, mapper), v => Member(v.AsDocument, readDate, mapper));
    }

    // Who a platform user is: read by every turn (then the member).
    static BsonDocument Identity(ChatIdentity i, Func<DateTime, BsonValue> date)
    {
        var d = new BsonDocument();
        Put(d, "_id", i.Id);
        Put(d, "Channel", i.Channel);
        Put(d, "PlatformUserId", i.PlatformUserId);
        Put(d, "MemberId", i.MemberId);
        if (i.BlockedAtUtc is { } blocked) d["BlockedAtUtc"] = date(blocked);
        return d;
    }

    static ChatIdentity Identity(BsonDocument d, Func<BsonValue, DateTime> readDate)
    {
        var i = new ChatIdentity();
        foreach (var (name, v) in d)
            switch (name)
            {
                case "_id": i.Id = Text(v)!; break;
                case "Channel": i.Channel = Text(v)!; break;
                case "PlatformUserId": i.PlatformUserId = Text(v)!; break;
                case "MemberId": i.MemberId = Text(v)!; break;
                case "BlockedAtUtc": i.BlockedAtUtc = v.IsNull ? null : readDate(v); break;
            }
        return i;
    }

    // A cell: read by every step of a flow.
    static BsonDocument Cell(Cell c, Func<DateTime, BsonValue> date, BsonMapper mapper)
    {
        var d = new BsonDocument();
        Put(d, "_id", c.Id);
        Put(d, "Name", c.Name);
        Put(d, "OrgUnitId", c.OrgUnitId);
        Put(d, "Path", c.Path);
        d["Type"] = c.Type.ToString();
        d["MeetingDay"] = c.MeetingDay;
        if (c.MeetingWeekday is { } weekday) d["MeetingWeekday"] = weekday;
        if (c.MeetingWeek is { } week) d["MeetingWeek"] = week;
        Put(d, "MeetingTime", c.MeetingTime);
        Put(d, "Venue", c.Venue);
        d["CreatedAtUtc"] = date(c.CreatedAtUtc);
        Put(d, "DuesSince", c.DuesSince);
        Put(d, "DuesCollectorId", c.DuesCollectorId);
        if (c.MinMinutes is { } min) d["MinMinutes"] = min;
        Put(d, "MinMinutesBasis", c.MinMinutesBasis);
        if (c.Moved is { } moved) d["Moved"] = mapper.Serialize(typeof(List<MovedMeeting>), moved);
        if (c.Called is { } called) d["Called"] = mapper.Serialize(typeof(List<CalledMeeting>), called);
        return d;
    }

    static Cell Cell(BsonDocument d, Func<BsonValue, DateTime> readDate, BsonMapper mapper)
    {
        var c = new Cell();
        foreach (var (name, v) in d)
            switch (name)
            {
                case "_id": c.Id = Text(v)!; break;
                case "Name": c.Name = Text(v)!; break;
                case "OrgUnitId": c.OrgUnitId = Text(v)!; break;
                case "Path": c.Path = Text(v)!; break;
                case "Type": c.Type = EnumOf<CellType>(v); break;
                case "MeetingDay": c.MeetingDay = v.AsInt32; break;
                case "MeetingWeekday": c.MeetingWeekday = v.IsNull ? null : v.AsInt32; break;
                case "MeetingWeek": c.MeetingWeek = v.IsNull ? null : v.AsInt32; break;
                case "MeetingTime": c.MeetingTime = Text(v)!; break;
                case "Venue": c.Venue = Text(v)!; break;
                case "CreatedAtUtc": c.CreatedAtUtc = readDate(v); break;
                case "DuesSince": c.DuesSince = Text(v); break;
                case "DuesCollectorId": c.DuesCollectorId = Text(v); break;
                case "MinMinutes": c.MinMinutes = v.IsNull ? null : v.AsInt32; break;
                case "MinMinutesBasis": c.MinMinutesBasis = Text(v)!; break;
                case "Moved": c.Moved = v.IsNull ? null : Rare<List<MovedMeeting>>(v, mapper); break;
                case "Called": c.Called = v.IsNull ? null : Rare<List<CalledMeeting>>(v, mapper); break;
            }
        return c;
    }

    // A member: read by every turn (who is writing), and a cell's roster by many steps.
    static BsonDocument Member(Member m, Func<DateTime, BsonValue> date, BsonMapper mapper)
    {
        var d = new BsonDocument();
        Put(d, "_id", m.Id);
        Put(d, "Name", m.Name);
        Put(d, "CellId", m.CellId);
        d["Status"] = m.Status.ToString();
        if (m.Roles is { } roles) d["Roles"] = new BsonArray(roles.Select(r => r is null ? BsonValue.Null : Role(r)));
        d["Removed"] = m.Removed;
        d["MutedReminders"] = m.MutedReminders;
        if (m.BirthDate is { } birth) d["BirthDate"] = date(birth);
        if (m.AdmittedOn is { } admitted) d["AdmittedOn"] = date(admitted);
        if (m.FullMemberOn is { } full) d["FullMemberOn"] = date(full);
        Put(d, "CardNumber", m.CardNumber);
        d["SelfDeclared"] = m.SelfDeclared;
        if (m.Disciplines is { } disciplines) d["Disciplines"] = mapper.Serialize(typeof(List<Discipline>), disciplines);
        if (m.Departure is { } departure) d["Departure"] = mapper.Serialize(typeof(Departure), departure);
        if (m.Probation is { } probation) d["Probation"] = mapper.Serialize(typeof(Probation), probation);
        if (m.History is { } history) d["History"] = mapper.Serialize(typeof(List<MemberEvent>), history);
        if (m.DuesPerMonth is { } dues) d["DuesPerMonth"] = dues;
        if (m.InCellSince is { } since) d["InCellSince"] = date(since);
        Put(d, "ArrivingBy", m.ArrivingBy);
        if (m.Suspension is { } suspension) d["Suspension"] = mapper.Serialize(typeof(Suspension), suspension);
        if (m.PastSuspensions is { } past) d["PastSuspensions"] = mapper.Serialize(typeof(List<Suspension>), past);
        return d;
    }

    static BsonDocument Role(RoleGrant r)
    {
        var d = new BsonDocument { ["Role"] = r.Role.ToString() };
        Put(d, "ScopeId", r.ScopeId);
        return d;
    }

    static Member Member(BsonDocument d, Func<BsonValue, DateTime> readDate, BsonMapper mapper)
    {
        var m = new Member();
        foreach (var (name, v) in d)
            switch (name)
            {
                case "_id": m.Id = Text(v)!; break;
                case "Name": m.Name = Text(v)!; break;
                case "CellId": m.CellId = Text(v); break;
                case "Status": m.Status = EnumOf<MemberStatus>(v); break;
                case "Roles": m.Roles = v.IsNull ? null! : v.AsArray.Select(r => r.IsNull ? null! : Role(r.AsDocument)).ToList(); break;
                case "Removed": m.Removed = v.AsBoolean; break;
                case "MutedReminders": m.MutedReminders = v.AsBoolean; break;
                case "BirthDate": m.BirthDate = v.IsNull ? null : readDate(v); break;
                case "AdmittedOn": m.AdmittedOn = v.IsNull ? null : readDate(v); break;
                case "FullMemberOn": m.FullMemberOn = v.IsNull ? null : readDate(v); break;
                case "CardNumber": m.CardNumber = Text(v)!; break;
                case "SelfDeclared": m.SelfDeclared = v.AsBoolean; break;
                case "Disciplines": m.Disciplines = Rare<List<Discipline>>(v, mapper); break;
                case "Departure": m.Departure = (Departure?)mapper.Deserialize(typeof(Departure), v); break;
                case "Probation": m.Probation = (Probation?)mapper.Deserialize(typeof(Probation), v); break;
                case "History": m.History = Rare<List<MemberEvent>>(v, mapper); break;
                case "DuesPerMonth": m.DuesPerMonth = v.IsNull ? null : v.AsInt64; break;
                case "InCellSince": m.InCellSince = v.IsNull ? null : readDate(v); break;
                case "ArrivingBy": m.ArrivingBy = Text(v); break;
                case "Suspension": m.Suspension = (Suspension?)mapper.Deserialize(typeof(Suspension), v); break;
                case "PastSuspensions": m.PastSuspensions = Rare<List<Suspension>>(v, mapper); break;
            }
        return m;
    }

    // A member's list most members have empty: made here when it is (LiteDB's mapper costs more than the rest of the member).
    static T Rare<T>(BsonValue v, BsonMapper mapper) where T : class, System.Collections.IList, new() =>
        v.IsArray && v.AsArray.Count == 0 ? new T() : (T)mapper.Deserialize(typeof(T), v);

    static RoleGrant Role(BsonDocument d)
    {
        var r = new RoleGrant();
        foreach (var (name, v) in d)
            switch (name)
            {
                case "Role": r.Role = EnumOf<Role>(v); break;
                case "ScopeId": r.ScopeId = Text(v); break;
            }
        return r;
    }

    // An outbox message: written by every turn's reply and again by the sender's mark.
    static BsonDocument Outbox(OutboxMessage m, Func<DateTime, BsonValue> date)
    {
        var d = new BsonDocument { ["_id"] = m.Id };
        Put(d, "Channel", m.Channel);
        Put(d, "ChatId", m.ChatId);
        d["Kind"] = m.Kind.ToString();
        d["IsGroup"] = m.IsGroup;
        Put(d, "TargetMessageId", m.TargetMessageId);
        Put(d, "Text", m.Text);
        if (m.Choices is { } choices) d["Choices"] = Choices(choices);
        d["ChoicesOnly"] = m.ChoicesOnly;
        d["NumberedSuggestions"] = m.NumberedSuggestions;
        Put(d, "FilePath", m.FilePath);
        Put(d, "Tag", m.Tag);
        d["TagKeys"] = new BsonArray(m.TagKeys.Select(k => new BsonValue(k))); // what the index reads (StoreIndexes.Listed)
        d["Notice"] = m.Notice;
        if (m.ExpiresAtUtc is { } expires) d["ExpiresAtUtc"] = date(expires);
        d["Status"] = m.Status.ToString();
        d["Attempts"] = m.Attempts;
        d["CreatedAtUtc"] = date(m.CreatedAtUtc);
        d["NextAttemptUtc"] = date(m.NextAttemptUtc);
        if (m.SentAtUtc is { } sent) d["SentAtUtc"] = date(sent);
        Put(d, "LastError", m.LastError);
        d["PartsSent"] = m.PartsSent;
        if (m.PlatformMessageIds is { } ids) d["PlatformMessageIds"] = new BsonArray(ids.Select(i => i is null ? BsonValue.Null : new BsonValue(i)));
        Put(d, "EditedText", m.EditedText);
        return d;
    }

    static OutboxMessage Outbox(BsonDocument d, Func<BsonValue, DateTime> readDate)
    {
        var m = new OutboxMessage();
        foreach (var (name, v) in d)
            switch (name)
            {
                case "_id": m.Id = v.AsInt64; break;
                case "Channel": m.Channel = Text(v)!; break;
                case "ChatId": m.ChatId = Text(v)!; break;
                case "Kind": m.Kind = EnumOf<OutboxKind>(v); break;
                case "IsGroup": m.IsGroup = v.AsBoolean; break;
                case "TargetMessageId": m.TargetMessageId = Text(v); break;
                case "Text": m.Text = Text(v)!; break;
                case "Choices": m.Choices = Choices(v); break;
                case "ChoicesOnly": m.ChoicesOnly = v.AsBoolean; break;
                case "NumberedSuggestions": m.NumberedSuggestions = v.AsBoolean; break;
                case "FilePath": m.FilePath = Text(v); break;
                case "Tag": m.Tag = Text(v); break;
                case "Notice": m.Notice = v.AsBoolean; break;
                case "ExpiresAtUtc": m.ExpiresAtUtc = v.IsNull ? null : readDate(v); break;
                case "Status": m.Status = EnumOf<OutboxStatus>(v); break;
                case "Attempts": m.Attempts = v.AsInt32; break;
                case "CreatedAtUtc": m.CreatedAtUtc = readDate(v); break;
                case "NextAttemptUtc": m.NextAttemptUtc = readDate(v); break;
                case "SentAtUtc": m.SentAtUtc = v.IsNull ? null : readDate(v); break;
                case "LastError": m.LastError = Text(v); break;
                case "PartsSent": m.PartsSent = v.AsInt32; break;
                case "PlatformMessageIds": m.PlatformMessageIds = v.IsNull ? null! : v.AsArray.Select(i => Text(i)!).ToList(); break;
                case "EditedText": m.EditedText = Text(v); break;
            }
        return m;
    }

    static BsonDocument State(ChatState s, Func<DateTime, BsonValue> date)
    {
        var d = new BsonDocument();
        Put(d, "_id", s.Id);
        d["PromptSeq"] = s.PromptSeq;
        if (s.Offered is { } offered) d["Offered"] = Choices(offered);
        d["ChoicesOnly"] = s.ChoicesOnly;
        d["NumberedSuggestions"] = s.NumberedSuggestions;
        Put(d, "AnswerCommand", s.AnswerCommand);
        if (s.LastUpdate is { } last) d["LastUpdate"] = last;
        if (s.LastUpdateAtUtc is { } at) d["LastUpdateAtUtc"] = date(at);
        if (s.Session is { } session) d["Session"] = Session(session, date);
        if (s.Parked is { } parked) d["Parked"] = Session(parked, date);
        d["Backlogged"] = s.Backlogged;
        return d;
    }

    static void Put(BsonDocument d, string name, string? value)
    {
        if (value is not null) d[name] = value;
    }

    static BsonDocument Session(DialogSession s, Func<DateTime, BsonValue> date)
    {
        var d = new BsonDocument();
        Put(d, "_id", s.Id);
        Put(d, "Flow", s.Flow);
        d["FlowVersion"] = s.FlowVersion;
        Put(d, "TemplateId", s.TemplateId);
        Put(d, "TemplateVersion", s.TemplateVersion);
        Put(d, "MemberId", s.MemberId);
        Put(d, "CellId", s.CellId);
        Put(d, "Step", s.Step);
        if (s.Answers is { } answers)
        {
            var a = new BsonDocument();
            foreach (var (key, value) in answers) a[key] = value; // a null answer as null, as LiteDB writes a dictionary's
            d["Answers"] = a;
        }
        d["Retries"] = s.Retries;
        d["Paused"] = s.Paused;
        d["ConfirmingCancel"] = s.ConfirmingCancel;
        d["StartedAtUtc"] = date(s.StartedAtUtc);
        d["UpdatedAtUtc"] = date(s.UpdatedAtUtc);
        return d;
    }

    static DialogSession Session(BsonDocument d, Func<BsonValue, DateTime> readDate)
    {
        var s = new DialogSession();
        foreach (var (name, v) in d)
            switch (name)
            {
                case "_id": s.Id = Text(v)!; break;
                case "Flow": s.Flow = Text(v)!; break;
                case "FlowVersion": s.FlowVersion = v.AsInt32; break;
                case "TemplateId": s.TemplateId = Text(v)!; break;
                case "TemplateVersion": s.TemplateVersion = Text(v)!; break;
                case "MemberId": s.MemberId = Text(v)!; break;
                case "CellId": s.CellId = Text(v)!; break;
                case "Step": s.Step = Text(v)!; break;
                case "Answers":
                    if (v.IsNull) { s.Answers = null!; break; }
                    var answers = new Dictionary<string, string>(v.AsDocument.Count);
                    foreach (var (key, value) in v.AsDocument) answers[key] = Text(value)!;
                    s.Answers = answers;
                    break;
                case "Retries": s.Retries = v.AsInt32; break;
                case "Paused": s.Paused = v.AsBoolean; break;
                case "ConfirmingCancel": s.ConfirmingCancel = v.AsBoolean; break;
                case "StartedAtUtc": s.StartedAtUtc = readDate(v); break;
                case "UpdatedAtUtc": s.UpdatedAtUtc = readDate(v); break;
            }
        return s;
    }

    static ChatState State(BsonDocument d, Func<BsonValue, DateTime> readDate)
    {
        var s = new ChatState();
        foreach (var (name, v) in d)
            switch (name)
            {
                case "_id": s.Id = Text(v)!; break;
                case "PromptSeq": s.PromptSeq = v.AsInt64; break;
                case "Offered": s.Offered = Choices(v); break;
                case "ChoicesOnly": s.ChoicesOnly = v.AsBoolean; break;
                case "NumberedSuggestions": s.NumberedSuggestions = v.AsBoolean; break;
                case "AnswerCommand": s.AnswerCommand = Text(v); break;
                case "LastUpdate": s.LastUpdate = v.IsNull ? null : v.AsInt64; break;
                case "LastUpdateAtUtc": s.LastUpdateAtUtc = v.IsNull ? null : readDate(v); break;
                case "Session": s.Session = v.IsNull ? null : Session(v.AsDocument, readDate); break;
                case "Parked": s.Parked = v.IsNull ? null : Session(v.AsDocument, readDate); break;
                case "Backlogged": s.Backlogged = v.AsBoolean; break;
            }
        return s;
    }

    static BsonDocument Choice(Choice c)
    {
        var d = new BsonDocument();
        Put(d, "Key", c.Key);
        Put(d, "Label", c.Label);
        return d;
    }

    // A list of choices (an offer, a message's buttons) as LiteDB's mapper writes and reads it: a null item as null.
    static BsonArray Choices(List<Choice> choices) => new(choices.Select(c => c is null ? BsonValue.Null : Choice(c)));
    static List<Choice> Choices(BsonValue v) => v.IsNull ? null! : v.AsArray.Select(c => c.IsNull ? null! : Choice(c.AsDocument)).ToList();

    static Choice Choice(BsonDocument d) =>
        new(d.TryGetValue("Key", out var key) ? Text(key)! : "", d.TryGetValue("Label", out var label) ? Text(label)! : "");

    static string? Text(BsonValue v) => v.IsNull ? null : v.AsString;

    // As LiteDB's mapper reads an enum: its name, or a number.
    static T EnumOf<T>(BsonValue v) where T : struct, Enum => v.IsNumber ? (T)Enum.ToObject(typeof(T), v.AsInt32) : Enum.Parse<T>(v.AsString);
}
