/** A minimal single-line progress bar for TTYs (stderr), redrawn at most every 100 ms. */
import type { Progress } from '../core/index.js';

interface Task { total: number; done: number; unit: string }

function human(n: number, unit: string): string {
  if (unit !== 'bytes') return String(n);
  const units = ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function ttyProgress(stream: NodeJS.WriteStream): Progress {
  const tasks = new Map<string, Task>();
  let last = 0;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - last < 100) return;
    last = now;
    const parts = [...tasks.entries()].map(([name, t]) => {
      // Total 0 means "not known up front" (a directory walk, a chunked download with no Content-Length):
      // a running count, not a bar stuck at 0%.
      if (t.total <= 0) return `${name} ${human(t.done, t.unit)}${t.unit === 'bytes' ? '' : ` ${t.unit}`}…`;
      const frac = Math.min(1, t.done / t.total);
      const width = 20;
      const fill = Math.round(frac * width);
      return `${name} [${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${human(t.done, t.unit)}/${human(t.total, t.unit)}`;
    });
    stream.write(`\r\x1b[K${parts.join('  ')}`.slice(0, (stream.columns || 120) + 4));
  };
  return {
    start(task, total, unit = 'items') { tasks.set(task, { total, done: 0, unit }); draw(true); },
    advance(task, delta) { const t = tasks.get(task); if (t) { t.done += delta; draw(); } },
    done(task) { tasks.delete(task); stream.write('\r\x1b[K'); if (tasks.size) draw(true); },
  };
}
