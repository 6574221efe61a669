// Builds elements. Strings always become text nodes (textContent), never markup: document text is hostile.

/** el('li', { class: 'x', 'aria-label': 'y' }, 'text', childElement) */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }

    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }

  element.append(...children.filter(c => c !== undefined && c !== null).map(c => (c instanceof Node ? c : document.createTextNode(String(c)))));
  return element;
}

export function byId(id) {
  return document.getElementById(id);
}

/** A readable local date and time for an ISO timestamp. */
export function when(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString();
}

/** The page-wide message line (errors such as 401/403/429); empty text hides it. */
export function notify(text) {
  const notice = byId('notice');
  notice.textContent = text ?? '';
  notice.hidden = !text;
}

/** '1 chunk', '3 chunks'. */
export function count(n, noun) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
