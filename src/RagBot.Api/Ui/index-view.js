// Index: the active generation, a reindex with its progress, and the last saved evaluation as a bar chart.
import { getJson, sendJson } from './api.js';
import { byId, count, el, notify, when } from './dom.js';

const svg = 'http://www.w3.org/2000/svg';
let polling = null;

export function initIndex() {
  byId('refresh-index').addEventListener('click', loadIndex);
  byId('start-reindex').addEventListener('click', startReindex);
}

export async function loadIndex() {
  try {
    show(await getJson('/api/admin/index'));
  } catch (error) {
    notify(error.message);
    return;
  }

  loadEvaluation();
}

function show(status) {
  const active = status.active;
  const facts = [
    ['Generation', `${active.id} (${active.collectionName})`],
    ['Embedder', active.embedderModelId],
    ['Dimensions', String(active.dimensions)],
    ['Chunking', active.chunkingFingerprint],
    ['Active since', when(active.activatedAt ?? active.createdAt)],
  ];
  if (status.building) {
    facts.push(['Being built', `${status.building.id} (${status.building.embedderModelId})`]);
  }

  byId('generation').replaceChildren(...facts.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
  byId('reindex-needed').hidden = !status.reindexNeeded;
  showReindex(status.reindex ?? {});
}

function showReindex(reindex) {
  const bar = byId('reindex-progress');
  const text = byId('reindex-status');
  byId('start-reindex').disabled = Boolean(reindex.running);
  if (reindex.running) {
    bar.hidden = false;
    bar.max = Math.max(1, reindex.total ?? 0);
    bar.value = reindex.done ?? 0;
    text.textContent = `Reindexing: ${reindex.done ?? 0} of ${reindex.total ?? '?'} documents`;
    polling ??= setTimeout(poll, 500);
    return;
  }

  bar.hidden = true;
  if (reindex.error) {
    text.textContent = `The last reindex failed: ${reindex.error}`;
  } else if (reindex.finishedAt) {
    const documents = reindex.lastReport?.documents;
    text.textContent = `Last reindex finished ${when(reindex.finishedAt)}${documents === undefined ? '' : ` (${count(documents, 'document')})`}.`;
  } else {
    text.textContent = '';
  }
}

async function poll() {
  polling = null;
  try {
    show(await getJson('/api/admin/index'));
  } catch (error) {
    notify(error.message);
  }
}

async function startReindex() {
  try {
    showReindex(await sendJson('POST', '/api/admin/reindex'));
    polling ??= setTimeout(poll, 300);
  } catch (error) {
    notify(error.message);
  }
}

async function loadEvaluation() {
  const target = byId('evaluation');
  try {
    target.replaceChildren(chart(await getJson('/api/admin/eval')));
  } catch (error) {
    target.replaceChildren(el('p', { class: 'muted' }, error.status === 404
      ? 'No evaluation saved yet. Run `ragbot eval --dataset <BEIR folder> --save` on this data directory.'
      : error.message));
  }
}

/** One horizontal bar per metric (all between 0 and 1), drawn as SVG with text nodes for the labels. */
function chart(evaluation) {
  const metrics = Object.entries(evaluation.metrics ?? {});
  const rowHeight = 28;
  const width = 320;
  const labelWidth = 90;
  const barWidth = width - labelWidth - 50;
  const figure = document.createElementNS(svg, 'svg');
  figure.setAttribute('viewBox', `0 0 ${width} ${metrics.length * rowHeight}`);
  figure.setAttribute('role', 'img');
  figure.setAttribute('class', 'chart');
  const summary = metrics.map(([name, value]) => `${name} ${value.toFixed(3)}`).join(', ');
  figure.setAttribute('aria-label', `Retrieval quality: ${summary}`);
  metrics.forEach(([name, value], i) => {
    const y = i * rowHeight;
    const share = Math.max(0, Math.min(1, Number(value)));
    figure.append(
      svgElement('text', { x: 0, y: y + 18, class: 'chart-label' }, name),
      svgElement('rect', { x: labelWidth, y: y + 5, width: barWidth, height: 18, class: 'chart-track' }),
      svgElement('rect', { x: labelWidth, y: y + 5, width: (barWidth * share).toFixed(1), height: 18, class: 'chart-bar' }),
      svgElement('text', { x: labelWidth + barWidth + 6, y: y + 18, class: 'chart-value' }, Number(value).toFixed(3)));
  });
  const caption = `${evaluation.dataset} · ${evaluation.mode} · ${evaluation.queries} queries · ` +
    `p50 ${evaluation.p50Milliseconds} ms, p99 ${evaluation.p99Milliseconds} ms · saved ${when(evaluation.savedAt)}`;
  return el('figure', { class: 'evaluation' }, figure, el('figcaption', { class: 'muted' }, caption));
}

function svgElement(tag, attributes, text) {
  const element = document.createElementNS(svg, tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, String(value));
  }

  if (text !== undefined) {
    element.textContent = text;
  }

  return element;
}
