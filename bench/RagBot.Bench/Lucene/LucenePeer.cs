using System.Diagnostics;
using Lucene.Net.Analysis.En;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace RagBot.Bench.Lucene;

/// <summary>
/// A BEIR collection indexed in memory by Lucene.Net 4.8 BM25 (k1 1.2, b 0.75, English analyzer with Porter
/// stemming, title and text in one field): the peer RagBot's retrieval latency and quality are compared with.
/// </summary>
internal sealed class LucenePeer : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const string IdField = "id";
    private const string BodyField = "body";

    private readonly EnglishAnalyzer _analyzer = new(Version);
    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly QueryParser _parser;

    public LucenePeer(BeirCollection collection)
    {
        var similarity = new BM25Similarity(1.2f, 0.75f);
        var indexing = Stopwatch.StartNew();
        var config = new IndexWriterConfig(Version, _analyzer) { Similarity = similarity, OpenMode = OpenMode.CREATE };
        using (var writer = new IndexWriter(_directory, config))
        {
            foreach (var document in collection.Documents)
            {
                writer.AddDocument(new Document
                {
                    new StringField(IdField, document.Id, Field.Store.YES),
                    new TextField(BodyField, document.Title + "\n" + document.Text, Field.Store.NO),
                });
            }

            writer.Commit();
        }

        IndexingTime = indexing.Elapsed;
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = similarity };
        _parser = new QueryParser(Version, BodyField, _analyzer);
    }

    public TimeSpan IndexingTime { get; }

    /// <summary>
    /// Runs every query <paramref name="passes"/> + 1 times (the first pass is a warm-up left out of the latencies):
    /// parse, search the top <paramref name="top"/>, read their ids. Returns each query's ranking and the latencies in ms.
    /// </summary>
    public (Dictionary<string, IReadOnlyList<string>> Rankings, List<double> Latencies) Measure(IReadOnlyList<BeirQuery> queries, int top, int passes)
    {
        var rankings = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var latencies = new List<double>();
        for (var pass = 0; pass <= passes; pass++)
        {
            foreach (var query in queries)
            {
                var started = Stopwatch.GetTimestamp();
                var ranked = Search(query.Text, top);
                if (pass > 0)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }

                rankings[query.Id] = ranked;
            }
        }

        return (rankings, latencies);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }

    private List<string> Search(string text, int top)
    {
        var query = _parser.Parse(QueryParserBase.Escape(text));
        var hits = _searcher.Search(query, top).ScoreDocs;
        return hits.Select(hit => _searcher.Doc(hit.Doc).Get(IdField)).ToList();
    }
}
