using ChiBo.Dialogs.Domain;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using YamlDotNet.Serialization.NodeDeserializers;

namespace ChiBo.Dialogs.Templates;

/// <summary>
/// The one template loader: reads every *.yaml of a folder, validates it and keeps it by id.
/// A broken file throws <see cref="TemplateException"/> naming the file and line.
/// </summary>
public sealed class TemplateCatalog
{
    readonly Dictionary<string, TemplateBase> _byId = [];
    readonly Dictionary<string, string> _yamlById = [];

    public IReadOnlyDictionary<string, TemplateBase> All => _byId;

    public static TemplateCatalog LoadFolder(string folder)
    {
        if (!Directory.Exists(folder))
            throw new TemplateException(folder, 0, "không tìm thấy thư mục mẫu.");
        var catalog = new TemplateCatalog();
        foreach (var file in Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var yaml = File.ReadAllText(file);
            catalog.Add(Parse(Path.GetFileName(file), yaml), yaml);
        }
        catalog.ValidateReferences();
        return catalog;
    }

    public void Add(TemplateBase t, string yaml)
    {
        if (_byId.TryGetValue(t.Id, out var other))
            throw new TemplateException(t.File, t.Line, $"mã mẫu \"{t.Id}\" trùng với mẫu trong {other.File}.");
        _byId[t.Id] = t;
        _yamlById[t.Id] = yaml;
    }

    public string YamlOf(string id) => _yamlById[id];

    readonly System.Collections.Concurrent.ConcurrentDictionary<string, TemplateBase> _old = new();

    /// <summary>
    /// The template a session started with: the loaded one when the version still matches, else the snapshot
    /// kept in the database when that version was loaded.
    /// </summary>
    public T Resolve<T>(string id, string version, Storage.ChiBoStore store) where T : TemplateBase
    {
        var current = Get<T>(id);
        if (current.Version == version) return current;
        var key = $"{id}@{version}";
        return (T)_old.GetOrAdd(key, _ =>
        {
            var snap = store.Templates.FindById(key);
            return snap is null ? current : Parse(snap.File, snap.Yaml);
        });
    }

    /// <summary>Keeps the text of every loaded template version in the database.</summary>
    public void Snapshot(Storage.ChiBoStore store)
    {
        foreach (var t in _byId.Values)
            store.Templates.Upsert(new Storage.TemplateSnapshot { Id = $"{t.Id}@{t.Version}", File = t.File, Yaml = _yamlById[t.Id] });
    }

    public T Get<T>(string id) where T : TemplateBase =>
        _byId.TryGetValue(id, out var t) && t is T typed ? typed
            : throw new KeyNotFoundException($"Không có mẫu \"{id}\" loại {typeof(T).Name}.");

    public CellTypesTemplate CellTypes => _byId.Values.OfType<CellTypesTemplate>().Single();

    public IEnumerable<ContestCalendarTemplate> Contests => _byId.Values.OfType<ContestCalendarTemplate>();

    public IEnumerable<TargetsTemplate> Targets => _byId.Values.OfType<TargetsTemplate>();

    public CellTypeTemplate CellType(CellType type) =>
        CellTypes.Types.First(t => t.Code == type.ToString());

    public RubricTemplate RubricFor(CellType type) => Get<RubricTemplate>(CellType(type).Rubric);

    /// <summary>The rubric a meeting of that kind is scored on: a thematic meeting on the thematic form when the type has one.</summary>
    public RubricTemplate RubricFor(CellType type, MeetingKind kind) =>
        kind == MeetingKind.THEMATIC && CellType(type).ThematicRubric is { Length: > 0 } thematic ? Get<RubricTemplate>(thematic) : RubricFor(type);

    public ProcedureTemplate ProcedureFor(CellType type) => Get<ProcedureTemplate>(CellType(type).Procedure);

    /// <summary>Parses and validates one template file's text.</summary>
    public static TemplateBase Parse(string file, string yaml)
    {
        var kind = ReadKind(file, yaml);
        Type type = kind switch
        {
            "procedure" => typeof(ProcedureTemplate),
            "rubric" => typeof(RubricTemplate),
            "criteria_set" => typeof(CriteriaSetTemplate),
            "cell_types" => typeof(CellTypesTemplate),
            "contest_calendar" => typeof(ContestCalendarTemplate),
            "targets" => typeof(TargetsTemplate),
            "document" => typeof(DocumentTemplate),
            "quiz" => typeof(QuizTemplate),
            "self_review" => typeof(SelfReviewTemplate),
            "probation" => typeof(ProbationTemplate),
            _ => throw new TemplateException(file, 1,
                $"kind \"{kind}\" không hợp lệ; dùng procedure, rubric, criteria_set, cell_types, contest_calendar, targets, document, quiz, self_review hoặc probation."),
        };
        TemplateBase t;
        try
        {
            t = (TemplateBase)(Deserializer.Deserialize(yaml, type)
                ?? throw new TemplateException(file, 1, "tệp rỗng."));
        }
        catch (YamlException ex)
        {
            throw new TemplateException(file, (int)ex.Start.Line, $"không đọc được: {Reason(ex)}");
        }
        t.File = file;
        TemplateRules.Validate(t);
        return t;
    }

