// The live dashboard: polls GET /v1/stats every second and draws what it says.
'use strict';

(() => {
  const POLL_MS = 1000;
  const HIDDEN_POLL_MS = 5000; // a tab nobody looks at asks less often
  const COLORS = ['#1d4ed8', '#c2410c', '#0f7b3e', '#7e22ce', '#b91c1c', '#0e7490', '#a16207', '#be185d', '#4b5563', '#14532d'];
  const STAGE_COLORS = {
    'validate.body': '#94a3b8', 'security.check': '#64748b', 'tokenize.bpe': '#0e7490', 'queue': '#a16207',
    'model.prefill': '#1d4ed8', 'model.decode': '#7e22ce', 'retrieve.hybrid': '#0f7b3e', 'format.json': '#c2410c',
    'cost.emit': '#be185d',
  };
  const $ = id => document.getElementById(id);

  QuillApi.bindKeyInput($('api-key'));

  const int = v => Math.round(v).toLocaleString('en');
  const dec = v => (v >= 100 ? int(v) : v >= 10 ? v.toFixed(1) : v.toFixed(2).replace(/\.?0+$/, '') || '0');
  const pct = v => `${dec(v * 100)}`;
  const msText = v => (v === null || v === undefined ? '–' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${dec(v)} ms`);
  const usd = v => (v === 0 ? '0' : v < 0.01 ? v.toPrecision(2) : v.toFixed(4));

  const since = '2 min ago'; // 120 samples, one a second
  const charts = {
    queue: new Charts.TimeSeries($('chart-queue'), $('legend-queue'),
      [{label: 'running', color: COLORS[0]}, {label: 'waiting', color: COLORS[1]}], {format: int, since}),
    rps: new Charts.TimeSeries($('chart-rps'), $('legend-rps'),
      [{label: 'requests/s', color: COLORS[2]}], {format: dec, since}),
    batch: new Charts.TimeSeries($('chart-batch'), $('legend-batch'),
      [{label: 'mean', color: COLORS[0]}, {label: 'max', color: COLORS[3]}], {format: dec, since}),
    cache: new Charts.TimeSeries($('chart-cache'), $('legend-cache'),
      [{label: 'KV cache used', color: COLORS[5]}, {label: 'prefix hits', color: COLORS[6]}], {format: pct, unit: '%', max: 1, axis: v => `${pct(v)}%`, since}),
    latency: new Charts.TimeSeries($('chart-latency'), $('legend-latency'),
      [{label: 'TTFT p50', color: COLORS[0]}, {label: 'TTFT p95', color: COLORS[5]},
       {label: 'e2e p50', color: COLORS[3]}, {label: 'e2e p95', color: COLORS[4]}], {format: dec, unit: ' ms', since}),
    cost: new Charts.TimeSeries($('chart-cost'), $('legend-cost'),
      [{label: 'charged', color: COLORS[4]}], {format: v => '$' + usd(v), unit: '/h', axis: v => (v === 0 ? '$0' : '$' + v.toPrecision(2)), since}),
  };

  function update(s) {
    const e = s.engine;
    const lat = s.latency_ms;
    $('t-running').textContent = int(e.running);
    $('t-waiting').textContent = int(e.waiting);
    $('t-requests').textContent = int(s.requests.total);
    $('t-rps').textContent = dec(s.requests.per_second);
    $('t-batch').textContent = dec(s.batch.mean_size);
    $('t-kv').textContent = `${pct(e.kv_usage_ratio)}%`;
    $('t-prefix').textContent = `${pct(e.prefix_hit_ratio)}%`;
    $('t-draft').textContent = e.draft_tokens_total > 0 ? `${pct(e.draft_acceptance_ratio)}%` : '–';
    $('t-ttft').textContent = `${msText(lat.ttft.p50)} / ${msText(lat.ttft.p95)}`;
    $('t-e2e').textContent = `${msText(lat.e2e.p50)} / ${msText(lat.e2e.p95)}`;
    $('t-cost').textContent = `$${usd(s.cost.usd_per_hour)}`;

    charts.queue.push([e.running, e.waiting]);
    charts.rps.push([s.requests.per_second]);
    charts.batch.push([s.batch.mean_size, s.batch.max_size]);
    charts.cache.push([e.kv_usage_ratio, e.prefix_hit_ratio]);
    charts.latency.push([lat.ttft.p50, lat.ttft.p95, lat.e2e.p50, lat.e2e.p95]);
    charts.cost.push([s.cost.usd_per_hour]);
    budget(s);

    const price = s.cost.price_usd_per_hour;
    $('live').textContent = `${s.model} · policy ${s.policy} · up ${int(s.uptime_s)} s · rates over ${s.rate_window_s} s, `
      + `percentiles over ${s.window_s} s · instance $${price}/h · charged so far $${usd(s.cost.usd_total)} · `
      + `updated ${new Date().toLocaleTimeString('en-GB')}`;
    $('live').classList.remove('stale');
  }

  /** Seed 000's stacked bar: each stage's allocation against its mean over the window. */
  function budget(s) {
    const stages = s.stages.filter(r => r.budget_ms !== null);
    const segment = (r, value) => ({name: r.stage, value, color: STAGE_COLORS[r.stage] || COLORS[9]});
    Charts.stackedBars($('chart-budget'), $('legend-budget'), [
      {label: 'budget', segments: stages.map(r => segment(r, r.budget_ms))},
      {label: 'actual (mean)', segments: stages.map(r => segment(r, r.self_mean_ms || 0))},
    ], v => `${dec(v)} ms`);
    const rows = s.stages.map(r => {
      const tr = document.createElement('tr');
      if (r.burn_rate !== null && r.burn_rate > 1.5) tr.className = 'burning';
      const cells = [r.stage, int(r.count), r.mean_ms === null ? '–' : dec(r.mean_ms), r.p95_ms === null ? '–' : dec(r.p95_ms),
        r.budget_ms === null ? '–' : dec(r.budget_ms), r.burn_rate === null ? '–' : `${r.burn_rate.toFixed(2)}×`];
      tr.append(...cells.map((c, i) => Object.assign(document.createElement(i === 0 ? 'th' : 'td'), i === 0 ? {textContent: c, scope: 'row'} : {textContent: c})));
      return tr;
    });
    $('stage-table').tBodies[0].replaceChildren(...rows);
  }

  async function poll() {
    try {
      const r = await fetch('/v1/stats', {headers: QuillApi.headers({'Accept': 'application/json'}), cache: 'no-store'});
      if (!r.ok) {
        QuillApi.showProblem($('problem'), await QuillApi.problemOf(r));
        markStale();
      } else {
        $('problem').hidden = true;
        update(await r.json());
      }
    } catch {
      QuillApi.showProblem($('problem'), QuillApi.describe(0, {title: 'Could not reach the server',
        detail: 'The dashboard keeps trying every few seconds.'}));
      markStale();
    } finally {
      setTimeout(poll, document.hidden ? HIDDEN_POLL_MS : POLL_MS);
    }
  }

  function markStale() {
    $('live').classList.add('stale');
    $('live').textContent = 'Not updating: see the message below.';
  }

  poll();
})();
