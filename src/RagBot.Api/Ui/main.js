// The page's entry point: tabs, the API key field, and each section's first load.
import { apiKey, setApiKey } from './api.js';
import { initChat } from './chat.js';
import { byId, notify } from './dom.js';
import { initDocuments, loadDocuments } from './documents.js';
import { initIndex, loadIndex } from './index-view.js';

const loaders = { chat: () => {}, documents: loadDocuments, index: loadIndex };
let current = 'chat';

function select(name) {
  current = name;
  for (const panel of Object.keys(loaders)) {
    byId(panel).hidden = panel !== name;
    const tab = byId(`tab-${panel}`);
    if (panel === name) {
      tab.setAttribute('aria-current', 'page');
    } else {
      tab.removeAttribute('aria-current');
    }
  }

  notify('');
  loaders[name]();
}

function initTabs() {
  const names = Object.keys(loaders);
  for (const name of names) {
    const tab = byId(`tab-${name}`);
    tab.addEventListener('click', () => select(name));
    tab.addEventListener('keydown', event => {
      // Left and right arrows move between the tabs, as in any tab bar.
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (step !== 0) {
        const next = names[(names.indexOf(name) + step + names.length) % names.length];
        byId(`tab-${next}`).focus();
        select(next);
      }
    });
  }
}

function initKey() {
  const input = byId('api-key');
  input.value = apiKey();
  byId('key-form').addEventListener('submit', event => {
    event.preventDefault();
    setApiKey(input.value.trim());
    select(current);
  });
  byId('key-clear').addEventListener('click', () => {
    input.value = '';
    setApiKey('');
    select(current);
  });
}

initTabs();
initKey();
initChat();
initDocuments();
initIndex();
