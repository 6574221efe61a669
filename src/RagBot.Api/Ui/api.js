// RagBot's public HTTP API as the page uses it: the key header, readable errors and the chat event stream.

const keyStorage = 'ragbot.apiKey';

/** The API key typed in this tab (sessionStorage: gone when the tab closes, never sent to another origin). */
export function apiKey() {
  return sessionStorage.getItem(keyStorage) ?? '';
}

export function setApiKey(key) {
  if (key) {
    sessionStorage.setItem(keyStorage, key);
  } else {
    sessionStorage.removeItem(keyStorage);
  }
}

/** An error whose message a person can act on; status is the HTTP status (0 when the server was unreachable). */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** fetch() with the key, turning every failure into an ApiError with a readable message. */
export async function request(path, init = {}) {
  const headers = new Headers(init.headers);
  const key = apiKey();
  if (key) {
    try {
      headers.set('Authorization', `Bearer ${key}`);
    } catch {
      throw new ApiError(0, 'The API key holds characters an HTTP header cannot carry; paste it again.');
    }
  }

  let response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch {
    throw new ApiError(0, 'RagBot cannot be reached. Is the server running?');
  }

  if (!response.ok) {
    throw await errorOf(response);
  }

  return response;
}

export async function getJson(path) {
  return (await request(path, { headers: { Accept: 'application/json' } })).json();
}

export async function sendJson(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  const response = await request(path, init);
  return response.status === 204 ? null : response.json();
}

/** The message shown for a failed response: our words for 401/403/429, the server's detail otherwise. */
export async function errorOf(response) {
  let problem = {};
  try {
    problem = await response.json();
  } catch {
    // Not problem details (a proxy's page, say): the status alone must do.
  }

  return new ApiError(response.status, describe(response.status, problem, response.headers.get('Retry-After')));
}

export function describe(status, problem, retryAfter) {
  const detail = typeof problem?.detail === 'string' ? problem.detail : '';
  switch (status) {
    case 401:
      return apiKey()
        ? 'The API key was not accepted (401). Check it and enter it again above.'
        : 'This server needs an API key (401). Enter one above.';
    case 403:
      return 'Your API key may not do this (403): uploads, deletes, jobs and the index need an admin key.';
    case 429: {
      const wait = retryAfter ? ` Try again in ${retryAfter} s.` : ' Try again shortly.';
      return `Too many requests (429).${wait}`;
    }
    default: {
      const title = typeof problem?.title === 'string' ? problem.title : `The request failed (${status})`;
      return detail ? `${title}: ${detail}` : title;
    }
  }
}

/**
 * POSTs a question and calls onEvent(name, data) for each server-sent event (citations, delta, done, error)
 * as it arrives. EventSource cannot POST or send a key, so the stream is read and framed here.
 */
export async function streamChat(body, onEvent, signal) {
  const response = await request('/api/chat', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
    body: JSON.stringify(body),
    signal,
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      break;
    }

    buffer += value.replaceAll('\r\n', '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      dispatch(buffer.slice(0, end), onEvent);
      buffer = buffer.slice(end + 2);
    }
  }

  if (buffer.trim()) {
    dispatch(buffer, onEvent);
  }
}

function dispatch(frame, onEvent) {
  let name = 'message';
  const data = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith('event:')) {
      name = line.slice(6).trim();
    } else if (line.startsWith('data:')) {
      data.push(line.slice(5).replace(/^ /, ''));
    }
  }

  if (data.length > 0) {
    onEvent(name, JSON.parse(data.join('\n')));
  }
}
