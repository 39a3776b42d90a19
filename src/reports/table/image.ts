/** Table sections: target identity, OS, image layers and config summary. */
import type { Report } from '../../core/index.js';
import { cell, grid, heading, humanBytes } from './grid.js';
import type { TableOptions } from './options.js';

const short = (d: string | undefined) => (d ? d.replace(/^sha256:/, '').slice(0, 12) : '');

/**
 * `Key       value` rows; on a terminal too narrow for a row, its values go one per line below the key, so a
 * 71-character digest stays whole (and copyable) at 80 columns instead of being cut.
 */
function keyRows(rows: ReadonlyArray<readonly [string, readonly string[]]>, width: number | undefined): string[] {
  const out: string[] = [];
  for (const [k, values] of rows) {
    const line = `${k.padEnd(9)} ${cell(values.join(', '))}`;
    if (width === undefined || line.length <= width) out.push(line);
    else out.push(k, ...values.map((v) => `  ${cell(v)}`));
  }
  return out;
}

export function targetSection(report: Report, opts: TableOptions): string {
  const t = report.target;
  const lines = [heading(`${t.type}: ${cell(t.name)}`)];
  const img = t.image;
  if (img) {
    const rows: Array<[string, string[]]> = [
      ['Input', [img.inputType]],
      ['Tags', img.repoTags],
      ['Digests', img.repoDigests],
      ['Manifest', img.manifestDigest ? [img.manifestDigest] : []],
      ['Index', img.indexDigest ? [img.indexDigest] : []],
      ['Config', [img.configDigest]],
      ['Platform', [[img.platform.os, img.platform.architecture, img.platform.variant].filter(Boolean).join('/')]],
    ];
    lines.push(...keyRows(rows.filter(([, v]) => v.some(Boolean)), opts.width));
  }
  // Manifests and clusters have no operating system: say nothing rather than "unknown".
  if (report.target.type === 'kubernetes') return lines.join('\n');
  const os = report.os;
  const osText = os ? `${os.prettyName ?? `${os.family} ${os.version}`}${os.distroless ? ' (distroless)' : ''}${os.eol ? ' — END OF LIFE' : ''}` : 'unknown';
  lines.push(`${'OS'.padEnd(9)} ${cell(osText)}`);
  return lines.join('\n');
}

export function layersSection(report: Report, opts: TableOptions): string | undefined {
  if (!report.layers?.length) return undefined;
  const rows = report.layers.map((l) => [String(l.index), short(l.digest), humanBytes(l.size), cell(l.createdBy ?? '').replace(/\s+/g, ' ')]);
  return `${heading('Layers')}\n${grid(['#', 'DIGEST', 'SIZE', 'CREATED BY'], rows, { maxWidth: opts.maxWidth, width: opts.width, keep: [0, 1, 2] })}`;
}

export function configSection(report: Report, _opts: TableOptions): string | undefined {
  const c = report.config;
  if (!c) return undefined;
  const rows: Array<[string, string]> = [
    ['User', c.user || '(root)'],
    ['Entrypoint', JSON.stringify(c.entrypoint)],
    ['Cmd', JSON.stringify(c.cmd)],
    ['WorkingDir', c.workingDir ?? ''],
    ['Env', c.envNames.join(', ')],
    ['Ports', c.exposedPorts.join(', ')],
    ['Labels', Object.entries(c.labels).map(([k, v]) => `${k}=${v}`).join(', ')],
  ];
  return [heading('Config'), ...rows.filter(([, v]) => v).map(([k, v]) => `${k.padEnd(10)} ${cell(v)}`)].join('\n');
}
