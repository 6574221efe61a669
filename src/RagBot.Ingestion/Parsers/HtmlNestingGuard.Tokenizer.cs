namespace RagBot.Ingestion.Parsers;

/// <summary>Reads the markup as the HTML5 tokenizer does: tags, comments, raw text and script escapes.</summary>
internal static partial class HtmlNestingGuard
{
    private sealed partial class TreeModel
    {
        private void SkipComment(int from)
        {
            // "<!-->" and "<!--->" are whole comments; otherwise the first "-->" or "--!>" ends it (EOF: the rest).
            if (from < html.Length && html[from] == '>')
            {
                _pos = from + 1;
                return;
            }

            if (from + 1 < html.Length && html[from] == '-' && html[from + 1] == '>')
            {
                _pos = from + 2;
                return;
            }

            var i = from;
            while ((i = html.IndexOf("--", i, StringComparison.Ordinal)) >= 0)
            {
                var j = i + 2;
                while (j < html.Length && html[j] == '-')
                {
                    j++;
                }

                if (j < html.Length && html[j] == '>')
                {
                    _pos = j + 1;
                    return;
                }

                if (j + 1 < html.Length && html[j] == '!' && html[j + 1] == '>')
                {
                    _pos = j + 2;
                    return;
                }

                i = j;
            }

            _pos = html.Length;
        }

        private void SkipToGreaterThan(int from)
        {
            var end = html.IndexOf('>', from);
            _pos = end < 0 ? html.Length : end + 1;
        }

        /// <summary>Reads a tag as the tokenizer does (quoted attribute values may hold '&gt;'); a tag cut by the end of input is dropped.</summary>
        private Tag ReadTag(int nameStart)
        {
            var i = nameStart;
            while (i < html.Length && !IsSpace(html[i]) && html[i] is not '/' and not '>')
            {
                i++;
            }

            var name = LowerAscii(html.AsSpan(nameStart, i - nameStart));
            var attributesStart = i;
            var selfClosing = false;
            var fontBreaksOut = false;
            var htmlEncoding = false;
            while (true)
            {
                while (i < html.Length && IsSpace(html[i]))
                {
                    i++;
                }

                if (i >= html.Length)
                {
                    return Dropped();
                }

                if (html[i] == '>')
                {
                    i++;
                    break;
                }

                if (html[i] == '/')
                {
                    if (i + 1 < html.Length && html[i + 1] == '>')
                    {
                        selfClosing = true;
                        i += 2;
                        break;
                    }

                    i++;
                    continue;
                }

                var attributeStart = i++;
                while (i < html.Length && !IsSpace(html[i]) && html[i] is not '/' and not '>' and not '=')
                {
                    i++;
                }

                var attribute = html.AsSpan(attributeStart, i - attributeStart);
                fontBreaksOut |= attribute.Equals("color", StringComparison.OrdinalIgnoreCase) || attribute.Equals("face", StringComparison.OrdinalIgnoreCase)
                    || attribute.Equals("size", StringComparison.OrdinalIgnoreCase);
                var isEncoding = attribute.Equals("encoding", StringComparison.OrdinalIgnoreCase);
                while (i < html.Length && IsSpace(html[i]))
                {
                    i++;
                }

                if (i >= html.Length || html[i] != '=')
                {
                    continue;
                }

                i++;
                while (i < html.Length && IsSpace(html[i]))
                {
                    i++;
                }

                if (i >= html.Length)
                {
                    return Dropped();
                }

                int valueStart, valueEnd;
                if (html[i] is '"' or '\'')
                {
                    var close = html.IndexOf(html[i], i + 1);
                    if (close < 0)
                    {
                        return Dropped();
                    }

                    valueStart = i + 1;
                    valueEnd = close;
                    i = close + 1;
                }
                else
                {
                    valueStart = i;
                    while (i < html.Length && !IsSpace(html[i]) && html[i] != '>')
                    {
                        i++;
                    }

                    valueEnd = i;
                }

                if (isEncoding)
                {
                    var value = html.AsSpan(valueStart, valueEnd - valueStart);
                    htmlEncoding |= value.Equals("text/html", StringComparison.OrdinalIgnoreCase) || value.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase);
                }
            }

