#:project ../../src/RagBot.Ingestion/RagBot.Ingestion.csproj
#:property TargetFramework=net10.0
using System.Diagnostics;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.Options;
using RagBot.Core.Documents;
using RagBot.Ingestion.Parsers;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

var options = Options.Create(new DocumentParsingOptions());
var words = "the quick brown fox jumps over lazy dogs while retrieval augmented generation grounds answers in documents".Split(' ');
var random = new Random(42);
string Sentence(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => words[random.Next(words.Length)])) + ".";

var md = new StringBuilder();
for (var i = 0; md.Length < 50_000_000; i++)
{
    md.Append($"# Chapter {i}\n\n{Sentence(40)} {Sentence(30)}\n\n## Details {i}\n\n- {Sentence(8)}\n- {Sentence(8)}\n\n| a | b |\n|---|---|\n| {i} | {Sentence(3)} |\n\n```\ncode {i}\n```\n\nSee [the docs](https://example.com/{i}) for *more*.\n\n");
}

var prose = new StringBuilder();
for (var i = 0; prose.Length < 50_000_000; i++)
{
    prose.Append($"## Topic {i}\n\n");
    for (var p = 0; p < 5; p++) prose.Append(string.Join(' ', Enumerable.Range(0, 6).Select(_ => Sentence(15)))).Append("\n\n");
    prose.Append($"- {Sentence(10)}\n- {Sentence(10)}\n\nSee [the guide](https://example.com/{i}) for *details*.\n\n");
}

var txt = new StringBuilder();
while (txt.Length < 50_000_000) txt.Append(Sentence(40)).Append('\n').Append(Sentence(30)).Append("\n\n");

var html = new StringBuilder("<html><body><nav>menu</nav><main>");
for (var i = 0; html.Length < 20_000_000; i++)
    html.Append($"<h2>Part {i}</h2><p>{Sentence(40)} <b>{Sentence(5)}</b></p><ul><li>{Sentence(6)}</li><li>{Sentence(6)}</li></ul><table><tr><td>{i}</td><td>{Sentence(3)}</td></tr></table>");
html.Append("</main></body></html>");

var csv = new StringBuilder("id,name,comment\n");
for (var i = 0; csv.Length < 20_000_000; i++) csv.Append($"{i},\"Name, {i}\",\"{Sentence(12)}\"\n");

var json = new StringBuilder("{\"items\": [");
for (var i = 0; json.Length < 20_000_000; i++) json.Append(i == 0 ? "" : ",").Append($"{{\"id\": {i}, \"text\": \"{Sentence(12)}\", \"tags\": [\"a\", \"b\"]}}");
json.Append("]}");

byte[] Pdf(int pages)
{
    var builder = new PdfDocumentBuilder();
    var font = builder.AddStandard14Font(Standard14Font.Helvetica);
    for (var p = 0; p < pages; p++)
    {
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        page.AddText($"Section {p}", 18, new PdfPoint(50, 790), font);
        for (var line = 0; line < 45; line++) page.AddText(Sentence(11), 10, new PdfPoint(50, 760 - line * 15 - (line / 9) * 6), font);
    }
    return builder.Build();
}

byte[] Docx(int paragraphs)
{
    using var stream = new MemoryStream();
    using (var doc = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
    {
        var body = new Body();
        for (var i = 0; i < paragraphs; i++)
        {
            var p = new Paragraph(new Run(new Text(i % 20 == 0 ? $"Heading {i}" : Sentence(40))));
            if (i % 20 == 0) p.PrependChild(new ParagraphProperties(new ParagraphStyleId { Val = "Heading1" }));
            body.Append(p);
        }
        doc.AddMainDocumentPart().Document = new Document(body);
    }
    return stream.ToArray();
}

var cases = new (string Name, IDocumentParser Parser, byte[] Bytes)[]
{
    ("txt", new PlainTextParser(), Encoding.UTF8.GetBytes(txt.ToString())),
    ("md (dense)", new MarkdownParser(), Encoding.UTF8.GetBytes(md.ToString())),
    ("md (prose)", new MarkdownParser(), Encoding.UTF8.GetBytes(prose.ToString())),
    ("html", new HtmlParser(), Encoding.UTF8.GetBytes(html.ToString())),
    ("csv", new CsvParser(options), Encoding.UTF8.GetBytes(csv.ToString())),
    ("json", new JsonParser(options), Encoding.UTF8.GetBytes(json.ToString())),
    ("pdf", new PdfParser(), Pdf(200)),
    ("docx", new DocxParser(options), Docx(50_000)),
};

Console.WriteLine("format | input MB | sections | CPU s (best of 3) | MB per CPU-second | wall MB/s | PDF pages per CPU-second");
foreach (var (name, parser, bytes) in cases)
{
    var best = double.MaxValue;
    var bestWall = double.MaxValue;
    var sections = 0;
    for (var run = 0; run < 3; run++)
    {
        GC.Collect();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var doc = await parser.ParseAsync(new MemoryStream(bytes), "x", CancellationToken.None);
        bestWall = Math.Min(bestWall, sw.Elapsed.TotalSeconds);
        best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        sections = doc.Sections.Count;
    }
    var mb = bytes.Length / 1e6;
    var pages = name == "pdf" ? $"{200 / best:0}" : "";
    Console.WriteLine($"{name} | {mb:0.0} | {sections} | {best:0.00} | {mb / best:0.0} | {mb / bestWall:0.0} | {pages}");
}
