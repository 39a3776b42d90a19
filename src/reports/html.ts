/**
 * One self-contained HTML report: inline CSS/JS, a CSP that forbids every network fetch, rows rendered as escaped
 * static HTML (readable without JS), sortable by header click and filterable by text and minimum severity.
 */
import { type Report, SEVERITIES, type Severity, severityRank } from '../core/index.js';
import { HTML_CSS, HTML_JS } from './html-assets.js';
import { escapeHtml as e } from './markup.js';
import {
  misconfigWhere, sortedLicenses, sortedMisconfigs, sortedPackages, sortedSecrets, sortedVulnerabilities,
} from './order.js';

interface Cell { html: string; rank?: number; nowrap?: boolean }
interface TableSpec { id: string; title: string; headers: string[]; rows: Array<{ rank?: number; cells: Cell[] }>; ran: boolean }

function sevCell(s: Severity): Cell {
  return { html: `<span class="sev sev-${s}">${e(s)}</span>`, rank: severityRank(s), nowrap: true };
}
const text = (s: string | number | undefined): Cell => ({ html: e(String(s ?? '')) });
const mono = (s: string | undefined): Cell => ({ html: `<span class="mono">${e(s ?? '')}</span>` });
/** Short identifiers (ids, versions, types) read badly when wrapped mid-token. */
const nowrap = (c: Cell): Cell => ({ ...c, nowrap: true });

