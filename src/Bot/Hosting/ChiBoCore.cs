using ChiBo.Bot.Outbox;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Flows;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;

namespace ChiBo.Bot.Hosting;

public sealed class StorageOptions
{
    /// <summary>The LiteDB file (Storage__Path).</summary>
    public string Path { get; set; } = "data/chibo.db";
}

public sealed class TemplateOptions
{
    /// <summary>Folder of template YAML files (Templates__Path); default: the copy next to the program.</summary>
    public string Path { get; set; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Templates");
}

public sealed class DemoOptions
{
    /// <summary>Seed demo data into a new database (Demo__Enabled). Default: on for the console channel.</summary>
    public bool? Enabled { get; set; }
}

public static class ChiBoCore
{
    /// <summary>Store, templates, flows, router, turn pipeline and outbox sender: everything but the channels.</summary>
    public static IServiceCollection AddChiBoCore(this IServiceCollection services, IConfiguration config, bool demo)
    {
        services.Configure<StorageOptions>(config.GetSection("Storage"));
        services.Configure<TemplateOptions>(config.GetSection("Templates"));
        services.Configure<OutboxOptions>(config.GetSection("Outbox"));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ChiBoStore(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.Path));
        services.AddSingleton(sp => TemplateCatalog.LoadFolder(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<TemplateOptions>>().Value.Path));
        services.AddSingleton(_ => new Router(FlowCatalog.Create(), ChannelHelp.For, demoJoin: demo));
        services.AddSingleton(sp =>
        {
            var pipeline = ActivatorUtilities.CreateInstance<TurnPipeline>(sp);
            var sender = sp.GetRequiredService<OutboxSender>();
            pipeline.RepliesQueued += sender.Wake;
            return pipeline;
        });
        services.AddSingleton<OutboxSender>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());
        return services;
    }

    /// <summary>Fails fast on a broken template, snapshots template versions, seeds demo data when asked.</summary>
    public static void Prepare(IServiceProvider services, bool demo)
    {
        var store = services.GetRequiredService<ChiBoStore>();
        var templates = services.GetRequiredService<TemplateCatalog>();
        store.InTransaction(() => templates.Snapshot(store));
        if (demo) DemoData.SeedIfEmpty(store, services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
    }
}

/// <summary>Extra help lines per channel (the console explains how to switch users and chats).</summary>
public static class ChannelHelp
{
    public static string? For(string channel) => channel == Channels.Console.ConsoleChannel.Name ? Channels.Console.ConsoleChannel.Help : null;
}
