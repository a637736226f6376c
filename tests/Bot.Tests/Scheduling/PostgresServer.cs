using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ChiBo.Bot.Tests.Scheduling;

/// <summary>
/// A throw-away PostgreSQL server for the job-store tests: initdb into a temp folder, listening on 127.0.0.1 only,
/// stopped and deleted on dispose. Needs Debian's postgresql package (initdb, pg_ctl); as root it runs as user postgres.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    public static readonly string? BinDir = FindBinDir();
    static readonly bool AsRoot = Environment.UserName == "root";

    /// <summary>Why the PostgreSQL tests cannot run here, or null when they can.</summary>
    public static string? Unavailable =>
        BinDir is null ? "PostgreSQL không có trên máy (cần gói Debian postgresql: initdb, pg_ctl) — bỏ qua kiểm thử kho việc PostgreSQL."
        : AsRoot && !UserExists("postgres") ? "Chạy bằng root nhưng không có người dùng postgres để chạy initdb — bỏ qua kiểm thử kho việc PostgreSQL."
        : null;

    readonly string _dir;
    public int Port { get; }
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=true;Timeout=15";

    public PostgresServer()
    {
        if (Unavailable is { } why) throw new InvalidOperationException(why);
        _dir = Path.Combine(Path.GetTempPath(), "chibo-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        if (AsRoot) Run("chown", "-R", "postgres:postgres", _dir);
        Port = FreePort();
        Pg("initdb", "-D", Path.Combine(_dir, "data"), "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C");
        Start();
    }

    /// <summary>Starts the server (again, after <see cref="Stop"/>) on the same port.</summary>
    public void Start() =>
        Pg("pg_ctl", "-D", Path.Combine(_dir, "data"), "-l", Path.Combine(_dir, "log"), "-w", "-t", "60", "start",
            "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {_dir} -c fsync=off");

    /// <summary>Stops the server, its connections cut (as a restart for an upgrade or a failover does).</summary>
    public void Stop() => Pg("pg_ctl", "-D", Path.Combine(_dir, "data"), "-m", "fast", "-w", "stop");

    public void Dispose()
    {
        try { Pg("pg_ctl", "-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop"); }
        catch (InvalidOperationException) { }
        try { Directory.Delete(_dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    void Pg(string tool, params string[] args)
    {
        var exe = Path.Combine(BinDir!, tool);
        if (AsRoot) Run("runuser", ["-u", "postgres", "--", exe, .. args]);
        else Run(exe, args);
    }

    static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(90_000)) { p.Kill(true); throw new InvalidOperationException($"{file} did not finish"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {stdout.Result}{stderr.Result}");
    }

    static string? FindBinDir()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"))) return dir;
        if (!Directory.Exists("/usr/lib/postgresql")) return null;
        return Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal)
            .Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")));
    }

    static bool UserExists(string name) => File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(l => l.StartsWith(name + ":", StringComparison.Ordinal));

    static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

/// <summary>A fact that is skipped, with the reason in the test output, where no PostgreSQL can be started.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.Unavailable is { } why) Skip = why;
    }
}

/// <summary>A theory that is skipped, with the reason in the test output, where no PostgreSQL can be started.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (PostgresServer.Unavailable is { } why) Skip = why;
    }
}
