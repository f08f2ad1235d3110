// The tutor page: POST /v1/grammar/correct as Server-Sent Events read from fetch's stream
// (EventSource cannot POST), then the answer drawn with its edits marked and explained, each
// edit's rule card from GET /v1/rules/{id}.
'use strict';

(() => {
  const form = document.getElementById('tutor-form');
  const box = document.getElementById('sentence');
  const button = document.getElementById('correct');
  const status = document.getElementById('status');
  const problem = document.getElementById('problem');
  const output = document.getElementById('output');
  const stream = document.getElementById('stream');
  const result = document.getElementById('result');

  const TYPE_NAMES = {
    VERB_FORM: 'Verb form', SVA: 'Subject–verb agreement', DET: 'Article or determiner', PREP: 'Preposition',
    NOUN_NUM: 'Singular or plural', SPELL: 'Spelling', WORD_ORDER: 'Word order', MISSING: 'Missing word',
    UNNECESSARY: 'Unnecessary word', PUNCT: 'Punctuation', OTHER: 'Other change',
  };
  const rules = new Map(); // rule id -> Promise of its card (or null)
  let busy = false;

  QuillApi.bindKeyInput(document.getElementById('api-key'));
  box.focus();

  box.addEventListener('keydown', e => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      form.requestSubmit();
    }
  });

  form.addEventListener('submit', e => {
    e.preventDefault();
    if (!busy) correct(box.value);
  });

  function el(tag, props, ...children) {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children.filter(c => c !== null && c !== undefined));
    return node;
  }

  async function correct(sentence) {
    busy = true;
    button.disabled = true;
    problem.hidden = true;
    status.textContent = 'Correcting…';
    stream.textContent = '';
    stream.hidden = false;
    result.hidden = true;
    output.hidden = true;
    try {
      const response = await fetch('/v1/grammar/correct', {
        method: 'POST',
        headers: QuillApi.headers({'Content-Type': 'application/json', 'Accept': 'text/event-stream'}),
        body: JSON.stringify({sentence, stream: true}),
      });
      const type = response.headers.get('Content-Type') || '';
      if (!response.ok || !type.startsWith('text/event-stream')) {
        fail(await QuillApi.problemOf(response));
        return;
      }
      output.hidden = false;
      let answered = false;
      await readEvents(response.body, (name, data) => {
        if (name === 'token') {
          stream.textContent += JSON.parse(data).text;
        } else if (name === 'correction') {
          answered = true;
          show(JSON.parse(data));
        } else if (name === 'error') {
          answered = true;
          const p = JSON.parse(data);
          fail(QuillApi.describe(p.status, p, null));
        }
      });
      if (!answered) fail(QuillApi.describe(0, {title: 'The answer was cut off', detail: 'The connection closed before the correction was complete. Try again.'}));
    } catch (err) {
      fail(QuillApi.describe(0, {title: 'Could not reach the server', detail: 'Check that the quill server is running and try again.'}));
    } finally {
      busy = false;
      button.disabled = false;
    }
  }

  /** Calls onEvent(name, data) for each Server-Sent Event of a byte stream (WHATWG's event-stream format). */
  async function readEvents(body, onEvent) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const {value, done} = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
        let name = 'message';
        const data = [];
        for (const line of block.split(/\r?\n/)) {
          if (line.startsWith('event:')) name = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
        }
        if (data.length) onEvent(name, data.join('\n'));
      }
    }
  }

  function fail(description) {
    output.hidden = true;
    status.textContent = '';
    QuillApi.showProblem(problem, description);
  }

  function show(answer) {
    stream.hidden = true;
    result.hidden = false;
    const edits = [...answer.edits].sort((a, b) => a.start - b.start || a.end - b.end);
    document.getElementById('marked').replaceChildren(...marked(answer.sentence, edits));
    document.getElementById('corrected').textContent = answer.corrected;
    document.getElementById('usage').textContent = usageLine(answer);
    document.getElementById('no-edits').hidden = edits.length > 0;
    // the model proposed a change but was not sure enough of it (or of some of its edits), or it
    // left out part of the sentence: say so, without making it (a truncated proposal is not worth showing)
    const unsure = document.getElementById('unsure');
    const g = answer.guard;
    unsure.hidden = !(g && (!g.kept || g.edits_undone > 0));
    unsure.textContent = unsure.hidden ? ''
      : g.dropped_words ? 'The tutor\'s rewrite left out part of your sentence, so it was not used.'
      : g.kept ? `The tutor also considered “${g.proposal}”, but was not sure of every change in it.`
      : `The tutor also considered “${g.proposal}”, but was not sure enough to change your sentence.`;
    document.getElementById('edits').replaceChildren(...edits.map((e, i) => card(e, i + 1)));
    status.textContent = `Done in ${ms(answer.usage.total_ms)} ms, ${edits.length} change${edits.length === 1 ? '' : 's'}.`;
  }

  /** The sentence with each edit's removed text struck through and inserted text highlighted, numbered. */
  function marked(sentence, edits) {
    const parts = [];
    let at = 0;
    edits.forEach((e, i) => {
      if (e.start < at) return; // overlapping edits: the first one wins on the line (each still gets its card)
      parts.push(sentence.slice(at, e.start));
      const n = i + 1;
      const mark = el('span', {className: 'edit', id: `mark-${n}`});
      if (e.from) mark.append(el('del', {}, el('span', {className: 'sr-only', textContent: 'removed: '}), e.from));
      if (e.to) mark.append(el('ins', {}, el('span', {className: 'sr-only', textContent: 'added: '}), e.to));
      mark.append(el('sup', {}, el('a', {href: `#edit-${n}`, textContent: String(n), title: `Change ${n}: why`})));
      parts.push(mark);
      at = e.end;
    });
    parts.push(sentence.slice(at));
    return parts;
  }

  function card(e, n) {
    const change = el('p', {className: 'change'});
    if (e.from) change.append(el('del', {textContent: e.from}));
    if (e.from && e.to) change.append(' → ');
    if (e.to) change.append(el('ins', {textContent: e.to}));
    if (!e.from) change.append(' (added)');
    if (!e.to) change.append(' (removed)');
    // a spelling fix after the model: the word is in no dictionary, and this is the likeliest near spelling
    if (e.guess) change.append(el('span', {className: 'guess', textContent: ' (a guess: check the spelling)'}));
    const rule = el('div', {className: 'rule', textContent: e.rule_id ? 'Loading the rule…' : ''});
    const item = el('li', {className: 'card', id: `edit-${n}`},
      el('h4', {}, el('span', {className: 'num', textContent: `${n}`}), el('span', {className: `type type-${e.type}`, textContent: TYPE_NAMES[e.type] || e.type})),
      change,
      el('p', {className: 'explanation', textContent: e.explanation}),
      rule);
    if (e.rule_id) fillRule(rule, e.rule_id, e.see_also || []);
    else rule.textContent = 'The rule card was skipped because the server was busy.';
    return item;
  }

  async function fillRule(target, id, seeAlso) {
    if (!rules.has(id)) {
      rules.set(id, fetch(`/v1/rules/${encodeURIComponent(id)}`, {headers: QuillApi.headers({'Accept': 'application/json'})})
        .then(r => (r.ok ? r.json() : null)).catch(() => null));
    }
    const c = await rules.get(id);
    if (!c) {
      target.textContent = 'The rule card could not be loaded.';
      return;
    }
    const examples = el('ul', {className: 'examples'}, ...c.examples.slice(0, 3).map(x => el('li', {},
      el('span', {className: 'wrong'}, el('span', {className: 'sr-only', textContent: 'Wrong: '}), x.wrong),
      el('span', {className: 'right'}, el('span', {className: 'sr-only', textContent: 'Right: '}), x.right))));
    target.replaceChildren(el('p', {className: 'rule-title'}, 'Rule: ', el('strong', {textContent: c.title})), examples);
    if (seeAlso.length) target.append(el('p', {className: 'see-also', textContent: `Related rules: ${seeAlso.join(', ')}`}));
  }

  function ms(v) {
    return v < 10 ? v.toFixed(1) : Math.round(v).toLocaleString('en');
  }

  function usd(v) {
    if (v === 0) return '$0';
    return v < 0.01 ? '$' + v.toPrecision(2) : '$' + v.toFixed(4);
  }

  function usageLine(a) {
    const u = a.usage;
    const parts = [
      `${ms(u.total_ms)} ms (queue ${ms(u.queue_ms)}, prefill ${ms(u.prefill_ms)}, decode ${ms(u.decode_ms)})`,
      `${u.prompt_tokens} prompt tokens (${u.cached_prompt_tokens} cached) + ${u.output_tokens} output`,
      `cost ${usd(u.cost_usd)}`,
      `model ${a.model}`,
    ];
    if (u.degraded.length) parts.push(`simplified under load: ${u.degraded.join(', ')}`);
    return parts.join(' · ');
  }
})();
