namespace ChiBo.Bot.Channels;

/// <summary>Splits long text for platforms with a message limit, on line boundaries where possible.</summary>
public static class TextParts
{
    public static List<string> Split(string text, int limit)
    {
        var parts = new List<string>();
        var rest = text.Length == 0 ? "…" : text;
        while (rest.Length > limit)
        {
            var cut = rest.LastIndexOf('\n', limit - 1);
            if (cut <= 0) cut = rest.LastIndexOf(' ', limit - 1);
            if (cut <= 0) cut = limit;
            if (char.IsHighSurrogate(rest[cut - 1])) cut--; // never split an emoji
            parts.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart('\n', ' ');
        }
        parts.Add(rest);
        return parts.Where(p => p.Length > 0).ToList();
    }
}
