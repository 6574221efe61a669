namespace RagBot.Ingestion.Parsers;

/// <summary>End tags: which open element, if any, they close under the tree builder's scope rules.</summary>
internal static partial class HtmlNestingGuard
{
    private sealed partial class TreeModel
    {
        private void EndTag(string name)
        {
            Charge(1);
            if (InForeignContent())
            {
                // (AngleSharp treats an end tag in an integration point, such as MathML mi, by the HTML rules.)
                if (FormattingMayBeOnTop())
                {
                    GoPessimistic(_pos);
                    return;
                }

                if (name is "br" or "p")
                {
                    PopForeign();
                }

                var foreign = Top(ForeignKey(name));
                var htmlElement = Top(_htmlElements);
                Walk(Math.Max(foreign, htmlElement));
                if (foreign > htmlElement)
                {
                    PopTo(foreign);
                    return;
                }
            }

            if (Top("select") >= 0 && name is not "select" and not "option" and not "optgroup" and not "template")
            {
                // Inside select the tree builder ignores most end tags; ignoring them can only over-count.
                return;
            }

            switch (name)
            {
                case "option" or "optgroup" or "noscript":
                    // noscript: in head the tree builder may already have closed it, so it closes only as the current node.
                    if (CurrentIs(name))
                    {
                        Pop();
                    }

                    return;
                case "body" or "html" or "head":
                    return;
                case "br":
                    Reconstruct();
                    Count(Depth + 1);
                    return;
                case "p":
                    Count(Depth + 1);
                    CloseP();
                    return;
                case "li":
                    CloseInScope(Top("li"), Top(_listBoundary));
                    return;
                case "dd" or "dt":
                    CloseInScope(Top(name), Top(_defaultBoundary));
                    return;
                case "form":
                    EndForm();
                    return;
                case "applet" or "marquee" or "object":
                    var own = Top(name);
                    if (own >= 0 && own >= Top(_defaultBoundary))
                    {
                        Walk(own);
                        PopTo(own);
                        ClearToLastMarker();
                    }

                    return;
                case "template":
                    var template = Top(name);
                    if (template >= 0)
                    {
                        Walk(template);
                        PopTo(template);
                        ClearToLastMarker();
                    }

                    return;
                case "table" or "tbody" or "thead" or "tfoot" or "tr" or "td" or "th" or "caption":
                    EndTablePart(name);
                    return;
                case "colgroup":
                    if (CurrentIs("colgroup"))
                    {
                        Pop();
                    }

                    return;
                case "select":
                    var select = Top(name);
                    if (select >= 0 && _stack.Count - 1 - select <= 2 && AllOptions(select + 1) && !FormattingMayBeOnTop())
                    {
                        PopTo(select);
                    }

                    return;
            }

            if (name.Length == 2 && name[0] == 'h' && name[1] is >= '1' and <= '6')
            {
                var heading = -1;
                foreach (var h in Headings)
                {
                    heading = Math.Max(heading, Top(h));
                }

                CloseInScope(heading, Top(_defaultBoundary));
            }
            else if (ScopedEnd.Contains(name))
            {
                CloseInScope(Top(name), Top(_defaultBoundary));
            }
            else if (FormattingNames.Contains(name))
            {
                EndFormatting(name);
            }
            else
            {
                AnyOtherEndTag(name);
            }
        }

        /// <summary>
        /// The form element pointer: a second form start tag is ignored while it is set, and a form end tag clears it and
        /// closes the implied end tags above the form, then the form itself only when it is the current node (else the
        /// tree builder removes just the form from the stack; the model keeps it, which can only over-count).
        /// </summary>
        private void EndForm()
        {
            if (Top("template") >= 0)
            {
                // (AngleSharp does not always close a form inside a template; keeping it can only over-count.)
                return;
            }

            if (!_formPointer)
            {
                return;
            }

            _formPointer = false;
            var form = Top("form");
            Walk(Math.Max(form, Top(_defaultBoundary)));
            if (form < 0 || form <= Top(_defaultBoundary))
            {
                return;
            }

            PopImpliedEndTags();
            if (CurrentIs("form"))
            {
                Pop();
            }
            else
            {
                Drop(Top("form"));
            }
        }

        private void PopImpliedEndTags()
        {
            while (_stack.Count > 0 && _stack[^1] is { Ns: Ns.Html, Key: "dd" or "dt" or "li" or "optgroup" or "option" or "p" or "rb" or "rp" or "rt" or "rtc" }
                && !FormattingMayBeOnTop())
            {
                Pop();
            }
        }

        private bool AllOptions(int from)
        {
            for (var i = from; i < _stack.Count; i++)
            {
                if (_stack[i] is not { Ns: Ns.Html, Key: "option" or "optgroup" })
                {
                    return false;
                }
            }

            return true;
        }

        private void EndTablePart(string name)
        {
            var table = Top("table");
            var template = Top("template");
            var own = Top(name);
            if (name == "table" ? own >= 0 && own > template : table >= 0 && table > template && own > table)
            {
                var cell = Math.Max(Math.Max(Top("td"), Top("th")), Top("caption"));
                Walk(own);
                PopTo(own);
                if (cell >= own)
                {
                    ClearToLastMarker();
                }
            }
            else if (table < 0 && template < 0)
            {
                AnyOtherEndTag(name);
            }
        }

        /// <summary>In body, "any other end tag": the nearest open element of that name, unless a special element is nearer.</summary>
        private void AnyOtherEndTag(string name)
        {
            var own = Top(name);
            var special = Top(_special);
            Walk(Math.Max(own, special));
            if (own >= 0 && own >= special)
            {
                PopTo(own);
            }
        }

        private void CloseInScope(int position, int boundary)
        {
            Walk(Math.Max(position, boundary));
            if (position >= 0 && position > boundary)
            {
                PopTo(position);
            }
        }

        private void CloseP()
        {
            var p = Top("p");
            var boundary = Top(_buttonBoundary);
            Walk(Math.Max(p, boundary));
            if (p >= 0 && p > boundary)
            {
                PopTo(p);
            }
        }

        private void CloseListItem(string[] names)
        {
            var item = -1;
            foreach (var n in names)
            {
                item = Math.Max(item, Top(n));
            }

            var stop = Top(_specialForLists);
            Walk(Math.Max(item, stop));
            if (item >= 0 && item == stop)
            {
                PopTo(item);
            }
        }
    }
}
