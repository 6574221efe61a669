namespace RagBot.Ingestion.Parsers;

/// <summary>The modelled stack of open elements, its depth limit and the work estimate.</summary>
internal static partial class HtmlNestingGuard
{
    private sealed partial class TreeModel
    {
        private void PopForeign()
        {
            while (_stack.Count > 0 && _stack[^1] is { Ns: not Ns.Html, MathText: false, HtmlIntegration: false })
            {
                Pop();
            }
        }

        /// <summary>Whether the current node is the top of the modelled stack (not a formatting element opened after it) and is <paramref name="key"/>.</summary>
        private bool CurrentIs(string key) => _stack.Count > 0 && _stack[^1].Ns == Ns.Html && _stack[^1].Key == key && !FormattingMayBeOnTop();

        private bool InForeignContent() => _stack.Count > 0 && _stack[^1] is { Ns: not Ns.Html, MathText: false, HtmlIntegration: false };

        /// <summary>From <paramref name="from"/> on, every "&lt;" followed by a letter counts as a new level (table cells as three, rows two).</summary>
        private void GoPessimistic(int from)
        {
            Pessimistic = true;
            var depth = (long)Depth + 2;
            for (var i = html.IndexOf('<', from); i >= 0 && i + 1 < html.Length; i = html.IndexOf('<', i + 1))
            {
                if (!char.IsAsciiLetter(html[i + 1]))
                {
                    continue;
                }

                var name = html.AsSpan(i + 1, Math.Min(3, html.Length - i - 1));
                depth += name.StartsWith("td", StringComparison.OrdinalIgnoreCase) || name.StartsWith("th", StringComparison.OrdinalIgnoreCase) ? 3
                    : name.StartsWith("tr", StringComparison.OrdinalIgnoreCase) ? 2 : 1;
                Charge(1);
                if (_stop || !Count(depth))
                {
                    break;
                }
            }

            _stop = true;
        }

        private void Push(string name, Ns ns, Tag tag)
        {
            var key = ns == Ns.Html ? name : ForeignKey(name);
            var element = new Element { Key = key, Ns = ns };
            if (ns == Ns.Html)
            {
                element.Special = SpecialHtml.Contains(name);
                element.DefaultBoundary = BoundaryHtml.Contains(name);
                element.Marker = Markers.Contains(name);
            }
            else
            {
                element.MathText = ns == Ns.Math && name is "mi" or "mo" or "mn" or "ms" or "mtext";
                element.HtmlIntegration = (ns == Ns.Svg && name is "foreignobject" or "desc" or "title")
                    || (ns == Ns.Math && name == "annotation-xml" && tag.HtmlEncoding);
                element.Special = element.MathText || (ns == Ns.Math && name == "annotation-xml") || (ns == Ns.Svg && name is "foreignobject" or "desc" or "title");
                element.DefaultBoundary = element.Special;
            }

            var index = _stack.Count;
            _stack.Add(element);
            if (!_positions.TryGetValue(key, out var list))
            {
                _positions[key] = list = [];
            }

            list.Add(index);
            if (element.Special)
            {
                _special.Add(index);
                if (!(ns == Ns.Html && name is "address" or "div" or "p"))
                {
                    _specialForLists.Add(index);
                }
            }

            if (element.DefaultBoundary)
            {
                _defaultBoundary.Add(index);
            }

            if (element.DefaultBoundary || (ns == Ns.Html && name is "ol" or "ul"))
            {
                _listBoundary.Add(index);
            }

            if (element.DefaultBoundary || (ns == Ns.Html && name == "button"))
            {
                _buttonBoundary.Add(index);
            }

            if (ns == Ns.Html)
            {
                _htmlElements.Add(index);
            }

            if (element.Marker)
            {
                _markers.Add(++_serial);
            }

            Count(Depth);
        }

        private void Pop()
        {
            var index = _stack.Count - 1;
            var element = _stack[index];
            _stack.RemoveAt(index);
            RemoveLast(_positions[element.Key], index);
            RemoveLast(_special, index);
            RemoveLast(_specialForLists, index);
            RemoveLast(_defaultBoundary, index);
            RemoveLast(_listBoundary, index);
            RemoveLast(_buttonBoundary, index);
            RemoveLast(_htmlElements, index);
        }

        private static void RemoveLast(List<int> list, int index)
        {
            if (list.Count > 0 && list[^1] == index)
            {
                list.RemoveAt(list.Count - 1);
            }
        }

        /// <summary>Pops until the element at <paramref name="index"/> is the current node: formatting elements right above it close too.</summary>
        private void PopAbove(int index)
        {
            PopTo(index + 1);
            CloseFormattingFrom(index + 1, 0);
        }

        /// <summary>Pops until the element at index <paramref name="count"/> is popped: formatting elements above it close too.</summary>
        private void PopTo(int count)
        {
            if (_stack.Count <= count)
            {
                return;
            }

            while (_stack.Count > count)
            {
                Pop();
            }

            CloseFormattingFrom(count + 1, 0);
        }

        private int Top(string key) => _positions.TryGetValue(key, out var list) && list.Count > 0 ? list[^1] : -1;

        private static int Top(List<int> list) => list.Count > 0 ? list[^1] : -1;

        /// <summary>The tree builder walks from the current node down to <paramref name="position"/> (or the whole stack).</summary>
        private void Walk(int position) => Charge(_stack.Count - Math.Max(position, 0) + _live);

        private void Charge(long work)
        {
            Work += work;
            if (Work > workLimit)
            {
                TooCostly = true;
                _stop = true;
            }
        }

        private bool Count(long depth)
        {
            if (depth > MaxSeen)
            {
                MaxSeen = (int)Math.Min(depth, int.MaxValue);
            }

            if (depth > depthLimit)
            {
                TooDeep = true;
                _stop = true;
                return false;
            }

            return true;
        }

        private static string ForeignKey(string name) => "\u0001" + name;
    }
}
