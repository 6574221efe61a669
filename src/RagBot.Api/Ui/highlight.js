// The quoted part of a citation's snippet, as text nodes and <mark> elements (never markup from the document).

/**
 * Spans of the snippet to mark: the citation's own highlights ({start, length} in UTF-16 code units, as
 * JavaScript strings count) when the server sends them; otherwise each sentence of the answer found in the
 * snippet (the extractive answerer quotes whole sentences), so older servers still show what was quoted.
 */
export function spansOf(snippet, highlights, answer) {
  const spans = Array.isArray(highlights) && highlights.length > 0
    ? highlights.map(h => ({ start: Number(h.start), end: Number(h.start) + Number(h.length) }))
    : sentencesFound(snippet, answer ?? '');
  return merge(spans
    .filter(s => Number.isFinite(s.start) && Number.isFinite(s.end))
    .map(s => ({ start: Math.max(0, s.start), end: Math.min(snippet.length, s.end) }))
    .filter(s => s.end > s.start));
}

/** A fragment of the snippet with the spans wrapped in <mark>. */
export function highlighted(snippet, spans) {
  const fragment = document.createDocumentFragment();
  let at = 0;
  for (const span of spans) {
    fragment.append(document.createTextNode(snippet.slice(at, span.start)));
    const mark = document.createElement('mark');
    mark.textContent = snippet.slice(span.start, span.end);
    fragment.append(mark);
    at = span.end;
  }

  fragment.append(document.createTextNode(snippet.slice(at)));
  return fragment;
}

function sentencesFound(snippet, answer) {
  const haystack = snippet.toLowerCase();
  const spans = [];
  const sentences = answer.replace(/\[\d+\]/g, ' ').split(/(?<=[.!?])\s+/);
  for (const raw of sentences) {
    const sentence = raw.trim().replace(/\s+/g, ' ');
    if (sentence.length < 12) {
      continue;
    }

    const start = haystack.indexOf(sentence.toLowerCase());
    if (start >= 0) {
      spans.push({ start, end: start + sentence.length });
    }
  }

  return spans;
}

function merge(spans) {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const merged = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) {
      last.end = Math.max(last.end, span.end);
    } else {
      merged.push({ ...span });
    }
  }

  return merged;
}
