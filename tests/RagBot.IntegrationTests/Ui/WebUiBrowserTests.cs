using System.Net.Http.Json;
using System.Text.Json;
using OpenQA.Selenium;
using RagBot.Evaluation;

namespace RagBot.IntegrationTests.Ui;

/// <summary>
/// The web page in headless Chromium against the real API on Kestrel, without API keys: upload (file picker
/// and drag-and-drop), streamed answer with citations, the citation's snippet and original, follow-up, "not
/// found", new conversation, delete with confirmation, the index with a reindex and the saved evaluation.
/// </summary>
public sealed class WebUiBrowserTests : IDisposable
{
    private const string KitesText = "# Kites\n\nA delta kite flies best in a steady breeze of twelve knots.\n\nThe shop sells braided lines of three hundred metres for stunt kites.\n";
    private const string GardenText = "# Garden\n\nTomatoes need six hours of direct sun and deep watering twice a week.\n";
    private readonly KestrelApiFactory _api = new(new Dictionary<string, string?>());
    private readonly string _files = Directory.CreateTempSubdirectory("ragbot-ui-files-").FullName;

    [Fact]
    public async Task A_visitor_uploads_asks_opens_the_citation_and_deletes_without_keys()
    {
        using var browser = Browser.Start(nameof(A_visitor_uploads_asks_opens_the_citation_and_deletes_without_keys));
        await SaveEvaluationAsync();
        var page = browser.Driver;
        page.Navigate().GoToUrl(_api.Address);
        browser.Until(() => browser.Find("#tab-chat").Displayed, "the tabs");
        browser.Screenshot("chat-empty");

        // Documents: one file through the picker, one dropped on the drop zone, each with its job's progress.
        browser.Find("#tab-documents").Click();
        browser.Find("#upload-tags").SendKeys("team:hobbies, lang:en");
        var kites = Path.Combine(_files, "kites.md");
        await File.WriteAllTextAsync(kites, KitesText, TestContext.Current.CancellationToken);
        browser.Find("#files").SendKeys(kites);
        browser.Script(DropFileScript, "garden.md", GardenText);
        browser.Until(() => browser.FindAll(".upload-item[data-status='succeeded']").Count == 2, "both uploads succeeded");
        browser.Until(() => browser.FindAll("#document-rows tr").Count == 2, "two documents in the list");
        // Read in one script call: the list re-renders itself when each upload ends.
        var kitesCells = browser.Until(() => browser.Script(
            "return [...document.querySelectorAll('#document-rows tr')].find(r => r.textContent.includes('kites.md'))?.innerText ?? null") as string, "the kites row")!;
        Assert.Contains("team:hobbies", kitesCells, StringComparison.Ordinal);
        Assert.Contains("lang:en", kitesCells, StringComparison.Ordinal);
        var chunks = browser.Script("return [...document.querySelectorAll('#document-rows tr')].find(r => r.textContent.includes('kites.md')).querySelector('td.number').textContent") as string;
        Assert.True(int.Parse(chunks!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        browser.Screenshot("documents-uploaded");

        // Chat: a streamed answer with numbered citation chips.
        browser.Find("#tab-chat").Click();
        var answer = Ask(browser, "In what breeze does a delta kite fly best?", 1);
        Assert.Contains("twelve knots", answer.FindElement(By.CssSelector(".answer")).Text, StringComparison.Ordinal);
        Assert.True(int.Parse(answer.GetAttribute("data-deltas") ?? "0", System.Globalization.CultureInfo.InvariantCulture) >= 1, "the answer arrived as delta events");
        var chip = answer.FindElement(By.CssSelector(".chip"));
        Assert.Contains("kites.md", chip.Text, StringComparison.Ordinal);
        browser.Screenshot("answer");

        // The citation: its snippet with the quoted sentence marked, and the original in a new tab.
        chip.Click();
        browser.Until(() => browser.Find("#citation-dialog").GetAttribute("open") is not null, "the citation dialog");
        Assert.Contains("twelve knots", browser.Text("#citation-snippet mark"), StringComparison.Ordinal);
        browser.Screenshot("citation");
        OpenOriginal(browser, "three hundred metres", "original");

        // A follow-up goes to the same session; a question the documents do not cover says so plainly.
        var sessionId = browser.Find("#conversation").GetAttribute("data-session-id");
        Assert.False(string.IsNullOrEmpty(sessionId));
        Ask(browser, "How long are the braided lines for stunt kites?", 2);
        var notFound = Ask(browser, "Who won the chess world championship in 1972?", 3);
        Assert.Contains("not-found", notFound.GetAttribute("class"), StringComparison.Ordinal);
        Assert.Contains("Not found in the documents.", notFound.Text, StringComparison.Ordinal);
        Assert.Equal(sessionId, browser.Find("#conversation").GetAttribute("data-session-id"));
        using (var client = _api.CreateClient())
        {
            var session = await client.GetFromJsonAsync<JsonElement>($"/api/chat/sessions/{sessionId}", TestContext.Current.CancellationToken);
            Assert.Equal(3, session.GetProperty("turns").GetArrayLength());
        }

        browser.Screenshot("follow-up-and-not-found");
        browser.Find("#new-conversation").Click();
        Assert.Empty(browser.FindAll("#conversation li"));

        // Delete with confirmation: cancelling keeps the document, confirming removes it.
        browser.Find("#tab-documents").Click();
        browser.Click("button[aria-label='Delete kites.md']");
        browser.Until(() => browser.Find("#confirm-dialog").GetAttribute("open") is not null, "the confirmation");
        Assert.Contains("kites.md", browser.Text("#confirm-text"), StringComparison.Ordinal);
        browser.Screenshot("confirm-delete");
        browser.Find("#confirm-no").Click();
        Assert.Equal(2, browser.FindAll("#document-rows tr").Count);
        browser.Click("button[aria-label='Delete kites.md']");
        browser.Click("#confirm-yes");
        browser.Until(() => browser.FindAll("#document-rows tr").Count == 1, "the list without kites.md");
        Assert.DoesNotContain("kites.md", browser.Text("#document-rows"), StringComparison.Ordinal);

        // Index: the active generation, a reindex watched to its end, and the saved evaluation's chart.
        browser.Find("#tab-index").Click();
        browser.Until(() => browser.Text("#generation").Contains("Dimensions", StringComparison.Ordinal), "the active generation");
        Assert.Contains("Embedder", browser.Text("#generation"), StringComparison.Ordinal);
        browser.Until(() => browser.FindAll("#evaluation svg .chart-bar").Count == 4, "the evaluation chart");
        Assert.Contains("tiny-beir", browser.Text("#evaluation figcaption"), StringComparison.Ordinal);
        browser.Find("#start-reindex").Click();
        browser.Until(() => browser.Text("#reindex-status").StartsWith("Last reindex finished", StringComparison.Ordinal), "the reindex's end");
        browser.Until(() => browser.Text("#generation").Contains("ragbot-chunks-g2", StringComparison.Ordinal), "the new generation");
        browser.Screenshot("index");
        Assert.Equal("", browser.NoticeText());
    }

    [Fact]
    public void The_page_fits_a_phone_and_is_driven_by_the_keyboard()
    {
        using var browser = Browser.Start(nameof(The_page_fits_a_phone_and_is_driven_by_the_keyboard));
        var page = browser.Driver;
        page.Manage().Window.Size = new System.Drawing.Size(390, 844);
        page.Navigate().GoToUrl(_api.Address);
        browser.Until(() => browser.Find("#tab-chat").Displayed, "the tabs");

        // Arrow keys move between tabs; Enter in the question box asks.
        browser.Find("#tab-chat").SendKeys(Keys.ArrowRight);
        browser.Until(() => browser.Find("#documents").Displayed, "the documents panel");
        Assert.Equal("page", browser.Find("#tab-documents").GetAttribute("aria-current"));
        Assert.Equal("tab-documents", browser.Script("return document.activeElement.id"));
        // A hostile file name and text stay text: no element of theirs reaches the page.
        browser.Script(DropFileScript, HostileName, "# Lanterns\n\nThe lantern festival starts at dusk <img src=x onerror=window.pwned=1> by the river.\n");
        browser.Until(() => browser.FindAll(".upload-item[data-status='succeeded']").Count == 1, "the hostile upload");
        browser.Find("#tab-documents").SendKeys(Keys.ArrowLeft);
        browser.Until(() => browser.Find("#chat").Displayed, "the chat panel");
        var answer = Ask(browser, "When does the lantern festival start?", 1);
        Assert.Contains(HostileName, answer.FindElement(By.CssSelector(".chip")).Text, StringComparison.Ordinal);
        answer.FindElement(By.CssSelector(".chip")).Click();
        browser.Until(() => browser.Text("#citation-snippet").Contains("lantern festival", StringComparison.Ordinal), "the snippet");
        Assert.Equal(0L, browser.Script("return document.querySelectorAll('img, script:not([type=module])').length"));
        Assert.Null(browser.Script("return window.pwned ?? null"));
        browser.Find("#citation-close").Click();

        var overflow = Convert.ToInt64(browser.Script("return document.documentElement.scrollWidth - window.innerWidth"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(overflow <= 0, $"the page is {overflow} px wider than a phone screen");
        foreach (var id in new[] { "api-key", "question", "files", "upload-tags" })
        {
            Assert.Equal(1L, browser.Script("return document.querySelectorAll(`label[for='${arguments[0]}']`).length", id));
        }

        browser.Screenshot("phone");
    }

    private const string HostileName = "<img src=x onerror=window.pwned=1>.md";

    /// <summary>Types the question, presses Enter and waits for the <paramref name="turn"/>th answer to finish.</summary>
    internal static IWebElement Ask(Browser browser, string question, int turn)
    {
        var input = browser.Find("#question");
        input.SendKeys(question);
        input.SendKeys(Keys.Enter);
        return browser.Until(
            () => browser.FindAll(".turn.bot").Skip(turn - 1).FirstOrDefault(t => t.GetAttribute("aria-busy") is null),
            $"answer {turn}");
    }

    /// <summary>Clicks the open citation's link and waits for the original's text in the new tab, then closes it and the dialog.</summary>
    internal static void OpenOriginal(Browser browser, string expectedText, string screenshot)
    {
        var page = browser.Driver;
        var home = page.CurrentWindowHandle;
        browser.Find("#citation-open").Click();
        var original = browser.Until(() => page.WindowHandles.FirstOrDefault(h => h != home), "a tab with the original");
        page.SwitchTo().Window(original);
        browser.Until(() => page.FindElement(By.TagName("body")).Text.Contains(expectedText, StringComparison.Ordinal), "the original's text");
        browser.Screenshot(screenshot);
        page.Close();
        page.SwitchTo().Window(home);
        browser.Find("#citation-close").Click();
    }

    /// <summary>A real drop event carrying a file, as a drag from the desktop delivers it.</summary>
    internal const string DropFileScript = """
        const [name, text] = arguments;
        const transfer = new DataTransfer();
        transfer.items.add(new File([text], name, { type: 'text/markdown' }));
        const zone = document.getElementById('drop-zone');
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        """;

    private async Task SaveEvaluationAsync()
    {
        var report = new EvaluationReport
        {
            K = 10, Mode = RagBot.Retrieval.RetrievalMode.Hybrid, Ndcg = 0.62, Recall = 0.8, Recall100 = 1, Mrr = 0.7,
            Queries = 3, P50Milliseconds = 1.5, P99Milliseconds = 4.2, Documents = 6, DocumentsSkipped = 0, IngestSeconds = 0.3,
        };
        await LastEvaluationFile.SaveAsync(_api.DataDirectory, SavedEvaluation.From(report, "datasets/tiny-beir", DateTimeOffset.UtcNow), TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        _api.Dispose();
        Directory.Delete(_files, recursive: true);
    }
}
