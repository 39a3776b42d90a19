/** Risk over time: open findings per day as one line per severity (SVG, with a text table twin for screen readers). */
import { h, svg, SEVERITIES } from './dom.js';

export interface DayCounts { day: string; critical: number; high: number; medium: number; low: number; unknown: number }

export function riskChart(days: DayCounts[]): HTMLElement {
  const W = 720, H = 220, L = 48, B = 28, T = 10, R = 10;
  const shown = SEVERITIES.filter((s) => s !== 'unknown');
  const max = Math.max(1, ...days.flatMap((d) => shown.map((s) => d[s])));
  const x = (i: number) => L + (days.length <= 1 ? 0 : (i * (W - L - R)) / (days.length - 1));
  const y = (v: number) => T + (H - T - B) * (1 - v / max);
  const grid = [0, 0.5, 1].map((f) => {
    const v = Math.round(max * f);
    return svg('g', {}, svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'grid' }), svg('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, document.createTextNode(String(v))));
  });
  const lines = shown.map((s) => svg('polyline', { class: `line sev-line-${s}`, fill: 'none', points: days.map((d, i) => `${x(i)},${y(d[s])}`).join(' ') }));
  const labels = days.length ? [0, days.length - 1].map((i) => svg('text', { x: x(i), y: H - 8, 'text-anchor': i ? 'end' : 'start', class: 'axis' }, document.createTextNode(days[i]!.day))) : [];
  const last = days.at(-1);
  const summary = last ? `On ${last.day}: ${shown.map((s) => `${last[s]} ${s}`).join(', ')} open findings.` : 'No data yet.';
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `Open findings per day, last ${days.length} days. ${summary}`, class: 'chart' }, ...grid, ...lines, ...labels);
  const legend = h('ul', { class: 'legend', 'aria-hidden': 'true' }, shown.map((s) => h('li', {}, h('span', { class: `swatch sev-${s}` }), s)));
  const details = h('details', {}, h('summary', {}, 'Show the numbers'),
    h('table', {}, h('caption', {}, 'Open findings per day'), h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Day'), shown.map((s) => h('th', { scope: 'col' }, s)))),
      h('tbody', {}, days.map((d) => h('tr', {}, h('th', { scope: 'row' }, d.day), shown.map((s) => h('td', {}, d[s])))))));
  return h('figure', { class: 'risk' }, chart, legend, h('figcaption', {}, summary), details);
}
