using System.Collections.ObjectModel;
using System.Diagnostics;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using RagBot.IntegrationTests.Operability;

namespace RagBot.IntegrationTests.Ui;

/// <summary>
/// Debian's headless Chromium driven through chromedriver (Selenium), with a fresh profile, no network of its
/// own and a screenshot per step under artifacts/screenshots/&lt;test&gt;/. Where Chromium is not installed the
/// test is skipped with the install command, unless RAGBOT_REQUIRE_BROWSER=1 (CI) makes that a failure.
/// </summary>
internal sealed class Browser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";
    public const string InstallCommand = "sudo apt-get update && sudo apt-get install -y chromium chromium-driver";

    // A safety net for a page that never gets there, not a speed assertion.
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(20);
    private readonly string _profile = Directory.CreateTempSubdirectory("ragbot-chromium-").FullName;
    private readonly string _screenshots;
    private int _step;

    private Browser(string testName)
    {
        _screenshots = Path.Combine(RepositoryFiles.Root, "artifacts", "screenshots", testName);
        Directory.CreateDirectory(_screenshots);
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1200,900", "--lang=en-US", $"--user-data-dir={_profile}");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public ChromeDriver Driver { get; }

    /// <summary>A browser for this test, or a skip (a failure under RAGBOT_REQUIRE_BROWSER=1) without Chromium.</summary>
    public static Browser Start(string testName)
    {
        var installed = File.Exists(ChromiumPath) && File.Exists(DriverPath);
        if (!installed && Environment.GetEnvironmentVariable("RAGBOT_REQUIRE_BROWSER") == "1")
        {
            Assert.Fail($"RAGBOT_REQUIRE_BROWSER=1 but Chromium is missing: {InstallCommand}");
        }

        Assert.SkipUnless(installed, $"Chromium and chromedriver are not installed; the browser tests need them: {InstallCommand}");
        return new Browser(testName);
    }

    public IWebElement Find(string css) => Driver.FindElement(By.CssSelector(css));

    public ReadOnlyCollection<IWebElement> FindAll(string css) => Driver.FindElements(By.CssSelector(css));

    public string Text(string css) => Find(css).Text;

    public object? Script(string script, params object[] arguments) => Driver.ExecuteScript(script, arguments);

    /// <summary>Polls until <paramref name="condition"/> holds, tolerating elements not there yet or replaced.</summary>
    public T Until<T>(Func<T?> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < GiveUpAfter)
        {
            try
            {
                var value = condition();
                if (value is not null && !(value is bool b && !b))
                {
                    return value;
                }
            }
            catch (Exception e) when (e is NoSuchElementException or StaleElementReferenceException)
            {
                last = e;
            }

            Thread.Sleep(50);
        }

        Screenshot("timeout");
        throw new TimeoutException($"The page never showed {what}. Notice: '{NoticeText()}'. Last error: {last?.Message}");
    }

    /// <summary>Clicks the element, finding it again if the page re-rendered it in between (lists refresh themselves).</summary>
    public void Click(string css) => Until(() =>
    {
        Find(css).Click();
        return true;
    }, css);

    /// <summary>Saves the page as NN-name.png in this test's screenshot folder (kept as a CI artifact).</summary>
    public string Screenshot(string name)
    {
        var path = Path.Combine(_screenshots, $"{++_step:00}-{name}.png");
        Driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    public string NoticeText()
    {
        try
        {
            return Driver.FindElement(By.Id("notice")).Text;
        }
        catch (WebDriverException)
        {
            return "";
        }
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be writing its profile as it exits; the temp folder is cleaned later.
        }
    }
}
