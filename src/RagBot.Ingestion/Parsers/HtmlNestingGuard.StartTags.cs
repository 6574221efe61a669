namespace RagBot.Ingestion.Parsers;

/// <summary>Start tags: what the tree builder opens, closes first or ignores, in body, select and table contexts.</summary>
internal static partial class HtmlNestingGuard
{
    private sealed partial class TreeModel
    {
        private void StartTag(Tag tag, int tagStart)
        {
            var name = tag.Name!;
            Charge(1);
            if (_stack.Count > 0 && _stack[^1].Ns != Ns.Html)
            {
                if (FormattingMayBeOnTop())
                {
                    GoPessimistic(tagStart);
                    return;
                }

                var top = _stack[^1];
                var asHtml = (top.MathText && name is not "mglyph" and not "malignmark") || top.HtmlIntegration;
                if (!asHtml && top.Ns == Ns.Math && top.Key == ForeignKey("annotation-xml") && name == "svg")
                {
                    if (!tag.SelfClosing)
                    {
                        Push(name, Ns.Svg, tag);
                    }

                    return;
                }

                if (!asHtml)
                {
                    if (!Breakout.Contains(name) && !(name == "font" && tag.FontBreaksOut))
                    {
                        if (tag.SelfClosing)
                        {
                            Count(Depth + 1);
                        }
                        else if ((SpecialHtml.Contains(name) || FormattingNames.Contains(name)) && name is not "a" and not "font" and not "title" and not "style" and not "script")
                        {
                            // AngleSharp compares some names without their namespace (an SVG "html" or "tbody" stops its table
                            // clean-ups); no real SVG or MathML uses these names.
                            GoPessimistic(tagStart);
                        }
                        else
                        {
                            Push(name, top.Ns, tag);
                        }

                        return;
                    }

                    PopForeign();
                }
            }

            HtmlStartTag(tag, tagStart);
        }

        private void HtmlStartTag(Tag tag, int tagStart)
        {
            var name = tag.Name!;
            if (Top("select") >= 0)
            {
                SelectStartTag(tag, tagStart);
                return;
            }

            if (name is "html" or "head" or "body")
            {
                return;
            }

            if (name == "frameset")
            {
                GoPessimistic(tagStart);
                return;
            }

            if (name is "svg" or "math")
            {
                Reconstruct();
                if (tag.SelfClosing)
                {
                    Count(Depth + 1);
                }
                else
                {
                    Push(name, name == "svg" ? Ns.Svg : Ns.Math, tag);
                }

                return;
            }

            if (RawText.Contains(name))
            {
                RawTextElement(name, tagStart);
                return;
            }

            if (name == "table")
            {
                TableStart(tag, tagStart);
                return;
            }

            if (name is "rb" or "rtc" or "rp" or "rt")
            {
                // The tree builder closes p, li, option, rb, rt ... at the top of the stack when a ruby is in scope.
                if (Top("ruby") > Top(_defaultBoundary))
                {
                    while (_stack.Count > 0 && _stack[^1] is { Ns: Ns.Html, Key: "dd" or "dt" or "li" or "optgroup" or "option" or "p" or "rb" or "rp" or "rt" or "rtc" } top
                        && !(name is "rp" or "rt" && top.Key == "rtc") && !FormattingMayBeOnTop())
                    {
                        Pop();
                    }
                }

                Push(name, Ns.Html, tag);
                return;
            }

            if (TableParts.Contains(name))
            {
                TablePart(name, tag);
                return;
            }

            if (Void.Contains(name))
            {
                Count(Depth + 1);
                if (name == "hr")
                {
                    CloseP();
                }
                else if (name is "area" or "br" or "embed" or "img" or "keygen" or "wbr" or "input" or "image")
                {
                    Reconstruct();
                }

                return;
            }

            if (name == "li" || name is "dd" or "dt")
            {
                CloseListItem(name == "li" ? ["li"] : ["dd", "dt"]);
                CloseP();
            }
            else if (name.Length == 2 && name[0] == 'h' && name[1] is >= '1' and <= '6')
            {
                CloseP();
                if (_stack.Count > 0 && _stack[^1].Ns == Ns.Html && Array.IndexOf(Headings, _stack[^1].Key) >= 0 && !FormattingMayBeOnTop())
                {
                    Pop();
                }
            }
            else if (name == "form")
            {
                var template = Top("template") >= 0;
                if (_formPointer && !template)
                {
                    return;
                }

                var table = Top("table");
                if (table >= 0 && Math.Max(Math.Max(Top("td"), Top("th")), Top("caption")) < table && !template)
                {
                    // In a table (not in a cell) the form is inserted and closed at once.
                    _formPointer = true;
                    Count(Depth + 1);
                    return;
                }

                CloseP();
                _formPointer |= !template;
            }
            else if (ClosesP.Contains(name))
            {
                CloseP();
            }
            else if (name == "button")
            {
                var button = Top("button");
                if (button > Top(_defaultBoundary))
                {
                    PopTo(button);
                }

                Reconstruct();
            }
            else if (FormattingNames.Contains(name))
            {
                if (name is "a" or "nobr")
                {
                    Reconstruct();
                    EndFormatting(name);
                }

                Reconstruct();
                AddFormatting(name, tag.Attributes);
                return;
            }
            else if (name is "option" or "optgroup")
            {
                if (CurrentIs("option"))
                {
                    Pop();
                }

                Reconstruct();
            }
            else if (name != "template")
            {
                Reconstruct();
            }

            Push(name, Ns.Html, tag);
        }

