using OpenQA.Selenium;

namespace RagBot.IntegrationTests.Ui;

/// <summary>
/// The web page against a server with API keys (and <c>RagBot:Api:EnableUi=true</c>): 401 without or with a
/// wrong key, 403 for a user key's upload and 429 past the rate limit are shown as sentences; with the admin
/// key the page uploads, answers and opens the original (fetched with the key), and the key survives a reload.
/// </summary>
public sealed class WebUiKeyBrowserTests : IDisposable
{
    private const string AdminKey = "ui-admin-key-0123456789";
    private const string UserKey = "ui-user-key-0123456789";
    private const int ChatPermits = 2;
    private readonly KestrelApiFactory _api = new(new Dictionary<string, string?>
    {
        ["RagBot:Api:EnableUi"] = "true",
        ["RagBot:Auth:Keys:0:Name"] = "ops",
        ["RagBot:Auth:Keys:0:Key"] = AdminKey,
        ["RagBot:Auth:Keys:0:Role"] = "admin",
        ["RagBot:Auth:Keys:1:Name"] = "reader",
        ["RagBot:Auth:Keys:1:Key"] = UserKey,
        ["RagBot:Auth:Keys:1:Role"] = "user",
        ["RagBot:RateLimits:ChatPermits"] = ChatPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    [Fact]
    public void With_keys_the_page_explains_401_403_and_429_and_works_with_the_admin_key()
    {
        using var browser = Browser.Start(nameof(With_keys_the_page_explains_401_403_and_429_and_works_with_the_admin_key));
        var page = browser.Driver;
        page.Navigate().GoToUrl(_api.Address);
        browser.Find("#tab-documents").Click();
        browser.Until(() => browser.NoticeText().Contains("needs an API key (401)", StringComparison.Ordinal), "the missing-key message");

        UseKey(browser, "not-a-key-of-this-server");
        browser.Until(() => browser.NoticeText().Contains("API key was not accepted (401)", StringComparison.Ordinal), "the wrong-key message");
        browser.Screenshot("wrong-key");

        // A user key reads documents but may not upload: the upload's row says why.
        UseKey(browser, UserKey);
        browser.Until(() => browser.NoticeText().Length == 0 && browser.Find("#documents-empty").Displayed, "the empty list");
        browser.Script(WebUiBrowserTests.DropFileScript, "kites.md", "# Kites\n\nA delta kite flies best in a steady breeze of twelve knots.\n");
        browser.Until(() => browser.FindAll(".upload-item.failed").FirstOrDefault()?.Text.Contains("(403)", StringComparison.Ordinal), "the 403 message");
        browser.Screenshot("user-key-upload-403");

        // The admin key uploads; the key stays in this tab's session storage across a reload.
        UseKey(browser, AdminKey);
        browser.Script(WebUiBrowserTests.DropFileScript, "kites.md", "# Kites\n\nA delta kite flies best in a steady breeze of twelve knots.\n");
        browser.Until(() => browser.FindAll(".upload-item[data-status='succeeded']").Count == 1, "the admin's upload");
        page.Navigate().Refresh();
        browser.Until(() => browser.Find("#api-key").GetAttribute("value") == AdminKey, "the key after a reload");

        var answer = WebUiBrowserTests.Ask(browser, "In what breeze does a delta kite fly best?", 1);
        Assert.Contains("twelve knots", answer.Text, StringComparison.Ordinal);
        answer.FindElement(By.CssSelector(".chip")).Click();
        WebUiBrowserTests.OpenOriginal(browser, "twelve knots", "original-with-key");

        // Past the chat rate limit the turn says when to retry.
        WebUiBrowserTests.Ask(browser, "What does the shop sell?", 2);
        var limited = WebUiBrowserTests.Ask(browser, "What does the shop sell today?", 3);
        Assert.Contains("Too many requests (429). Try again in", limited.Text, StringComparison.Ordinal);
        browser.Screenshot("rate-limited");
    }

    private static void UseKey(Browser browser, string key)
    {
        var input = browser.Find("#api-key");
        input.Clear();
        input.SendKeys(key);
        input.SendKeys(Keys.Enter);
    }

    public void Dispose() => _api.Dispose();
}
