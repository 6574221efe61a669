using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RagBot.IntegrationTests.Ingestion;

namespace RagBot.IntegrationTests.Reliability;

/// <summary>
/// Uploads nested deeply enough to overflow a format library's recursion (found by an outside attack: each of these
/// ended the API process, and the recovered job ended it again at the next start). The API runs as a child process
/// because a stack overflow cannot be caught: in-process it would end the test run instead of failing one test.
/// </summary>
public sealed class DeeplyNestedUploadTests : IDisposable
{
    private readonly string _dataDirectory = JobsClient.NewDataDirectory();

    public void Dispose() => JobsClient.DeleteDataDirectory(_dataDirectory);

    /// <summary>3 KB deflated: the sheet part unpacks to 900 KB, under the size where the zip-bomb ratio check starts.</summary>
    [Fact]
    public Task A_tiny_xlsx_nesting_100000_elements_is_refused_and_the_server_survives() =>
        AssertRefusedAndAliveAsync("deep.xlsx", DeepXlsx(100_000));

    /// <summary>Stored without compression, so the zip-bomb guards pass it.</summary>
    [Fact]
    public Task A_docx_with_100000_nested_tables_is_refused_and_the_server_survives() =>
        AssertRefusedAndAliveAsync("deep.docx", DeepDocx(100_000));

    [Fact]
    public Task A_pdf_whose_page_tree_is_100000_levels_deep_leaves_the_server_running() =>
        AssertEndsAndAliveAsync("deep-pages.pdf", Pdf(DeepPageTree(100_000)));

    [Fact]
    public Task A_pdf_whose_outline_is_100000_levels_deep_leaves_the_server_running() =>
        AssertEndsAndAliveAsync("deep-outline.pdf", Pdf(DeepOutline(100_000)));

    private async Task AssertRefusedAndAliveAsync(string fileName, byte[] content)
    {
        var job = await UploadThenCheckAliveAsync(fileName, content);
        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Contains("nests elements more than", job.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    /// <summary>PdfPig parses these on a large stack: indexed or refused are both fine; the process must survive.</summary>
    private async Task AssertEndsAndAliveAsync(string fileName, byte[] content)
    {
        var job = await UploadThenCheckAliveAsync(fileName, content);
        Assert.True(job.GetProperty("status").GetString() is "succeeded" or "failed", job.ToString());
    }

    /// <summary>
    /// Uploads (202), then follows the job until it ends, however long a busy machine takes (parsing a 100,000-level
    /// outline took over 30 s beside the rest of the suite), and checks the process is still serving. Returns the job.
    /// </summary>
    private async Task<JsonElement> UploadThenCheckAliveAsync(string fileName, byte[] content)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var api = await ApiProcess.StartAsync(_dataDirectory, new Dictionary<string, string>(), cancellationToken);
        JsonElement? job = null;
        try
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", fileName } };
            using var accepted = await api.Client.PostAsync(new Uri("/api/documents", UriKind.Relative), form, cancellationToken);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            var jobId = (await accepted.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("jobId").GetString();
            for (var waited = 0; waited < 600 && job?.GetProperty("status").GetString() is not ("succeeded" or "failed"); waited++)
            {
                await Task.Delay(500, cancellationToken);
                job = await api.Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/jobs/{jobId}", UriKind.Relative), cancellationToken);
            }
        }
        catch (HttpRequestException)
        {
            // The process ended: the assertion below says so with its output.
        }

        using var health = await GetOrNullAsync(api.Client, cancellationToken);
        Assert.True(health?.StatusCode == HttpStatusCode.OK, $"The API did not survive the upload (job {job}):\n{Tail(api.Output)}");
        Assert.True(job.HasValue, "The job was never read.");
        return job.Value;
    }

    private static async Task<HttpResponseMessage?> GetOrNullAsync(HttpClient client, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static string Tail(string output) => output.Length > 3000 ? output[^3000..] : output;

    private static byte[] DeepXlsx(int depth)
    {
        const string Sheet = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        return Zip(
            CompressionLevel.Optimal,
            ("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"""),
            ("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""),
            ("xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{Sheet}" xmlns:r="{Relationships}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"""),
            ("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"""),
            ("xl/worksheets/sheet1.xml", $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{Sheet}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>lemurs</t></is></c></row></sheetData><extLst><ext uri="x">""" + Repeat("<zz>", depth) + Repeat("</zz>", depth) + "</ext></extLst></worksheet>"));
    }

    private static byte[] DeepDocx(int depth) => Zip(
        CompressionLevel.NoCompression,
        ("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"""),
        ("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"""),
        ("word/document.xml", """<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"""
            + Repeat("<w:tbl><w:tr><w:tc>", depth) + "<w:p><w:r><w:t>deep cell</w:t></w:r></w:p>" + Repeat("</w:tc></w:tr></w:tbl>", depth) + "</w:body></w:document>"));

    /// <summary>Objects 1-4 are the catalog, the root of the page tree, a font and a page's text; the rest nest below it.</summary>
    private static List<string> Basics(string catalogExtra, string rootKids) =>
    [
        $"<< /Type /Catalog /Pages 2 0 R {catalogExtra}>>",
        $"<< /Type /Pages /Kids [{rootKids}] /Count 1 >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Length 56 >>\nstream\nBT /F1 12 Tf 72 720 Td (Deep page about narwhals.) Tj ET\nendstream",
    ];

    private static List<string> DeepPageTree(int depth)
    {
        var objects = Basics("", "5 0 R");
        for (var number = 5; number < 5 + depth; number++)
        {
            objects.Add($"<< /Type /Pages /Parent {(number == 5 ? 2 : number - 1)} 0 R /Kids [{number + 1} 0 R] /Count 1 >>");
        }

        objects.Add($"<< /Type /Page /Parent {4 + depth} 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>");
        return objects;
    }

    /// <summary>One page, and an outline whose every item has one child: object 6 is the outline's root, 7 onward its items.</summary>
    private static List<string> DeepOutline(int depth)
    {
        var objects = Basics("/Outlines 6 0 R /PageMode /UseOutlines ", "5 0 R");
        objects.Add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>");
        objects.Add($"<< /Type /Outlines /First 7 0 R /Last 7 0 R /Count {depth} >>");
        for (var number = 7; number < 7 + depth; number++)
        {
            var child = number + 1 < 7 + depth ? $"/First {number + 1} 0 R /Last {number + 1} 0 R /Count 1 " : "";
            objects.Add($"<< /Title (Level {number - 6}) /Parent {number - 1} 0 R {child}/Dest [5 0 R /Fit] >>");
        }

        return objects;
    }

    /// <summary>A PDF of the given objects (numbered from 1) with a correct cross-reference table.</summary>
    private static byte[] Pdf(List<string> objects)
    {
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(i + 1).Append(" 0 obj\n").Append(objects[i]).Append("\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append("xref\n0 ").Append(objects.Count + 1).Append("\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(offset.ToString("D10", CultureInfo.InvariantCulture)).Append(" 00000 n \n");
        }

        pdf.Append("trailer\n<< /Size ").Append(objects.Count + 1).Append(" /Root 1 0 R >>\nstartxref\n").Append(xref).Append("\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    private static byte[] Zip(CompressionLevel level, params (string Name, string Text)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var stream = zip.CreateEntry(name, level).Open();
                stream.Write(Encoding.UTF8.GetBytes(text));
            }
        }

        return buffer.ToArray();
    }

    private static string Repeat(string unit, int count) => string.Concat(Enumerable.Repeat(unit, count));
}
