/** Severity counts and TTY colours shared by the finding table sections (colours only when opts.color). */
import picocolors from 'picocolors';
import { SEVERITIES, type Severity } from '../../core/index.js';

/** `Total: 4 (CRITICAL: 1, HIGH: 1, MEDIUM: 1, LOW: 1, UNKNOWN: 0)` */
export function severitySummary(list: readonly { severity: Severity }[]): string {
  const parts = SEVERITIES.map((s) => `${s.toUpperCase()}: ${list.filter((f) => f.severity === s).length}`);
  return `Total: ${list.length} (${parts.join(', ')})`;
}

// The caller decides (TTY check in the CLI); picocolors' default instance would second-guess it from our own stdout.
const pc = picocolors.createColors(true);
const PAINT: Record<Severity, (s: string) => string> = {
  critical: (s) => pc.bold(pc.red(s)),
  high: pc.red,
  medium: pc.yellow,
  low: pc.blue,
  unknown: pc.gray,
};

/**
 * Colours the leading severity word of each grid data row. Works on the grid's finished text because the grid
 * strips control characters from cells (and would count escape codes as width).
 */
export function paintSeverityColumn(gridText: string, color: boolean): string {
  if (!color) return gridText;
  return gridText.split('\n').map((line, i) => {
    if (i < 2) return line;
    const m = /^(CRITICAL|HIGH|MEDIUM|LOW|UNKNOWN)\b/.exec(line);
    return m ? PAINT[m[1].toLowerCase() as Severity](m[1]) + line.slice(m[1].length) : line;
  }).join('\n');
}

export function upper(s: Severity): string {
  return s.toUpperCase();
}
