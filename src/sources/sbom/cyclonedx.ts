/**
 * CycloneDX JSON 1.2–1.7 (https://cyclonedx.org/docs/1.7/json/) → SbomDocument. What 1.7 changed for
 * reading packages: external components (`isExternal`, with a `versionRange` instead of a version: provided
 * by the environment, not part of the artifact — skipped), several license expressions per component
 * (each kept), `expressionDetails`, patents, citations and TLP (ignored). Lenient by design: SBOMs from
 * Syft, Trivy and cdxgen are read as they are, unusable components become warnings, only a document that is not
 * CycloneDX at all is an error.
 */
import { BulwarkError, type Location, type OsInfo } from '../../core/index.js';
import { normaliseOsFamily } from './purl-info.js';
import { osFromPurls, type SbomDocument, type SbomEntry } from './to-package.js';
import { attachDependencies, isObject, str } from './json-shape.js';

type Json = Record<string, unknown>;

function licensesOf(c: Json): string[] {
  const list = Array.isArray(c.licenses) ? c.licenses : [];
  const out: string[] = [];
  for (const l of list) {
    if (!isObject(l)) continue;
    if (typeof l.expression === 'string') out.push(l.expression);
    else if (isObject(l.license)) {
      const v = str(l.license.id) ?? str(l.license.name);
      if (v) out.push(v);
    }
  }
  return out;
}

function propsOf(c: Json): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const p of Array.isArray(c.properties) ? c.properties : []) {
    if (!isObject(p) || typeof p.name !== 'string' || typeof p.value !== 'string') continue;
    m.set(p.name, [...(m.get(p.name) ?? []), p.value]);
  }
  return m;
}

/** cdxgen: evidence.occurrences[].location (1.5+) and evidence.identity.methods[].value for manifest analysis. */
function evidenceLocations(c: Json): Location[] {
  const ev = isObject(c.evidence) ? c.evidence : undefined;
  if (!ev) return [];
  const out: Location[] = [];
  for (const o of Array.isArray(ev.occurrences) ? ev.occurrences : []) {
    const loc = isObject(o) ? str(o.location) : undefined;
    if (loc) out.push({ path: loc.replace(/^\/+/, '') });
  }
  const identities = Array.isArray(ev.identity) ? ev.identity : ev.identity ? [ev.identity] : [];
  for (const id of identities) {
    if (!isObject(id) || !Array.isArray(id.methods)) continue;
    for (const m of id.methods) {
      const value = isObject(m) && m.technique === 'manifest-analysis' ? str(m.value) : undefined;
      if (value) out.push({ path: value.replace(/^\/+/, '') });
    }
  }
  return out;
}

function hashesOf(c: Json): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of Array.isArray(c.hashes) ? c.hashes : []) {
    if (isObject(h) && typeof h.alg === 'string' && typeof h.content === 'string') out[h.alg.toLowerCase().replace('-', '')] = h.content;
  }
  return out;
}

function toEntry(c: Json, index: number): SbomEntry {
  const supplier = isObject(c.supplier) ? str(c.supplier.name) : undefined;
  return {
    ref: str(c['bom-ref']) ?? `component-${index}`,
    name: str(c.name) ?? '',
    group: str(c.group),
    version: str(c.version),
    purl: str(c.purl),
    licenses: licensesOf(c),
    props: propsOf(c),
    locations: evidenceLocations(c),
    hashes: hashesOf(c),
    supplier: supplier ?? str(c.publisher) ?? str(c.author),
  };
}

/** Depth-first over nested `components` (cdxgen and Trivy nest language packages under applications). */
function flatten(list: unknown, out: Json[] = []): Json[] {
  if (!Array.isArray(list)) return out;
  for (const c of list) {
    if (!isObject(c)) continue;
    out.push(c);
    flatten(c.components, out);
  }
  return out;
}

function toolsOf(meta: Json | undefined): string[] {
  const t = meta?.tools;
  const list = Array.isArray(t) ? t : isObject(t) && Array.isArray(t.components) ? t.components : [];
  return list.filter(isObject).map((x) => [str(x.name), str(x.version)].filter(Boolean).join(' ')).filter(Boolean);
}

/** OS from an operating-system component; codename and pretty name from Bulwark's or Syft's properties. */
function osOf(c: Json, family: string): OsInfo {
  const props = propsOf(c);
  const os: OsInfo = { family: normaliseOsFamily(family), version: str(c.version) ?? '' };
  const codename = props.get('bulwark:os:codename')?.[0] ?? props.get('syft:distro:versionCodename')?.[0];
  const pretty = props.get('syft:distro:prettyName')?.[0] ?? str(c.description);
  if (codename) os.codename = codename;
  if (pretty && pretty !== family) os.prettyName = pretty;
  return os;
}

/** Components that describe the target or OS rather than a package. */
const NOT_PACKAGES = new Set(['operating-system', 'container', 'file', 'device', 'firmware', 'data', 'machine-learning-model', 'cryptographic-asset']);

export function parseCycloneDx(doc: Json): SbomDocument {
  const specVersion = str(doc.specVersion) ?? '';
  if (!/^1\.[2-7]$/.test(specVersion)) {
    throw new BulwarkError('UNSUPPORTED_SCHEMA', `CycloneDX specVersion "${specVersion}" is not supported (1.2-1.7)`);
  }
  if (doc.components !== undefined && !Array.isArray(doc.components)) {
    throw new BulwarkError('MALFORMED_DOCUMENT', 'CycloneDX "components" is not an array');
  }
  const meta = isObject(doc.metadata) ? doc.metadata : undefined;
  const root = meta && isObject(meta.component) ? meta.component : undefined;
  const warnings: string[] = [];
  let os: OsInfo | undefined;
  const entries: SbomEntry[] = [];
  const external: string[] = [];
  flatten(doc.components).forEach((c, i) => {
    const type = str(c.type) ?? 'library';
    if (type === 'operating-system') {
      const family = str(c.name);
      if (family && !os) os = osOf(c, family);
      return;
    }
    // An application/container component without a purl is a grouping node (a lockfile, the image), not a package.
    if (NOT_PACKAGES.has(type) || (type === 'application' && !str(c.purl))) return;
    if (c.isExternal === true) {
      external.push(str(c.name) ?? str(c.purl) ?? `#${i}`);
      return;
    }
    const entry = toEntry(c, i);
    if (!entry.name && !entry.purl) {
      warnings.push(`component #${i} has neither name nor purl: skipped`);
      return;
    }
    entries.push(entry);
  });
  if (external.length) {
    warnings.push(`${external.length} external component(s) skipped (isExternal: provided by the environment, not part of the artifact): ${external.slice(0, 5).join(', ')}${external.length > 5 ? ', …' : ''}`);
  }
  const packages = attachDependencies(entries, edgesOf(doc), warnings);
  const anyOs = os ?? osFromPurls(entries);
  return {
    format: 'cyclonedx',
    specVersion,
    tools: toolsOf(meta),
    ...(root ? { subject: { name: str(root.name) ?? '', version: str(root.version), kind: str(root.type) } } : {}),
    ...(anyOs ? { os: anyOs } : {}),
    packages,
    warnings,
  };
}

function edgesOf(doc: Json): Array<[string, string]> {
  const edges: Array<[string, string]> = [];
  for (const d of Array.isArray(doc.dependencies) ? doc.dependencies : []) {
    if (!isObject(d) || typeof d.ref !== 'string' || !Array.isArray(d.dependsOn)) continue;
    for (const to of d.dependsOn) if (typeof to === 'string') edges.push([d.ref, to]);
  }
  return edges;
}
