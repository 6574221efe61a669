using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace RagBot.UnitTests.Ingestion.Parsers;

/// <summary>Real documents of every format, generated here so the repository ships no binary fixtures.</summary>
internal static class SampleDocuments
{
    public static byte[] Pdf()
    {
        var builder = new PdfDocumentBuilder();
        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);

        var first = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        first.AddText("Quarterly Report", 22, new PdfPoint(60, 760), bold);
        first.AddText("Revenue grew by twelve percent in the third quarter.", 11, new PdfPoint(60, 700), regular);
        first.AddText("Most of the growth came from the northern region.", 11, new PdfPoint(60, 686), regular);
        first.AddText("Costs stayed flat while headcount rose slightly.", 11, new PdfPoint(60, 600), regular);

        var second = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        second.AddText("Outlook", 22, new PdfPoint(60, 760), bold);
        second.AddText("The board expects steady demand through next spring.", 11, new PdfPoint(60, 700), regular);
        return builder.Build();
    }

    public static byte[] Docx()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(
                ParagraphStyle("Title", "Title"),
                ParagraphStyle("Heading1", "heading 1"),
                // Word localises style ids (German: "berschrift2") but keeps the built-in English name.
                ParagraphStyle("berschrift2", "heading 2"),
                ParagraphStyle("ListParagraph", "List Paragraph"));

            main.Document = new Document(new Body(
                Paragraph("Employee Handbook", "Title"),
                Paragraph("Leave", "Heading1"),
                Paragraph("Everyone gets twenty-five days of paid leave."),
                Paragraph("Sick leave", "berschrift2"),
                Paragraph("Report sickness before nine o'clock."),
                ListItem("Call your manager"),
                ListItem("Send the doctor's note within three days"),
                Paragraph("Equipment", "Heading1"),
                Table(["Item", "Budget"], ["Laptop", "1500 EUR"], ["Chair", "400 EUR"]),
                Paragraph("Return equipment when you leave.")));
        }

        return stream.ToArray();
    }

    /// <summary>A minimal DOCX whose body holds exactly the given blocks.</summary>
    public static byte[] DocxWithBody(params OpenXmlElement[] blocks)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            document.AddMainDocumentPart().Document = new Document(new Body(blocks));
        }

        return stream.ToArray();
    }

    public const string Html = """
        <!DOCTYPE html>
        <html><head><title>Docs</title><style>body { color: red }</style>
        <script>var tracking = "pixel";</script></head>
        <body>
        <header><a href="/">Home</a> <a href="/about">About us</a></header>
        <nav><ul><li>Menu one</li><li>Menu two</li></ul></nav>
        <main>
          <h1>Getting started</h1>
          <p>RagBot answers <b>questions</b> about your <a href="/docs">documents</a>.</p>
          <h2>Install</h2>
          <ol><li>Download it</li><li>Run it<ul><li>on Linux</li></ul></li></ol>
          <table><thead><tr><th>Setting</th><th>Default</th></tr></thead>
            <tbody><tr><td>ChunkSize</td><td>512</td></tr></tbody></table>
          <pre><code>dotnet run
          --project src</code></pre>
          <aside>Related posts</aside>
          <h2>Configure</h2>
          <div>Loose text in a div <span>with a span</span></div>
          <noscript>Enable JavaScript</noscript>
          <p hidden>Hidden text</p>
          <div role="navigation">Breadcrumbs</div>
        </main>
        <footer>Copyright 2026</footer>
        <script>alert('x')</script>
        </body></html>
        """;

    public const string Markdown = """
        ---
        title: front matter
        ---
        # Guide

        Intro with a [link text](https://example.com) and ![an image](pic.png) and <span>inline html</span>.

        ## Setup

        - First step
        - Second step
          - Nested step
        1. Numbered

        | Name | Value |
        |------|-------|
        | size | 512   |

        ```bash
        dotnet build
        dotnet test
        ```

        <div>raw html block</div>

        ### Deep
        > Quoted text
        """;

    public static string Csv(int rows)
    {
        var text = new StringBuilder("Name,City,Note\r\n");
        text.Append("\"Smith, Ada\",London,\"Said \"\"hello\"\"\nthen left\"\r\n");
        for (var i = 2; i <= rows; i++)
        {
            text.Append($"Person {i},Town {i},Note {i}\r\n");
        }

        return text.ToString();
    }

    public const string Json = """
        {
          "service": { "name": "ragbot", "ports": [8080, 8443], "tls": { "enabled": true } },
          "owners": [ { "name": "Ada", "email": null } ],
          "a.b": "dotted key",
          "empty": {}
        }
        """;

    public const string Text = "First paragraph line one.\r\nLine two of it.\r\n\r\n   \r\nSecond paragraph.\n\n\nThird\fFourth after page break.";

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static Style ParagraphStyle(string id, string name) =>
        new(new StyleName { Val = name }) { Type = StyleValues.Paragraph, StyleId = id };

    private static Paragraph Paragraph(string text, string? styleId = null)
    {
        var paragraph = new Paragraph(new Run(new Text(text)));
        if (styleId is not null)
        {
            paragraph.PrependChild(new ParagraphProperties(new ParagraphStyleId { Val = styleId }));
        }

        return paragraph;
    }

    private static Paragraph ListItem(string text) =>
        new(
            new ParagraphProperties(
                new ParagraphStyleId { Val = "ListParagraph" },
                new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 1 })),
            new Run(new Text(text)));

    private static Table Table(params string[][] rows) =>
        new(rows.Select(cells => new TableRow(cells.Select(cell => new TableCell(new Paragraph(new Run(new Text(cell))))))));
}
