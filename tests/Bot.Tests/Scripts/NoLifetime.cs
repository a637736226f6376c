using Microsoft.Extensions.Hosting;

namespace ChiBo.Bot.Tests.Scripts;

/// <summary>A host lifetime for channels run in process by the script hosts: stopping the application does nothing.</summary>
public sealed class NoLifetime : IHostApplicationLifetime
{
    public CancellationToken ApplicationStarted => CancellationToken.None;
    public CancellationToken ApplicationStopping => CancellationToken.None;
    public CancellationToken ApplicationStopped => CancellationToken.None;
    public void StopApplication() { }
}
