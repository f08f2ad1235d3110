// Two small SVG charts for the dashboard, drawn by hand: a rolling time series and a stacked bar.
// Each chart sets data-peak on its <svg> (the largest value drawn), which the browser test reads.
'use strict';

const Charts = (() => {
  const NS = 'http://www.w3.org/2000/svg';
  const H = 170;
  const PAD = {left: 60, right: 12, top: 10, bottom: 22};
  const FONT = 12;

  /** Charts are drawn in CSS pixels at the width they are shown, so text stays the same size on every screen. */
  function widthOf(svg) {
    return Math.max(240, Math.round(svg.getBoundingClientRect().width) || 600);
  }

  function svgEl(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }

  /** 1, 2 or 5 times a power of ten, at least v. */
  function niceCeiling(v) {
    if (!(v > 0)) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
    return 10 * p;
  }

  function legend(container, items) {
    container.replaceChildren(...items.map(it => {
      const span = document.createElement('span');
      const swatch = Object.assign(document.createElement('span'), {className: 'swatch'});
      swatch.style.background = it.color;
      const value = Object.assign(document.createElement('span'), {className: 'value', textContent: it.value});
      span.append(swatch, `${it.label} `, value);
      return span;
    }));
  }

  /**
   * A rolling line chart of the last `points` samples of each series.
   * series: [{label, color}], options: {unit (after values in the legend), max (fixed top, else from the data),
   * format(v) (legend), axis(v) (the y axis; format by default), since (the left edge's label)}
   */
  class TimeSeries {
    constructor(svg, legendBox, series, options) {
      this.svg = svg;
      this.legendBox = legendBox;
      this.series = series;
      this.options = Object.assign({points: 120, unit: '', format: v => String(v), since: '120 samples ago'}, options);
      this.options.axis = this.options.axis || this.options.format;
      this.data = series.map(() => []);
    }

    /** One sample per series (null for none), then a redraw. */
    push(values) {
      values.forEach((v, i) => {
        const d = this.data[i];
        d.push(Number.isFinite(v) ? v : null);
        if (d.length > this.options.points) d.shift();
      });
      this.draw();
    }

    draw() {
      const {points, unit, format} = this.options;
      const all = this.data.flat().filter(v => v !== null);
      const peak = all.length ? Math.max(...all) : 0;
      const top = this.options.max || niceCeiling(peak * 1.1);
      const svg = this.svg;
      const W = widthOf(svg);
      svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
      svg.replaceChildren();
      svg.dataset.peak = String(peak);
      const x = i => PAD.left + (W - PAD.left - PAD.right) * i / (points - 1);
      const y = v => H - PAD.bottom - (H - PAD.top - PAD.bottom) * Math.min(v, top) / top;
      for (const f of [0, 0.5, 1]) {
        const gy = y(top * f);
        svgEl('line', {x1: PAD.left, x2: W - PAD.right, y1: gy, y2: gy, stroke: '#d4d7dc', 'stroke-width': 1}, svg);
        const label = svgEl('text', {x: PAD.left - 6, y: gy + 4, 'text-anchor': 'end', 'font-size': FONT, fill: '#4a5260'}, svg);
        label.textContent = this.options.axis(top * f);
      }
      const axis = svgEl('text', {x: W - PAD.right, y: H - 5, 'text-anchor': 'end', 'font-size': FONT, fill: '#4a5260'}, svg);
      axis.textContent = 'now';
      const start = svgEl('text', {x: PAD.left, y: H - 5, 'font-size': FONT, fill: '#4a5260'}, svg);
      start.textContent = this.options.since;
      this.data.forEach((d, s) => {
        const offset = points - d.length;
        let path = '';
        let pen = false;
        d.forEach((v, i) => {
          if (v === null) { pen = false; return; }
          path += `${pen ? 'L' : 'M'}${x(offset + i).toFixed(1)},${y(v).toFixed(1)}`;
          pen = true;
        });
        if (path) svgEl('path', {d: path, fill: 'none', stroke: this.series[s].color, 'stroke-width': 2.5, 'stroke-linejoin': 'round'}, svg);
        const last = d[d.length - 1];
        if (last !== null && last !== undefined) {
          svgEl('circle', {cx: x(points - 1), cy: y(last), r: 3.5, fill: this.series[s].color}, svg);
        }
      });
      legend(this.legendBox, this.series.map((s, i) => {
        const last = this.data[i][this.data[i].length - 1];
        return {label: s.label, color: s.color, value: last === null || last === undefined ? '–' : format(last) + unit};
      }));
    }
  }

  /**
   * Horizontal bars made of segments: rows [{label, segments: [{name, value, color}]}], all on one scale.
   * Segment widths are values; a row's length is their sum.
   */
  function stackedBars(svg, legendBox, rows, format) {
    const W = widthOf(svg);
    const height = 40 + rows.length * 46;
    svg.setAttribute('viewBox', `0 0 ${W} ${height}`);
    svg.replaceChildren();
    const left = 112;
    const right = W - 80;
    const totals = rows.map(r => r.segments.reduce((a, s) => a + (s.value || 0), 0));
    const top = niceCeiling(Math.max(...totals, 1e-9));
    svg.dataset.peak = String(Math.max(...totals));
    const x = v => left + (right - left) * v / top;
    for (const f of [0, 0.25, 0.5, 0.75, 1]) {
      svgEl('line', {x1: x(top * f), x2: x(top * f), y1: 10, y2: height - 22, stroke: '#d4d7dc'}, svg);
      const t = svgEl('text', {x: x(top * f), y: height - 6, 'text-anchor': 'middle', 'font-size': FONT, fill: '#4a5260'}, svg);
      t.textContent = format(top * f);
    }
    rows.forEach((r, i) => {
      const y0 = 16 + i * 46;
      const label = svgEl('text', {x: left - 8, y: y0 + 21, 'text-anchor': 'end', 'font-size': 14, fill: '#1b1f24'}, svg);
      label.textContent = r.label;
      let at = 0;
      for (const s of r.segments) {
        if (!(s.value > 0)) continue;
        const rect = svgEl('rect', {x: x(at), y: y0, width: Math.max(0.5, x(at + s.value) - x(at)), height: 30, fill: s.color,
          stroke: '#fff', 'stroke-width': 1}, svg);
        svgEl('title', {}, rect).textContent = `${r.label}: ${s.name} ${format(s.value)}`;
        at += s.value;
      }
      const total = svgEl('text', {x: x(at) + 6, y: y0 + 21, 'font-size': 13, fill: '#1b1f24'}, svg);
      total.textContent = format(totals[i]);
    });
    if (legendBox) {
      const names = rows.length ? rows[0].segments : [];
      legend(legendBox, names.map(s => ({label: s.name, color: s.color, value: ''})));
    }
  }

  return {TimeSeries, stackedBars};
})();