            _pos = i;
            var attributes = html.Substring(attributesStart, Math.Max(0, i - 1 - attributesStart));
            return new Tag(name, selfClosing, attributes, fontBreaksOut, htmlEncoding);
        }

        private Tag Dropped()
        {
            _pos = html.Length;
            return default;
        }

        private void RawTextElement(string name, int tagStart)
        {
            if (Top("template") >= 0)
            {
                // Template contents may be in a table or column-group mode that ignores these tags (their text is then markup).
                GoPessimistic(tagStart);
                return;
            }


            if (name is "xmp" or "plaintext")
            {
                CloseP();
            }

            if (name == "xmp")
            {
                Reconstruct();
            }

            Count(Depth + 1);
            if (name == "plaintext")
            {
                _stop = true;
                return;
            }

            var end = name == "script" ? ScriptEnd(_pos) : RawTextEnd(name, _pos);
            if (end < 0)
            {
                _pos = html.Length;
                return;
            }

            _pos = end;
            ReadTag(end + 2);
        }

        /// <summary>Where the raw text of <paramref name="name"/> ends: the '&lt;' of "&lt;/name" followed by whitespace, '/' or '&gt;'.</summary>
        private int RawTextEnd(string name, int from)
        {
            var i = from;
            while ((i = html.IndexOf("</", i, StringComparison.Ordinal)) >= 0)
            {
                if (IsEndTagOf(name, i))
                {
                    return i;
                }

                i += 2;
            }

            return -1;
        }

        private bool IsEndTagOf(string name, int at)
        {
            var after = at + 2 + name.Length;
            return after < html.Length
                && html.AsSpan(at + 2, name.Length).Equals(name, StringComparison.OrdinalIgnoreCase)
                && (IsSpace(html[after]) || html[after] is '/' or '>');
        }

        /// <summary>The end of script data, with the tokenizer's escape states ("&lt;!--" ... "&lt;script&gt;" hides "&lt;/script&gt;").</summary>
        private int ScriptEnd(int from)
        {
            const int Data = 0, Escaped = 1, DoubleEscaped = 2;
            var state = Data;
            var i = from;
            while (i < html.Length)
            {
                var c = html[i];
                if (c == '<')
                {
                    if (state != DoubleEscaped && IsEndTagOf("script", i))
                    {
                        return i;
                    }

                    if (state == Data && string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
                    {
                        state = Escaped;
                        i += 4;
                        continue;
                    }

                    if (state == Escaped && i + 7 < html.Length && html.AsSpan(i + 1, 6).Equals("script", StringComparison.OrdinalIgnoreCase)
                        && (IsSpace(html[i + 7]) || html[i + 7] is '/' or '>'))
                    {
                        state = DoubleEscaped;
                        i += 7;
                        continue;
                    }

                    if (state == DoubleEscaped && IsEndTagOf("script", i))
                    {
                        state = Escaped;
                        i += 8;
                        continue;
                    }
                }
                else if (c == '-' && state != Data && i + 2 < html.Length && html[i + 1] == '-')
                {
                    // "-->" (after any run of dashes) leaves the escape.
                    var j = i + 2;
                    while (j < html.Length && html[j] == '-')
                    {
                        j++;
                    }

                    if (j < html.Length && html[j] == '>')
                    {
                        state = Data;
                        i = j + 1;
                        continue;
                    }

                    i = j;
                    continue;
                }

                i++;
            }

            return -1;
        }

        private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\f' or '\r';

        private static string LowerAscii(ReadOnlySpan<char> name)
        {
            Span<char> buffer = name.Length <= 64 ? stackalloc char[name.Length] : new char[name.Length];
            for (var i = 0; i < name.Length; i++)
            {
                buffer[i] = char.IsAsciiLetterUpper(name[i]) ? (char)(name[i] | 0x20) : name[i];
            }

            return new string(buffer);
        }
    }
}
