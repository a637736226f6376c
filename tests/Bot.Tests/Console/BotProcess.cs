using System.Diagnostics;
using System.Text;

namespace ChiBo.Bot.Tests.Console;

/// <summary>The real bot program (ChiBo.Bot.dll) run as a child process on the console channel.</summary>
public sealed class BotProcess : IDisposable
{
    readonly Process _p;
    readonly StringBuilder _out = new();
    readonly StringBuilder _err = new();

    public BotProcess(string workDir, IDictionary<string, string>? env = null, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ChiBo.Bot.dll"), .. args])
        {
            WorkingDirectory = workDir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("Telegram__") || k.StartsWith("Zalo__")).ToList()) psi.Environment.Remove(key);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        _p = Process.Start(psi)!;
        _p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_out) _out.AppendLine(e.Data); };
        _p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_err) _err.AppendLine(e.Data); };
        _p.BeginOutputReadLine();
        _p.BeginErrorReadLine();
    }

    /// <summary>What the process used so far: CPU time and its peak resident memory (for reports; Linux reads /proc).</summary>
    public (TimeSpan Cpu, long PeakBytes) Usage()
    {
        _p.Refresh();
        return (_p.TotalProcessorTime, _p.PeakWorkingSet64);
    }

    public string Output { get { lock (_out) return _out.ToString(); } }
    public string Errors { get { lock (_err) return _err.ToString(); } }

    public async Task SendAsync(params string[] lines)
    {
        foreach (var l in lines) await _p.StandardInput.WriteLineAsync(l);
        await _p.StandardInput.FlushAsync();
    }

    /// <summary>Waits until the output contains the text (after the given position), or fails with what was printed.</summary>
    public async Task<int> WaitForAsync(string text, int from = 0, int seconds = 60)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            var o = Output;
            var at = o.IndexOf(text, Math.Min(from, o.Length), StringComparison.Ordinal);
            if (at >= 0) return at + text.Length;
            if (_p.HasExited) break;
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"Did not see \"{text}\".\n--- stdout ---\n{Output}\n--- stderr ---\n{Errors}");
    }

    /// <summary>Closes stdin (end of input) and waits for a clean exit.</summary>
    public async Task<int> EndInputAsync(int seconds = 60)
    {
        _p.StandardInput.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        await _p.WaitForExitAsync(cts.Token);
        return _p.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill()
    {
        _p.Kill(entireProcessTree: true);
        _p.WaitForExit();
    }

    public void Dispose()
    {
        if (!_p.HasExited) Kill();
        _p.Dispose();
    }
}
