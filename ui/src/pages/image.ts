/**
 * One image: its stored report (layers, packages, vulnerabilities with fix versions, secrets — redacted by the
 * scanner, misconfigurations, licenses) in sections reached by in-page links, and downloads in every format.
 */
import { api, type ImageSummary } from '../api.js';
import { counts, h, severity, short, table, when, type Child } from '../dom.js';

interface Vuln { id: string; severity: string; package: { name: string; version: string; purl: string }; status: string; fixedVersion?: string; kev?: unknown; epss?: { probability: number }; title?: string; layer?: string }
interface Report {
  target: { name: string; image?: { digest?: string } };
  os?: { family: string; version?: string };
  layers?: Array<{ digest: string; diffId?: string; size: number; mediaType: string }>;
  config?: { user: string; entrypoint: string[]; cmd: string[]; exposedPorts: string[]; history: Array<{ createdBy?: string; emptyLayer: boolean }> };
  packages: Array<{ name: string; version: string; ecosystem: string; purl: string; licenses: string[] }>;
  vulnerabilities: Vuln[];
  secrets: Array<{ ruleId: string; title: string; severity: string; path: string; line?: number; deleted: boolean; match: string; layer?: string }>;
  misconfigurations: Array<{ id: string; severity: string; title: string; message: string; category: string }>;
  licenses: Array<{ license: string; category: string; severity: string; package?: { name: string }; path?: string }>;
  warnings: string[];
}

/** Formats the server renders from the stored report; the first two are SBOMs. */
export const DOWNLOADS: Array<[string, string]> = [
  ['cyclonedx', 'CycloneDX SBOM (JSON)'], ['spdx-json', 'SPDX SBOM (JSON)'], ['json', 'Bulwark JSON report'],
  ['sarif', 'SARIF'], ['junit', 'JUnit XML'], ['table', 'Text table'], ['html', 'HTML report'],
];

const PAGE = 200;

/** Long lists (thousands of packages) render in slices of 200 with a "Show more" button. */
function sliced<T>(caption: string, cols: Array<[string, (r: T) => Child]>, rows: readonly T[], empty: string): HTMLElement {
  let shown = Math.min(PAGE, rows.length);
  const slot = h('div', {});
  // One button for the life of the section, so keyboard focus stays on it while rows are added.
  const more = h('button', { type: 'button', class: 'secondary' });
  const draw = () => {
    slot.replaceChildren(table(caption, cols, rows.slice(0, shown), empty));
    more.textContent = `Show more (${(rows.length - shown).toLocaleString('en')} left)`;
    more.hidden = shown >= rows.length;
  };
  more.addEventListener('click', () => { shown = Math.min(rows.length, shown + PAGE * 5); draw(); });
  draw();
  return h('div', {}, slot, more);
}

function section(id: string, title: string, n: number, body: HTMLElement): HTMLElement {
  return h('section', { id, 'aria-labelledby': `${id}-h` }, h('h2', { id: `${id}-h` }, `${title} (${n.toLocaleString('en')})`), body);
}

