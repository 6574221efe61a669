// Chat: streamed answers, numbered citation chips, the citation dialog and opening the original.
import { ApiError, request, streamChat } from './api.js';
import { byId, count, el } from './dom.js';
import { highlighted, spansOf } from './highlight.js';

let sessionId = null;
let running = null;

export function initChat() {
  byId('ask-form').addEventListener('submit', event => {
    event.preventDefault();
    ask();
  });
  byId('question').addEventListener('keydown', event => {
    // Enter asks, Shift+Enter starts a new line.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      ask();
    }
  });
  byId('new-conversation').addEventListener('click', newConversation);
  byId('citation-close').addEventListener('click', () => byId('citation-dialog').close());
  byId('citation-open').addEventListener('click', openOriginal);
}

function newConversation() {
  running?.abort();
  sessionId = null;
  delete byId('conversation').dataset.sessionId;
  byId('conversation').replaceChildren();
  byId('question').value = '';
  byId('question').focus();
}

async function ask() {
  const input = byId('question');
  const message = input.value.trim();
  if (!message || running) {
    return;
  }

  input.value = '';
  const conversation = byId('conversation');
  conversation.append(el('li', { class: 'turn user' }, el('p', {}, message)));
  const answer = el('p', { class: 'answer' });
  const status = el('p', { class: 'status muted' }, 'Thinking…');
  const chips = el('ul', { class: 'chips', 'aria-label': 'Sources' });
  const turn = el('li', { class: 'turn bot', 'aria-busy': 'true' }, answer, chips, status);
  conversation.append(turn);
  turn.scrollIntoView({ block: 'end' });

  running = new AbortController();
  byId('ask').disabled = true;
  let sources = [];
  try {
    await streamChat({ message, sessionId }, (name, data) => {
      if (name === 'citations') {
        remember(data.sessionId);
        sources = data.citations ?? [];
        status.textContent = sources.length > 0 ? `Answering from ${count(sources.length, 'source')}…` : 'Answering…';
      } else if (name === 'delta') {
        turn.dataset.deltas = String(Number(turn.dataset.deltas ?? 0) + 1);
        answer.append(document.createTextNode(data.text ?? ''));
      } else if (name === 'done') {
        finish(turn, answer, chips, status, data, sources);
      } else if (name === 'error') {
        throw new ApiError(data.status ?? 500, data.detail ? `${data.title ?? 'The answer failed'}: ${data.detail}` : (data.title ?? 'The answer failed.'));
      }
    }, running.signal);
  } catch (error) {
    if (error.name !== 'AbortError') {
      turn.classList.add('failed');
      status.textContent = error.message;
      status.setAttribute('role', 'alert');
    }
  } finally {
    turn.removeAttribute('aria-busy');
    running = null;
    byId('ask').disabled = false;
  }
}

/** Follow-ups go to the same session; the id is also on the list, where tests and tools can read it. */
function remember(id) {
  if (id) {
    sessionId = id;
    byId('conversation').dataset.sessionId = id;
  }
}

function finish(turn, answer, chips, status, response, sources) {
  remember(response.sessionId);
  // The validated answer replaces the streamed draft (its [n] markers are now checked).
  answer.textContent = response.answer ?? '';
  if (response.mode === 'not-found') {
    turn.classList.add('not-found');
    status.textContent = 'Not found in the documents.';
    return;
  }

  const cited = response.citations?.length > 0 ? response.citations : sources;
  for (const citation of cited) {
    chips.append(el('li', {}, el('button', {
      type: 'button',
      class: 'chip',
      'aria-haspopup': 'dialog',
      title: citation.source,
      onclick: () => showCitation(citation, response.answer),
    }, el('span', { class: 'chip-number' }, `${citation.index}`), ` ${citation.source}${pageLabel(citation)}`)));
  }

  status.textContent = response.mode === 'extractive' ? 'Extractive answer: sentences quoted from the documents.' : `Mode: ${response.mode}`;
}

function pageLabel(citation) {
  if (!citation.page) {
    return '';
  }

  return citation.pageEnd && citation.pageEnd !== citation.page ? `, pages ${citation.page}–${citation.pageEnd}` : `, page ${citation.page}`;
}

function showCitation(citation, answer) {
  byId('citation-title').textContent = `[${citation.index}] ${citation.source}`;
  byId('citation-where').textContent = [citation.headingPath, pageLabel(citation).replace(/^, /, '')].filter(Boolean).join(' · ');
  const snippet = citation.snippet ?? '';
  byId('citation-snippet').replaceChildren(highlighted(snippet, spansOf(snippet, citation.highlights, answer)));
  const link = byId('citation-open');
  link.href = originalUrl(citation);
  link.dataset.documentId = citation.documentId;
  byId('citation-dialog').showModal();
}

/** The server's link when it sends one (it knows the page anchors), else the content route at the page. */
function originalUrl(citation) {
  // Only a path of this API: never another origin (a protocol-relative '//host' starts with '/' too).
  if (typeof citation.url === 'string' && citation.url.startsWith('/api/documents/')) {
    return citation.url;
  }

  const page = citation.page ? `#page=${citation.page}` : '';
  return `/api/documents/${encodeURIComponent(citation.documentId)}/content${page}`;
}

/**
 * A link cannot carry the API key, so the original is fetched with it and shown from a blob. Only PDFs keep
 * their type (the browser's viewer honours #page=N); every other format is shown as plain text, so a hostile
 * HTML original can never run as a page of this origin.
 */
async function openOriginal(event) {
  event.preventDefault();
  const link = event.currentTarget;
  const [path, hash] = link.getAttribute('href').split('#');
  // Opened now, inside the click, so no popup blocker refuses it; filled once the bytes arrive.
  const view = window.open('', '_blank');
  if (view) {
    // The original gets no handle on this page (and its key).
    view.opener = null;
  }
  try {
    const response = await request(path);
    const type = (response.headers.get('Content-Type') ?? '').toLowerCase();
    const bytes = await response.arrayBuffer();
    const viewable = type.startsWith('application/pdf') ? 'application/pdf'
      : type.startsWith('text/') || type.includes('json') ? 'text/plain;charset=utf-8' : null;
    const url = URL.createObjectURL(new Blob([bytes], { type: viewable ?? 'application/octet-stream' }));
    if (viewable && view) {
      view.location.href = hash ? `${url}#${hash}` : url;
    } else {
      view?.close();
      el('a', { href: url, download: link.dataset.documentId ?? 'document' }).click();
    }

    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (error) {
    view?.close();
    byId('citation-where').textContent = error.message;
  }
}
