namespace RagBot.Cli;

internal static class Program
{
    public static Task<int> Main(string[] args) => RagBotCli.RunAsync(args, Console.Out, Console.Error);
}