/** Links only to http(s) URLs; anything else (javascript:, data:) is shown as text. */
function link(label: string, url: string | undefined): Cell {
  if (!url || !/^https?:\/\/[^\s"'<>]+$/i.test(url)) return text(label);
  return { html: `<a href="${e(url)}" rel="noopener noreferrer" target="_blank">${e(label)}</a>` };
}

function counts(list: readonly { severity: Severity }[]): string {
  const by = new Map<Severity, number>();
  for (const f of list) by.set(f.severity, (by.get(f.severity) ?? 0) + 1);
  return SEVERITIES.filter((s) => by.get(s)).map((s) => `<span class="sev sev-${s}">${e(s)} ${by.get(s)}</span>`).join('');
}

function card(title: string, total: number, sevs: string, ran: boolean): string {
  const value = ran ? String(total) : 'not run';
  return `<div class="card"><h3>${e(title)}</h3><div class="total">${e(value)}</div><div class="sevs">${sevs}</div></div>`;
}

function tableHtml(t: TableSpec): string {
  const head = `<h2>${e(t.title)}<span class="count" id="${t.id}-count">(${t.rows.length})</span></h2>`;
  if (t.rows.length === 0) return `<section>${head}<p class="empty">${t.ran ? 'None found.' : 'Scanner not run.'}</p></section>`;
  const ths = t.headers.map((h) => `<th scope="col">${e(h)}</th>`).join('');
  const trs = t.rows.map((r) => {
    const tds = r.cells.map((c) => `<td${c.nowrap ? ' class="nw"' : ''}${c.rank !== undefined ? ` data-rank="${c.rank}"` : ''}>${c.html}</td>`).join('');
    return `<tr${r.rank !== undefined ? ` data-rank="${r.rank}"` : ''}>${tds}</tr>`;
  }).join('\n');
  return `<section>${head}<table class="findings" id="${t.id}"><thead><tr>${ths}</tr></thead><tbody>\n${trs}\n</tbody></table></section>`;
}

function tables(report: Report): TableSpec[] {
  const ran = (s: string) => report.scanners.includes(s);
  return [
    {
      id: 'vulnerabilities', title: 'Vulnerabilities', ran: ran('vuln'),
      headers: ['Severity', 'ID', 'Package', 'Installed', 'Fixed', 'Status', 'Title'],
      rows: sortedVulnerabilities(report.vulnerabilities).map((v) => ({
        rank: severityRank(v.severity),
        cells: [sevCell(v.severity), nowrap(link(v.id, v.references?.[0])), text(v.package.name), nowrap(mono(v.package.version)),
          nowrap(mono(v.fixedVersion ?? '')), nowrap(text(v.status)), text(`${v.kev ? '[KEV] ' : ''}${v.title ?? ''}`)],
      })),
    },
    {
      id: 'secrets', title: 'Secrets', ran: ran('secret'),
      headers: ['Severity', 'Rule', 'Path', 'Line', 'Match', 'Deleted later'],
      rows: sortedSecrets(report.secrets).map((s) => ({
        rank: severityRank(s.severity),
        cells: [sevCell(s.severity), text(s.title), mono(s.path), text(s.line ?? ''), mono(s.match), text(s.deleted ? 'yes (still in image)' : 'no')],
      })),
    },
    {
      id: 'misconfigurations', title: 'Misconfigurations', ran: ran('misconfig'),
      headers: ['Severity', 'ID', 'Title', 'Where', 'Message'],
      rows: sortedMisconfigs(report.misconfigurations).map((m) => ({
        rank: severityRank(m.severity),
        cells: [sevCell(m.severity), nowrap(link(m.id, m.references?.[0])), text(m.title), mono(misconfigWhere(m)), text(m.message)],
      })),
    },
    {
      id: 'licenses', title: 'Licenses', ran: ran('license'),
      headers: ['Severity', 'License', 'Category', 'Package or file', 'Policy'],
      rows: sortedLicenses(report.licenses).map((l) => ({
        rank: severityRank(l.severity),
        cells: [sevCell(l.severity), mono(l.license), text(l.category),
          text(l.package ? `${l.package.name}@${l.package.version}` : l.path), text(l.policyViolation ? 'violation' : '')],
      })),
    },
    {
      id: 'packages', title: 'Packages', ran: true,
      headers: ['Name', 'Version', 'Ecosystem', 'Type', 'Licenses', 'Location'],
      rows: sortedPackages(report.packages).map((p) => ({
        cells: [text(p.name), nowrap(mono(p.version)), nowrap(text(p.ecosystem)), nowrap(text(p.type)), text(p.licenses.join(', ')),
          mono(p.locations.map((l) => l.path).join(', '))],
      })),
    },
  ];
}

function headerHtml(report: Report): string {
  const img = report.target.image;
  const meta = [
    `Target type: ${report.target.type}`,
    img ? `Digest: ${img.manifestDigest ?? img.configDigest}` : '',
    report.os ? `OS: ${report.os.prettyName ?? `${report.os.family} ${report.os.version}`}` : '',
    `Scanned: ${report.createdAt}`,
    `Bulwark ${report.tool.version}`,
    report.database ? `DB: ${report.database.sources.join(', ')}${report.database.builtAt ? ` (built ${report.database.builtAt})` : ''}` : '',
  ].filter(Boolean);
  return `<header><h1>${e(report.target.name)}</h1><div class="meta">${meta.map((m) => `<span>${e(m)}</span>`).join('')}</div></header>`;
}

/** Serializes a Report as one self-contained HTML page. */
export function writeHtml(report: Report): string {
  const ran = (s: string) => report.scanners.includes(s);
  const cards = [
    card('Vulnerabilities', report.vulnerabilities.length, counts(report.vulnerabilities), ran('vuln')),
    card('Secrets', report.secrets.length, counts(report.secrets), ran('secret')),
    card('Misconfigurations', report.misconfigurations.length, counts(report.misconfigurations), ran('misconfig')),
    card('Licenses', report.licenses.length, counts(report.licenses), ran('license')),
    card('Packages', report.packages.length, '', true),
  ].join('');
  const options = ['<option value="0">All severities</option>',
    ...SEVERITIES.filter((s) => s !== 'unknown').map((s) => `<option value="${severityRank(s)}">${s === 'critical' ? 'Critical' : `${e(s)} and above`}</option>`)].join('');
  const warnings = report.warnings.length
    ? `<div class="warn"><strong>Warnings</strong><ul>${report.warnings.map((w) => `<li>${e(w)}</li>`).join('')}</ul></div>` : '';
  const suppressed = report.suppressed?.length
    ? `<p class="muted">${report.suppressed.length} finding(s) suppressed: ${report.suppressed.map((s) => e(`${s.id} (${s.reason}, ${s.source})`)).join('; ')}</p>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<title>Bulwark report: ${e(report.target.name)}</title>
<style>${HTML_CSS}</style>
</head>
<body>
${headerHtml(report)}
<main>
<div class="cards">${cards}</div>
<div class="controls"><input id="filter" type="search" placeholder="Filter: id, package, path, text…" aria-label="Filter rows">
<select id="severity" aria-label="Minimum severity">${options}</select></div>
${tables(report).map(tableHtml).join('\n')}
${suppressed}
${warnings}
</main>
<script>${HTML_JS}</script>
</body>
</html>
`;
}
