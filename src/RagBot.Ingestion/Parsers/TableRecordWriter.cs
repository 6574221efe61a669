using System.Globalization;
using System.Text;
using RagBot.Core.Documents;

namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Writes table rows as readable records named by a header row, "Header: value; Header: value", grouped into table
/// sections of a configured number of rows. Shared by the CSV and Excel parsers so both read the same way.
/// </summary>
internal sealed class TableRecordWriter
{
    private readonly SectionListBuilder _sections;
    private readonly int _rowsPerSection;
    private readonly List<string> _columns;
    private readonly StringBuilder _batch = new();
    private int _rowsInBatch;
    private bool _anyRow;

    public TableRecordWriter(SectionListBuilder sections, IEnumerable<string> header, int rowsPerSection)
    {
        _sections = sections;
        _rowsPerSection = rowsPerSection;
        _columns = header.Select((name, i) => Clean(name) is { Length: > 0 } clean ? clean : ColumnName(i)).ToList();
    }

    /// <summary>Adds one row; empty cells are left out and an all-empty row is skipped.</summary>
    public void Add(IReadOnlyList<string> record)
    {
        var pairs = new List<string>(record.Count);
        for (var i = 0; i < record.Count; i++)
        {
            var value = Clean(record[i]);
            if (value.Length == 0)
            {
                continue;
            }

            while (i >= _columns.Count)
            {
                _columns.Add(ColumnName(_columns.Count));
            }

            pairs.Add($"{_columns[i]}: {value}");
        }

        if (pairs.Count == 0)
        {
            return;
        }

        _anyRow = true;
        _batch.AppendJoin("; ", pairs).Append('\n');
        if (++_rowsInBatch == _rowsPerSection)
        {
            Flush();
        }
    }

    /// <summary>Writes the last rows; a table with a header and no rows still says which columns it has.</summary>
    public void Finish()
    {
        Flush();
        if (!_anyRow && _columns.Count > 0)
        {
            _sections.AddText("Columns: " + string.Join("; ", _columns), SectionKind.Table);
        }
    }

    private void Flush()
    {
        if (_rowsInBatch > 0)
        {
            _sections.AddLines(_batch.ToString(), SectionKind.Table);
            _batch.Clear();
            _rowsInBatch = 0;
        }
    }

    private static string ColumnName(int index) => "Column " + (index + 1).ToString(CultureInfo.InvariantCulture);

    private static string Clean(string value) => SectionListBuilder.CollapseWhitespace(value);
}
