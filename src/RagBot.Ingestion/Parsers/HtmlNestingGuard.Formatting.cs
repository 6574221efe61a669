namespace RagBot.Ingestion.Parsers;

/// <summary>Formatting elements (b, font, ...): the list the tree builder re-opens them from, and the adoption agency.</summary>
internal static partial class HtmlNestingGuard
{
    private sealed partial class TreeModel
    {
        private void AddFormatting(string name, string attributes)
        {
            var record = new Formatting
            {
                Name = name,
                NoahKey = string.Concat(name, "\0", attributes.Trim(), "\0", LastMarker().ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Serial = ++_serial,
                Position = _stack.Count,
            };
            if (!_formattingByName.TryGetValue(name, out var records))
            {
                _formattingByName[name] = records = [];
            }

            records.Add(record);
            if (!_identical.TryGetValue(record.NoahKey, out var identical))
            {
                _identical[record.NoahKey] = identical = [];
            }

            identical.RemoveAll(r => r.Dead || r.Unlisted);
            if (identical.Count >= 3)
            {
                identical[0].Unlisted = true;
                identical.RemoveAt(0);
            }

            identical.Add(record);
            _formatting.Add(record);
            _live++;
            Count(Depth);
        }

        /// <summary>
        /// An end tag (or a new <c>a</c>/<c>nobr</c>) for a formatting element: the tree builder's adoption agency removes the
        /// element when it is listed after the last marker and in scope. Only then is it no longer counted (and, with no special
        /// element opened after it, what was opened after it is closed too).
        /// </summary>
        private void EndFormatting(string name)
        {
            Formatting? record = null;
            if (_formattingByName.TryGetValue(name, out var records))
            {
                while (records.Count > 0 && records[^1].Dead)
                {
                    records.RemoveAt(records.Count - 1);
                }

                for (var i = records.Count - 1; i >= 0 && record is null; i--)
                {
                    Charge(1);
                    if (!records[i].Dead && !records[i].Unlisted)
                    {
                        record = records[i];
                    }
                }
            }

            if (record is null || record.Frozen || record.Serial < LastMarker() || Top(_defaultBoundary) >= record.Position)
            {
                AnyOtherEndTag(name);
                return;
            }

            Walk(record.Position);
            var furthestBlocks = SpecialsFrom(record.Position);
            if (furthestBlocks == 0)
            {
                Kill(record);
                PopTo(Math.Min(record.Position, _stack.Count));
                CloseFormattingFrom(record.Position, record.Serial);
                return;
            }

            // With special elements opened after it, the adoption agency runs up to eight rounds, one per special element:
            // it drops the other elements between them from the stack (they stay in the tree) and passes over the
            // formatting elements there. After eight rounds it gives up, leaving a copy of the element open; otherwise
            // it closes the copy and all above the last special element.
            var first = _special.Count - furthestBlocks;
            var last = _special[first + Math.Min(furthestBlocks, 8) - 1];
            for (var i = record.Position; i < last; i++)
            {
                Charge(1);
                if (!_stack[i].Special && !_stack[i].Dropped)
                {
                    Drop(i);
                }
            }

            for (var i = _formatting.Count - 1; i >= 0; i--)
            {
                var other = _formatting[i];
                Charge(1);
                if (other.Dead || other == record || other.Serial < record.Serial)
                {
                    continue;
                }

                if (other.Position <= last)
                {
                    other.Frozen = true;
                }
            }

            if (furthestBlocks < 8)
            {
                Kill(record);
                PopAbove(Top(_special));
            }
        }

        /// <summary>
        /// The tree builder removed the element at <paramref name="index"/> from the middle of its stack. The model keeps it
        /// (it still counts) but no end tag or scope check finds it by name any more.
        /// </summary>
        private void Drop(int index)
        {
            var element = _stack[index];
            element.Dropped = true;
            _stack[index] = element;
            Remove(_positions[element.Key], index);
            Remove(_htmlElements, index);
        }

        private static void Remove(List<int> list, int index)
        {
            var at = list.BinarySearch(index);
            if (at >= 0)
            {
                list.RemoveAt(at);
            }
        }

        private long LastMarker() => _markers.Count > 0 ? _markers[^1] : 0;

        /// <summary>
        /// What the tree builder does when a cell, caption, applet, marquee, object or template is closed by its own end
        /// (not when it is popped in passing): forget the formatting elements opened after the last marker, and the marker.
        /// </summary>
        private void ClearToLastMarker()
        {
            if (_markers.Count == 0)
            {
                return;
            }

            var marker = _markers[^1];
            _markers.RemoveAt(_markers.Count - 1);
            while (_formatting.Count > 0 && _formatting[^1].Serial > marker)
            {
                var record = _formatting[^1];
                _formatting.RemoveAt(_formatting.Count - 1);
                if (!record.Dead)
                {
                    record.Dead = true;
                    _live--;
                }
            }
        }

        /// <summary>How many special elements are open at or above <paramref name="position"/>.</summary>
        private int SpecialsFrom(int position)
        {
            var index = _special.BinarySearch(position);
            return _special.Count - (index < 0 ? ~index : index);
        }

        private void Kill(Formatting record)
        {
            record.Dead = true;
            _live--;
            while (_formatting.Count > 0 && _formatting[^1].Dead)
            {
                _formatting.RemoveAt(_formatting.Count - 1);
            }

            if (_formatting.Count > 64 && _formatting.Count > 2 * _live)
            {
                _formatting.RemoveAll(f => f.Dead);
            }
        }

        /// <summary>
        /// Re-opens formatting elements closed implicitly, as the tree builder does before text and most start tags. Of
        /// identical ones (same name and attribute text, same marker) only the last three are kept, as in its list.
        /// </summary>
        private void Reconstruct()
        {
            if (_formatting.Count == 0 || _formatting[^1].Position <= _stack.Count)
            {
                return;
            }

            // From the last entry back to one still open (or the last marker); entries dropped by Noah's Ark that were
            // closed since are gone for good.
            var marker = LastMarker();
            var reopened = 0;
            for (var i = _formatting.Count - 1; i >= 0; i--)
            {
                var record = _formatting[i];
                Charge(1);
                if (record.Dead)
                {
                    continue;
                }

                if (record.Serial < marker)
                {
                    break;
                }

                if (record.Frozen)
                {
                    continue;
                }

                if (record.Unlisted)
                {
                    if (record.Position > _stack.Count)
                    {
                        record.Dead = true;
                        _live--;
                    }

                    continue;
                }

                if (record.Position <= _stack.Count)
                {
                    break;
                }

                record.Position = _stack.Count;
                reopened++;
            }

            if (_formatting.Count > 64 && _formatting.Count > 2 * _live)
            {
                _formatting.RemoveAll(f => f.Dead);
            }

            Charge((long)reopened * ReopenCost);
        }

        /// <summary>Whether a formatting element may be the current node above a foreign element (inside an integration point).</summary>
        private bool FormattingMayBeOnTop()
        {
            // Positions grow along the list; those above the stack's size are closed (to be re-opened), not current.
            for (var i = _formatting.Count - 1; i >= 0; i--)
            {
                Charge(1);
                if (!_formatting[i].Dead && _formatting[i].Position <= _stack.Count)
                {
                    return _formatting[i].Position == _stack.Count;
                }
            }

            return false;
        }

        /// <summary>Marks the formatting elements at <paramref name="position"/> or above (opened after <paramref name="afterSerial"/>) as closed, to be re-opened.</summary>
        private void CloseFormattingFrom(int position, long afterSerial)
        {
            for (var i = _formatting.Count - 1; i >= 0; i--)
            {
                var record = _formatting[i];
                Charge(1);
                if (record.Dead)
                {
                    continue;
                }

                if (record.Position < position || record.Serial <= afterSerial)
                {
                    break;
                }

                if (record.Position == int.MaxValue)
                {
                    continue;
                }

                record.Position = int.MaxValue;
            }
        }
    }
}
