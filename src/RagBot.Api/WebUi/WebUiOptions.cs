namespace RagBot.Api.WebUi;

/// <summary>
/// The web page at <c>/</c> (section <c>RagBot:Api</c>, setting <c>EnableUi</c>). Unset means: on when no API
/// keys are configured (the local operator on loopback), off when keys are, so a server exposed with keys
/// serves no page unless its operator asks for one.
/// </summary>
public sealed class WebUiOptions
{
    public const string SectionName = "RagBot:Api";

    /// <summary><c>true</c> or <c>false</c> to decide; null for the default described above.</summary>
    public bool? EnableUi { get; set; }

    /// <summary>Whether the page is served, given how many API keys are configured.</summary>
    public bool IsEnabled(int configuredKeys) => EnableUi ?? configuredKeys == 0;
}
