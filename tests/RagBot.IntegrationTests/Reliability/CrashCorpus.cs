using System.Text;

namespace RagBot.IntegrationTests.Reliability;

/// <summary>
/// Markdown documents whose sections share few words (seeded pseudo-random words from a large vocabulary), so
/// search never drops one of their chunks as a near-duplicate of another and every chunk can be counted.
/// </summary>
internal static class CrashCorpus
{
    public static byte[] Markdown(int seed, int sections)
    {
        var random = new Random(seed);
        var text = new StringBuilder($"# Report {seed}\n\n");
        for (var section = 0; section < sections; section++)
        {
            text.Append($"## Part {section}\n\n");
            for (var word = 0; word < 170; word++)
            {
                text.Append(Syllable(random)).Append(Syllable(random)).Append(Syllable(random)).Append(word % 17 == 16 ? ".\n" : " ");
            }

            text.Append("\n\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Syllable(Random random) => "bcdfgklmnprstvz"[random.Next(15)] + "aeiou"[random.Next(5)].ToString();
}
