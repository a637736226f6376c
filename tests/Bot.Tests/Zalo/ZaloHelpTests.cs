using ChiBo.Bot.Channels.Zalo;
using ChiBo.Bot.Tests.Scripts;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Flows;
using ChiBo.Dialogs.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChiBo.Bot.Tests.Zalo;

/// <summary>
/// /trogiup on Zalo is one message for every reader: the commands they may use and the Zalo note, within Zalo's 2,000
/// characters (past it the note, which says how to answer there, would come apart in a second message).
/// </summary>
public sealed class ZaloHelpTests : IDisposable
{
    readonly ScriptHost _host = new(ScriptRunner.DefaultStart);
    int _seq;

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData("an")] // a secretary: the longest
    [InlineData("hoa")] // a deputy
    [InlineData("cuong")] // an enterprise cell's secretary
    [InlineData("minh")] // a member
    [InlineData("dung")] // staff
    [InlineData("admin")]
    public async Task Each_readers_help_with_the_Zalo_note_fits_one_Zalo_message(string user)
    {
        // The demo users speak on the console: their help with Zalo's note is the text Zalo would get.
        var zaloNote = Hosting.ChannelHelp.For(ZaloUpdates.Channel)!;
        var pipeline = new TurnPipeline(_host.Store, ScriptHost.Templates, new Router(FlowCatalog.Create(), _ => zaloNote), _host.Clock,
            NullLogger<TurnPipeline>.Instance);
        await pipeline.HandleAsync(new IncomingUpdate(DemoData.Channel, $"h{++_seq}", user, ChatKind.Private, user, user, "/trogiup"));
        var help = Assert.Single(_host.Store.Outbox.Find(m => m.ChatId == user).ToList());
        Assert.EndsWith(zaloNote, help.Text);
        var sent = ZaloSender.Render(help, "ChiBoBot");
        Assert.True(sent.Length <= ZaloSender.MaxText, $"/trogiup của {user} trên Zalo dài {sent.Length} ký tự, quá {ZaloSender.MaxText}: bot gửi thành hai tin.");
    }
}
