// What both pages share: the optional API key, and problems (RFC 9457) turned into words.
'use strict';

const QuillApi = (() => {
  const KEY_STORAGE = 'quill.apiKey';

  function apiKey() {
    try { return sessionStorage.getItem(KEY_STORAGE) || ''; } catch { return ''; }
  }

  /** Headers for a /v1 call: the key, when the person gave one under Settings. */
  function headers(extra) {
    const h = Object.assign({}, extra);
    const key = apiKey();
    if (key) h['Authorization'] = 'Bearer ' + key;
    return h;
  }

  /** Wires a Settings form (an input named apiKey) to the session's key. */
  function bindKeyInput(input) {
    if (!input) return;
    input.value = apiKey();
    input.addEventListener('change', () => {
      try { sessionStorage.setItem(KEY_STORAGE, input.value.trim()); } catch { /* private mode: the key lives for this page only */ }
    });
  }

  const ADVICE = {
    400: 'The server could not read the request. Reload the page and try again.',
    401: 'This server needs an API key: enter it under Settings.',
    413: 'The text is too long to send. Shorten it and try again.',
    415: 'The page sent something the server does not accept. Reload the page and try again.',
    422: 'Please check your text.',
    429: 'You have sent many requests in a short time.',
    500: 'Something went wrong on the server.',
    503: 'The tutor is busy right now.',
    504: 'The correction took too long and was stopped. Try a shorter sentence, or try again.',
  };

  /**
   * A problem as a person should read it: {status, title, detail, advice, fields: [text], retryAfterSeconds}.
   * Works from a problem document when there is one, from the status line when there is not.
   */
  function describe(status, problem, retryAfterHeader) {
    const p = problem && typeof problem === 'object' ? problem : {};
    const s = p.status || status || 0;
    const retry = p.retry_after || parseInt(retryAfterHeader || '', 10) || 0;
    let advice = ADVICE[s] || (s >= 500 ? ADVICE[500] : '');
    if ((s === 429 || s === 503) && retry > 0) advice += ` Try again in ${retry} second${retry === 1 ? '' : 's'}.`;
    if (s === 500 && p.request_id) advice += ` (Request id ${p.request_id}.)`;
    const fields = Array.isArray(p.errors) && p.errors.length > 1 ? p.errors.map(e => e.detail) : [];
    return {
      status: s,
      title: p.title || (s ? `The server answered ${s}` : 'No answer from the server'),
      detail: p.detail || '',
      advice,
      fields,
      retryAfterSeconds: retry,
    };
  }

  /** Reads a refused response's body as a problem (or nothing, when it is not JSON). */
  async function problemOf(response) {
    let body = null;
    try {
      const text = await response.text();
      body = text ? JSON.parse(text) : null;
    } catch { /* not JSON: the status line speaks alone */ }
    return describe(response.status, body, response.headers.get('Retry-After'));
  }

  /** Fills a problem box: .problem-title, .problem-detail, .problem-advice, .problem-fields. */
  function showProblem(box, d) {
    box.querySelector('.problem-title').textContent = d.title;
    box.querySelector('.problem-status').textContent = d.status ? `Error ${d.status}` : 'Error';
    box.querySelector('.problem-detail').textContent = d.detail;
    box.querySelector('.problem-advice').textContent = d.advice;
    const list = box.querySelector('.problem-fields');
    list.replaceChildren(...d.fields.map(f => Object.assign(document.createElement('li'), {textContent: f})));
    box.hidden = false;
  }

  return {headers, bindKeyInput, describe, problemOf, showProblem};
})();