    /// <summary>The message without YamlDotNet's "(Line: …): " prefix; the inner cause when there is one.</summary>
    static string Reason(YamlException ex)
    {
        var reason = ex.InnerException is { } inner && inner is not YamlException ? inner.Message : ex.Message;
        var cut = reason.IndexOf("): ", StringComparison.Ordinal);
        return reason.StartsWith('(') && cut > 0 ? reason[(cut + 3)..] : reason;
    }

    static string ReadKind(string file, string yaml)
    {
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(yaml));
        try { stream.Load(new Parser(scanner)); }
        catch (YamlException ex) { throw new TemplateException(file, (int)ex.Start.Line, $"sai cú pháp YAML: {Reason(ex)}"); }
        catch (InvalidOperationException)
        {
            // Some malformed input makes the scanner throw without a mark; its position is where it stopped.
            throw new TemplateException(file, (int)scanner.CurrentPosition.Line, $"sai cú pháp YAML, phát hiện ở dòng này (lỗi có thể nằm ở vài dòng trước, ví dụ ngoặc [ hoặc {{ chưa đóng).");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new TemplateException(file, 1, "tệp phải là một bảng khóa: giá trị (id, kind, name, guideline, version…).");
        return root.Children.TryGetValue(new YamlScalarNode("kind"), out var k) && k is YamlScalarNode s
            ? s.Value ?? ""
            : throw new TemplateException(file, 1, "thiếu khóa \"kind\".");
    }

    void ValidateReferences()
    {
        var cellTypes = _byId.Values.OfType<CellTypesTemplate>().ToList();
        if (cellTypes.Count != 1)
            throw new TemplateException("(thư mục mẫu)", 0, $"cần đúng một mẫu kind: cell_types, đang có {cellTypes.Count}.");
        foreach (var ct in cellTypes[0].Types)
        {
            if (!_byId.TryGetValue(ct.Rubric, out var r) || r is not RubricTemplate)
                throw new TemplateException(cellTypes[0].File, ct.Line, $"loại hình {ct.Code} dùng thang điểm \"{ct.Rubric}\" không có.");
            if (ct.ThematicRubric != "" && (!_byId.TryGetValue(ct.ThematicRubric, out var tr) || tr is not RubricTemplate))
                throw new TemplateException(cellTypes[0].File, ct.Line, $"loại hình {ct.Code} dùng thang điểm chuyên đề \"{ct.ThematicRubric}\" không có.");
            if (!_byId.TryGetValue(ct.Procedure, out var p) || p is not ProcedureTemplate)
                throw new TemplateException(cellTypes[0].File, ct.Line, $"loại hình {ct.Code} dùng quy trình \"{ct.Procedure}\" không có.");
        }
        foreach (var set in _byId.Values.OfType<CriteriaSetTemplate>())
            foreach (var c in set.Criteria.Where(c => c.Rubric is not null))
                if (!_byId.TryGetValue(c.Rubric!, out var r) || r is not RubricTemplate)
                    throw new TemplateException(set.File, c.Line, $"tiêu chí {c.Code} dẫn tới thang điểm \"{c.Rubric}\" không có.");
    }

    static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithDuplicateKeyChecking()
        .WithNodeDeserializer(inner => new LineTracking(inner), s => s.InsteadOf<ObjectNodeDeserializer>())
        .Build();

    /// <summary>Records the YAML line of every object that implements <see cref="IHasLine"/>.</summary>
    sealed class LineTracking(INodeDeserializer inner) : INodeDeserializer
    {
        public bool Deserialize(IParser reader, Type expectedType, Func<IParser, Type, object?> nestedObjectDeserializer,
            out object? value, ObjectDeserializer rootDeserializer)
        {
            var line = (int)(reader.Current?.Start.Line ?? 0);
            if (!inner.Deserialize(reader, expectedType, nestedObjectDeserializer, out value, rootDeserializer)) return false;
            if (value is IHasLine h) h.Line = line;
            return true;
        }
    }
}