export async function imagePage(main: HTMLElement, [id]: string[]): Promise<void> {
  const enc = encodeURIComponent(id!);
  const [img, r] = await Promise.all([api<ImageSummary>(`/api/images/${enc}`), api<Report>(`/api/images/${enc}/report?format=json`)]);
  const layers = r.layers ?? [];
  main.append(
    h('h1', {}, img.reference),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Digest / id'), h('dd', {}, h('code', {}, img.id)),
      h('dt', {}, 'OS'), h('dd', {}, img.os ? `${img.os.family} ${img.os.version ?? ''}${img.os.eol ? ` (end of life${img.os.eolDate ? ` ${img.os.eolDate}` : ''})` : ''}` : '—'),
      h('dt', {}, 'Open vulnerabilities'), h('dd', {}, counts(img.vulnerabilities)),
      h('dt', {}, 'Last scanned'), h('dd', {}, when(img.lastScanned), img.dbBuiltAt ? h('span', { class: 'muted' }, ' · database built ', when(img.dbBuiltAt)) : null)),
    h('nav', { class: 'toc', 'aria-label': 'Sections' }, h('ul', {}, [['vulns', 'Vulnerabilities'], ['packages', 'Packages'], ['layers', 'Layers'], ['secrets', 'Secrets'], ['misconfigs', 'Misconfigurations'], ['licenses', 'Licenses'], ['downloads', 'Downloads']]
      .map(([a, t]) => h('li', {}, h('a', { href: `#${a}` }, t))))),
    section('vulns', 'Vulnerabilities', r.vulnerabilities.length, sliced<Vuln>('Open vulnerabilities, most severe first', [
      ['ID', (v) => h('a', { href: `/findings?vulnerability=${encodeURIComponent(v.id)}&image=${enc}` }, v.id)],
      ['Severity', (v) => severity(v.severity)],
      ['Package', (v) => `${v.package.name} ${v.package.version}`],
      ['Fixed in', (v) => (v.fixedVersion ? h('code', {}, v.fixedVersion) : h('span', { class: 'muted' }, v.status === 'fixed' ? '—' : v.status.replace(/_/g, ' ')))],
      ['KEV / EPSS', (v) => [v.kev ? h('span', { class: 'kev' }, 'KEV ') : null, v.epss ? `${(v.epss.probability * 100).toFixed(1)}%` : '']],
      ['Title', (v) => v.title ?? ''],
    ], r.vulnerabilities, 'No open vulnerability.')),
    section('packages', 'Packages', r.packages.length, sliced('Installed packages', [
      ['Name', (p) => p.name], ['Version', (p) => h('code', {}, p.version)], ['Ecosystem', (p) => p.ecosystem], ['Licenses', (p) => p.licenses.join(', ')],
    ], r.packages, 'No package found.')),
    section('layers', 'Layers', layers.length, table('Image layers, base first', [
      ['#', (l) => String(layers.indexOf(l) + 1)], ['Digest', (l) => h('code', { title: l.digest }, short(l.digest))],
      ['Size', (l) => `${(l.size / 1048576).toFixed(1)} MiB`], ['Created by', (l) => createdBy(r, layers.indexOf(l))],
    ], layers, 'No layer information (an SBOM upload has none).')),
    section('secrets', 'Secrets', r.secrets.length, table('Secrets found in the image (values redacted)', [
      ['Rule', (s) => s.title], ['Severity', (s) => severity(s.severity)], ['File', (s) => h('code', {}, `${s.path}${s.line ? `:${s.line}` : ''}`)],
      ['Match (redacted)', (s) => h('code', {}, s.match)], ['Note', (s) => (s.deleted ? 'deleted in a later layer, still extractable' : '')],
    ], r.secrets, 'No secret found.')),
    section('misconfigs', 'Misconfigurations', r.misconfigurations.length, table('Image and Dockerfile misconfigurations', [
      ['ID', (m) => m.id], ['Severity', (m) => severity(m.severity)], ['Title', (m) => m.title], ['Detail', (m) => m.message],
    ], r.misconfigurations, 'No misconfiguration found.')),
    section('licenses', 'Licenses', r.licenses.length, sliced('Licenses', [
      ['License', (l) => l.license], ['Category', (l) => l.category], ['Severity', (l) => severity(l.severity)], ['Package or file', (l) => l.package?.name ?? l.path ?? ''],
    ], r.licenses, 'No license found.')),
    h('section', { id: 'downloads', 'aria-labelledby': 'downloads-h' }, h('h2', { id: 'downloads-h' }, 'Downloads'),
      h('ul', { class: 'downloads' }, DOWNLOADS.map(([f, label]) => h('li', {}, h('a', { href: `/api/images/${enc}/report?format=${f}`, download: f === 'html' ? undefined : '', 'data-format': f }, label))))),
    r.warnings.length ? h('section', { 'aria-labelledby': 'warn-h' }, h('h2', { id: 'warn-h' }, 'Scan warnings'), h('ul', {}, r.warnings.map((w) => h('li', {}, w)))) : '',
  );
}

/** The Dockerfile step of a layer: history entries without emptyLayer line up with the layers. */
function createdBy(r: Report, i: number): string {
  const steps = (r.config?.history ?? []).filter((e) => !e.emptyLayer);
  const s = steps[i]?.createdBy ?? '';
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}
