using System.Text;

namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Splits CSV text into records per RFC 4180: quoted fields may hold delimiters, line breaks and doubled quotes.
/// Lenient where the RFC is silent (stray quotes inside unquoted fields are kept); an unterminated quote is an error.
/// </summary>
internal sealed class CsvRecordReader(string text, char delimiter)
{
    private int _position;
    private int _line = 1;

    /// <summary>Picks ',', ';' or tab: whichever occurs most often outside quotes in the first line.</summary>
    public static char DetectDelimiter(string text)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\n' or '\r')
            {
                break;
            }
            else if (!quoted)
            {
                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }

        return tabs > commas && tabs >= semicolons ? '\t' : semicolons > commas ? ';' : ',';
    }

    /// <summary>The next record, or null at the end of the text. Blank lines are skipped.</summary>
    public List<string>? ReadRecord()
    {
        while (_position < text.Length)
        {
            var record = ReadFields();
            if (record.Count > 1 || record[0].Length > 0)
            {
                return record;
            }
        }

        return null;
    }

    private List<string> ReadFields()
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        while (true)
        {
            if (_position < text.Length && text[_position] == '"')
            {
                ReadQuoted(field);
            }

            while (_position < text.Length && text[_position] != delimiter && text[_position] is not '\n' and not '\r')
            {
                field.Append(text[_position++]);
            }

            fields.Add(field.ToString());
            field.Clear();
            if (_position >= text.Length)
            {
                return fields;
            }

            var separator = text[_position++];
            if (separator == delimiter)
            {
                continue;
            }

            if (separator == '\r' && _position < text.Length && text[_position] == '\n')
            {
                _position++;
            }

            _line++;
            return fields;
        }
    }

    private void ReadQuoted(StringBuilder field)
    {
        var startLine = _line;
        _position++;
        while (_position < text.Length)
        {
            var c = text[_position++];
            if (c == '"')
            {
                if (_position < text.Length && text[_position] == '"')
                {
                    field.Append('"');
                    _position++;
                    continue;
                }

                return;
            }

            if (c == '\n')
            {
                _line++;
            }

            field.Append(c);
        }

        throw ParserFailure.Unreadable($"The CSV file has a quoted field starting on line {startLine} that is never closed.");
    }
}
