// Documents: drag-and-drop upload of several files with each one's job progress, the list, delete with confirmation.
import { getJson, request, sendJson } from './api.js';
import { byId, count, el, notify, when } from './dom.js';

const finished = new Set(['succeeded', 'failed', 'unchanged']);
const pollMilliseconds = 400;

export function initDocuments() {
  const zone = byId('drop-zone');
  const input = byId('files');
  input.addEventListener('change', () => {
    uploadAll([...input.files]);
    input.value = '';
  });
  zone.addEventListener('dragover', event => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', event => {
    event.preventDefault();
    zone.classList.remove('over');
    uploadAll([...(event.dataTransfer?.files ?? [])]);
  });
  byId('refresh-documents').addEventListener('click', loadDocuments);
}

export async function loadDocuments() {
  try {
    const documents = await getJson('/api/documents');
    byId('document-rows').replaceChildren(...documents.map(row));
    byId('documents-empty').hidden = documents.length > 0;
  } catch (error) {
    notify(error.message);
  }
}

function row(document) {
  return el('tr', { 'data-document-id': document.id },
    el('td', { class: 'source' }, el('span', {}, document.source), el('small', { class: 'muted' }, document.id)),
    el('td', {}, el('ul', { class: 'tags', 'aria-label': 'Tags' }, ...document.tags.map(tag => el('li', { class: 'tag' }, tag)))),
    el('td', { class: 'number' }, String(document.chunkCount)),
    el('td', {}, el('time', { datetime: document.updatedAt }, when(document.updatedAt))),
    el('td', {}, el('button', {
      type: 'button',
      class: 'danger',
      'aria-label': `Delete ${document.source}`,
      onclick: () => confirmDelete(document),
    }, 'Delete')));
}

function tagsTyped() {
  return byId('upload-tags').value.split(',').map(t => t.trim()).filter(Boolean);
}

function uploadAll(files) {
  const tags = tagsTyped();
  // One at a time: each file's row shows its own progress, and a big batch does not flood the rate limit.
  files.reduce((previous, file) => previous.then(() => upload(file, tags)), Promise.resolve());
}

async function upload(file, tags) {
  const progress = el('progress', { max: 1, value: 0, 'aria-label': `Progress of ${file.name}` });
  const status = el('span', { class: 'status' }, 'Uploading…');
  const item = el('li', { class: 'upload-item', 'data-file': file.name }, el('span', { class: 'name' }, file.name), progress, status);
  byId('uploads').prepend(item);
  const form = new FormData();
  form.append('file', file, file.name);
  for (const tag of tags) {
    form.append('tags', tag);
  }

  try {
    const accepted = await (await request('/api/documents', { method: 'POST', body: form })).json();
    status.textContent = 'Queued';
    await follow(accepted.jobId, progress, status, item);
  } catch (error) {
    item.classList.add('failed');
    status.textContent = error.message;
  }

  loadDocuments();
}

async function follow(jobId, progress, status, item) {
  if (!jobId) {
    progress.value = 1;
    status.textContent = 'Done';
    return;
  }

  for (;;) {
    const job = await getJson(`/api/jobs/${encodeURIComponent(jobId)}`);
    const { chunksDone, chunksTotal } = job.progress ?? {};
    if (chunksTotal > 0) {
      progress.max = chunksTotal;
      progress.value = chunksDone;
    }

    if (finished.has(job.status)) {
      progress.max = 1;
      progress.value = 1;
      item.dataset.status = job.status;
      item.classList.toggle('failed', job.status === 'failed');
      status.textContent = job.status === 'failed' ? `Failed: ${job.error ?? 'unknown reason'}` : `${job.status} · ${count(chunksTotal ?? 0, 'chunk')}`;
      return;
    }

    status.textContent = chunksTotal > 0 ? `${job.status} · ${chunksDone} of ${chunksTotal} chunks` : job.status;
    await new Promise(resolve => setTimeout(resolve, pollMilliseconds));
  }
}

function confirmDelete(document) {
  const dialog = byId('confirm-dialog');
  byId('confirm-text').textContent = `Delete “${document.source}” and all its chunks? This cannot be undone.`;
  const yes = byId('confirm-yes');
  const no = byId('confirm-no');
  const done = async confirmed => {
    yes.onclick = null;
    no.onclick = null;
    dialog.close();
    if (!confirmed) {
      return;
    }

    try {
      await sendJson('DELETE', `/api/documents/${encodeURIComponent(document.id)}`);
      notify('');
    } catch (error) {
      notify(error.message);
    }

    loadDocuments();
  };
  yes.onclick = () => done(true);
  no.onclick = () => done(false);
  dialog.showModal();
  no.focus();
}
