namespace ChiBo.Dialogs.Storage;

/// <summary>
/// The ids written to the LiteDB file, numbered by commit, so a turn computed outside the write transaction
/// (<see cref="UnitOfWork"/>) can learn whether anything it read was written after the version it began at. A version
/// is published only once its commit is durable: a read made after seeing version V sees every commit numbered V or
/// less. The log keeps the last few thousand writes per collection: a turn older than what was dropped counts as changed.
/// </summary>
sealed class WriteLog(IEqualityComparer<string> keys)
{
    /// <summary>Writes kept per collection before the older half is dropped.</summary>
    const int Kept = 8192;

    long _version;
    // Everything counts as changed up to here (documents written around the store).
    long _everything;
    readonly Dictionary<string, Written> _collections = new(StringComparer.Ordinal);
    // The running write transaction's by collection, published when it commits (under the store's write gate).
    readonly Dictionary<string, Pending> _uncommitted = new(StringComparer.Ordinal);
    int _uncommittedCount;

    sealed class Pending(IEqualityComparer<string> keys)
    {
        public readonly HashSet<string> Keys = new(keys);
        public bool Unknown;
    }
    readonly object _gate = new();

    sealed class Written(IEqualityComparer<string> keys)
    {
        public readonly List<(long Version, string? Key)> Entries = [];
        public readonly Dictionary<string, long> LastByKey = new(keys);
        public long Unknown;   // last write of many documents at once
        public long Dropped;   // entries up to this version are gone
        public long Last;
    }

    /// <summary>The last commit published: what any read begun now sees (at least).</summary>
    public long Version => Volatile.Read(ref _version);

    /// <summary>A write inside the running transaction; <paramref name="key"/> null: many or unknown documents.</summary>
    public void Uncommitted(string collection, string? key)
    {
        if (!_uncommitted.TryGetValue(collection, out var written)) _uncommitted[collection] = written = new Pending(keys);
        if (key is null) written.Unknown = true;
        else written.Keys.Add(key);
        _uncommittedCount++;
    }

    /// <summary>The running transaction committed: its writes get the next version.</summary>
    public void Committed()
    {
        if (_uncommittedCount == 0) return;
        lock (_gate)
        {
            var version = _version + 1;
            foreach (var (collection, written) in _uncommitted)
            {
                if (written.Unknown) Record(collection, null, version);
                foreach (var key in written.Keys) Record(collection, key, version);
            }
            Volatile.Write(ref _version, version);
        }
        RolledBack();
    }

    public void RolledBack()
    {
        if (_uncommittedCount == 0) return;
        foreach (var written in _uncommitted.Values) { written.Keys.Clear(); written.Unknown = false; }
        _uncommittedCount = 0;
    }

    /// <summary>A write outside any transaction, already durable.</summary>
    public void Committed(string collection, string? key)
    {
        lock (_gate)
        {
            var version = _version + 1;
            Record(collection, key, version);
            Volatile.Write(ref _version, version);
        }
    }

    /// <summary>Documents were written around the store: every turn begun before now counts as changed.</summary>
    public void EverythingChanged()
    {
        lock (_gate)
        {
            _everything = _version + 1;
            Volatile.Write(ref _version, _everything);
        }
    }

    void Record(string collection, string? key, long version)
    {
        if (!_collections.TryGetValue(collection, out var written)) _collections[collection] = written = new Written(keys);
        written.Last = version;
        if (key is null) written.Unknown = version;
        else written.LastByKey[key] = version;
        written.Entries.Add((version, key));
        if (written.Entries.Count < 2 * Kept) return;
        written.Dropped = written.Entries[Kept - 1].Version;
        written.Entries.RemoveRange(0, Kept);
        foreach (var old in written.LastByKey.Where(e => e.Value <= written.Dropped).Select(e => e.Key).ToList()) written.LastByKey.Remove(old);
    }

    /// <summary>
    /// The document was (or may have been) written after <paramref name="since"/>: by a published commit, and when
    /// <paramref name="running"/>, by the running write transaction (only its own thread may ask that).
    /// </summary>
    public bool Changed(string collection, string key, long since, bool running = true)
    {
        if (running && _uncommitted.TryGetValue(collection, out var mine) && (mine.Unknown || mine.Keys.Contains(key))) return true;
        lock (_gate)
        {
            if (_everything > since) return true;
            if (!_collections.TryGetValue(collection, out var written)) return false;
            return written.Unknown > since || written.Dropped > since
                || written.LastByKey.TryGetValue(key, out var at) && at > since;
        }
    }

    /// <summary>Anything in the collection was written after <paramref name="since"/> (as <see cref="Changed"/>).</summary>
    public bool AnyChanged(string collection, long since, bool running = true)
    {
        if (running && _uncommitted.TryGetValue(collection, out var mine) && (mine.Unknown || mine.Keys.Count > 0)) return true;
        lock (_gate)
            return _everything > since || _collections.TryGetValue(collection, out var written) && written.Last > since;
    }

    /// <summary>The keys written in the collection after <paramref name="since"/>, this transaction's included; null when not known.</summary>
    public List<string>? KeysSince(string collection, long since)
    {
        var found = new List<string>();
        lock (_gate)
        {
            if (_everything > since) return null;
            if (_collections.TryGetValue(collection, out var written) && written.Last > since)
            {
                if (written.Unknown > since || written.Dropped > since) return null;
                var entries = written.Entries;
                int lo = 0, hi = entries.Count; // first entry after since
                while (lo < hi)
                {
                    var mid = (lo + hi) / 2;
                    if (entries[mid].Version <= since) lo = mid + 1; else hi = mid;
                }
                for (var i = lo; i < entries.Count; i++) found.Add(entries[i].Key!);
            }
        }
        if (_uncommitted.TryGetValue(collection, out var mine))
        {
            if (mine.Unknown) return null;
            found.AddRange(mine.Keys);
        }
        return found;
    }
}