        /// <summary>
        /// Inside select the tree builder follows rules of its own (AngleSharp nests every later tag, void ones too, inside
        /// an option and ignores most end tags), so every start tag opens a level here. Raw text and foreign content there
        /// are beyond the model: from then on every tag counts.
        /// </summary>
        private void SelectStartTag(Tag tag, int tagStart)
        {
            var name = tag.Name!;
            if (RawText.Contains(name) || name is "svg" or "math" or "frameset")
            {
                GoPessimistic(tagStart);
                return;
            }

            if (name is "option" or "optgroup" && CurrentIs("option"))
            {
                Pop();
            }

            Reconstruct();
            if (FormattingNames.Contains(name))
            {
                AddFormatting(name, tag.Attributes);
                return;
            }

            // Table parts may leave select and imply their row and section (or column group); count those too.
            if (name is "td" or "th" or "tr")
            {
                Push("tbody", Ns.Html, tag);
            }

            if (name is "td" or "th")
            {
                Push("tr", Ns.Html, tag);
            }

            if (name == "col")
            {
                Push("colgroup", Ns.Html, tag);
            }

            Push(name, Ns.Html, tag);
        }

        /// <summary>
        /// A table directly in a table (not in a cell or caption) closes the open one first. Elsewhere it closes an open p,
        /// except in quirks mode (no doctype), which keeps the table inside the p; when the doctype leaves the mode in
        /// doubt, the model stops there.
        /// </summary>
        private void TableStart(Tag tag, int tagStart)
        {
            var table = Top("table");
            var cell = Math.Max(Math.Max(Top("td"), Top("th")), Top("caption"));
            if (table >= 0 && table > Top("template") && cell < table)
            {
                Walk(table);
                PopTo(table);
            }
            else if (Top("p") > Top(_buttonBoundary) && Top("p") >= 0)
            {
                if (!_quirksKnown)
                {
                    _quirks = QuirksMode();
                    _quirksKnown = true;
                }

                var mode = _quirks;
                if (mode is null)
                {
                    GoPessimistic(tagStart);
                    return;
                }

                if (mode == false)
                {
                    CloseP();
                }
            }

            Push("table", Ns.Html, tag);
        }

        /// <summary>True without a doctype, false for &lt;!DOCTYPE html&gt;, null for other doctypes (the mode depends on their identifiers).</summary>
        private bool? QuirksMode()
        {
            var i = 0;
            while (true)
            {
                while (i < html.Length && (IsSpace(html[i]) || html[i] == '\uFEFF'))
                {
                    i++;
                }

                if (string.CompareOrdinal(html, i, "<!--", 0, 4) != 0)
                {
                    break;
                }

                var close = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                if (close < 0)
                {
                    return true;
                }

                i = close + 3;
            }

            if (i + 9 > html.Length || !html.AsSpan(i, 9).Equals("<!doctype", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            var end = html.IndexOf('>', i);
            if (end < 0)
            {
                return null;
            }

            var body = html.AsSpan(i + 9, end - i - 9).Trim();
            return body.Equals("html", StringComparison.OrdinalIgnoreCase) ? false : null;
        }

        private void TablePart(string name, Tag tag)
        {
            var table = Top("table");
            var template = Top("template");
            if (table < 0 && template < 0)
            {
                // Outside a table (and a template) the tree builder ignores these tags.
                return;
            }

            if (template > table)
            {
                // Template contents: the tree builder may imply tbody and tr here too; count them (their end tags are ignored).
                if (name is "td" or "th" or "tr")
                {
                    Push("tbody", Ns.Html, tag);
                }

                if (name is "td" or "th")
                {
                    Push("tr", Ns.Html, tag);
                }

                Push(name, Ns.Html, tag);
                return;
            }

            var cell = Math.Max(Math.Max(Top("td"), Top("th")), Top("caption"));
            if (cell > table)
            {
                Walk(cell);
                PopTo(cell);
                ClearToLastMarker();
            }

            var section = Math.Max(Math.Max(Top("tbody"), Top("thead")), Top("tfoot"));
            var row = Top("tr");
            switch (name)
            {
                case "td" or "th":
                    if (row > table)
                    {
                        PopAbove(row);
                    }
                    else
                    {
                        OpenSection(table, section, tag);
                        Push("tr", Ns.Html, tag);
                    }

                    break;
                case "tr":
                    if (row > table)
                    {
                        PopTo(row);
                    }

                    OpenSection(table, section, tag);
                    break;
                case "col":
                    var group = Top("colgroup");
                    if (group > table)
                    {
                        PopAbove(group);
                    }
                    else
                    {
                        PopAbove(table);
                        Push("colgroup", Ns.Html, tag);
                    }

                    return;
                default:
                    PopAbove(table);
                    break;
            }

            Push(name, Ns.Html, tag);
        }

        private void OpenSection(int table, int section, Tag tag)
        {
            if (section > table)
            {
                PopAbove(section);
            }
            else
            {
                PopAbove(table);
                Push("tbody", Ns.Html, tag);
            }
        }
    }
}
