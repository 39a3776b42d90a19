/**
 * SPDX 2.2/2.3 JSON (https://spdx.github.io/spdx-spec/v2.3/) → SbomDocument: packages with purl external refs,
 * declared licenses, DEPENDS_ON / DEPENDENCY_OF edges. Reads Syft's `sourceInfo`, Trivy's annotations and
 * attributionTexts (`SrcName: …`, `LayerDigest: …`) and Bulwark's own comments.
 */
import { BulwarkError, type Location, type OsInfo } from '../../core/index.js';
import { normaliseOsFamily } from './purl-info.js';
import { osFromPurls, type SbomDocument, type SbomEntry } from './to-package.js';
import { attachDependencies, isObject, str } from './json-shape.js';

type Json = Record<string, unknown>;

const NO_VALUE = new Set(['NOASSERTION', 'NONE']);
// The 2.3 JSON schema says OPERATING_SYSTEM, the spec text (and Trivy) OPERATING-SYSTEM.
const OS_PURPOSES = new Set(['OPERATING-SYSTEM', 'OPERATING_SYSTEM']);
const GROUPING_PURPOSES = new Set([...OS_PURPOSES, 'CONTAINER', 'SOURCE', 'FILE', 'APPLICATION', 'ARCHIVE']);

function purlOf(p: Json): string | undefined {
  for (const r of Array.isArray(p.externalRefs) ? p.externalRefs : []) {
    if (!isObject(r) || r.referenceType !== 'purl') continue;
    const loc = str(r.referenceLocator);
    if (loc?.startsWith('pkg:')) return loc;
  }
  return undefined;
}

/** Trivy writes `Key: value` lines in annotations (newer) or attributionTexts (older). */
function trivyProps(p: Json, props: Map<string, string[]>): void {
  const lines: string[] = [];
  for (const a of Array.isArray(p.annotations) ? p.annotations : []) if (isObject(a) && typeof a.comment === 'string') lines.push(a.comment);
  for (const t of Array.isArray(p.attributionTexts) ? p.attributionTexts : []) if (typeof t === 'string') lines.push(t);
  for (const line of lines) {
    const m = /^([A-Za-z]+):\s*(.+)$/.exec(line.trim());
    if (!m) continue;
    const key = `aquasecurity:trivy:${m[1]}`;
    props.set(key, [...(props.get(key) ?? []), m[2]]);
  }
}

/** Paths from Syft's `acquired package info from DPKG DB: /var/lib/dpkg/status` and Bulwark's `found by x in /p (layer d)`. */
function sourceInfoLocations(info: string | undefined): Location[] {
  if (!info) return [];
  const bulwark = /^found by .+? in (.+)$/.exec(info);
  const list = bulwark ? bulwark[1] : /^acquired package info from [^:]+: (.+)$/.exec(info)?.[1];
  if (!list) return [];
  return list.split(', ').map((item) => {
    const m = /^(\/\S*)(?: \(layer (sha256:[0-9a-f]+)\))?$/.exec(item.trim());
    return m ? { path: m[1].replace(/^\/+/, ''), ...(m[2] ? { layer: m[2] } : {}) } : undefined;
  }).filter((l): l is Location => Boolean(l?.path));
}

function licensesOf(p: Json): string[] {
  const declared = str(p.licenseDeclared);
  if (declared && !NO_VALUE.has(declared)) return [declared];
  const concluded = str(p.licenseConcluded);
  return concluded && !NO_VALUE.has(concluded) ? [concluded] : [];
}

function supplierOf(p: Json): string | undefined {
  const s = str(p.supplier) ?? str(p.originator);
  if (!s || NO_VALUE.has(s)) return undefined;
  return s.replace(/^(Person|Organization|Tool):\s*/, '');
}

function toEntry(p: Json, index: number): SbomEntry {
  const props = new Map<string, string[]>();
  trivyProps(p, props);
  // Bulwark's own SPDX: `source package: openssl 3.0.11-1~deb12u2`; Trivy: `built package from: bash 4.2.46-31.el7`.
  const src = /^source package: (\S+) (\S+)$/.exec(str(p.comment) ?? '') ?? /^built package from: (\S+) (\S+)$/.exec(str(p.sourceInfo) ?? '');
  if (src) {
    props.set('bulwark:srcName', [src[1]]);
    props.set('bulwark:srcVersion', [src[2]]);
  }
  // A package with a purl and purpose APPLICATION is a project root (Bulwark writes its lockfile roots so).
  if (p.primaryPackagePurpose === 'APPLICATION') props.set('bulwark:pkgType', ['application']);
  const hashes: Record<string, string> = {};
  for (const c of Array.isArray(p.checksums) ? p.checksums : []) {
    if (isObject(c) && typeof c.algorithm === 'string' && typeof c.checksumValue === 'string') {
      hashes[c.algorithm.toLowerCase().replace('-', '')] = c.checksumValue;
    }
  }
  return {
    ref: str(p.SPDXID) ?? `package-${index}`,
    name: str(p.name) ?? '',
    version: str(p.versionInfo),
    purl: purlOf(p),
    licenses: licensesOf(p),
    props,
    locations: sourceInfoLocations(str(p.sourceInfo)),
    hashes,
    supplier: supplierOf(p),
  };
}

function isOperatingSystem(p: Json): boolean {
  return OS_PURPOSES.has(String(p.primaryPackagePurpose)) || (str(p.SPDXID) ?? '').startsWith('SPDXRef-OperatingSystem');
}

export function parseSpdx(doc: Json): SbomDocument {
  const spdxVersion = str(doc.spdxVersion) ?? '';
  const m = /^SPDX-2\.([1-3])$/.exec(spdxVersion);
  if (!m) throw new BulwarkError('UNSUPPORTED_SCHEMA', `SPDX version "${spdxVersion}" is not supported (SPDX-2.1 to SPDX-2.3 JSON)`);
  if (doc.packages !== undefined && !Array.isArray(doc.packages)) throw new BulwarkError('MALFORMED_DOCUMENT', 'SPDX "packages" is not an array');
  const relationships = (Array.isArray(doc.relationships) ? doc.relationships : []).filter(isObject);
  const described = new Set(relationships
    .filter((r) => r.spdxElementId === 'SPDXRef-DOCUMENT' && r.relationshipType === 'DESCRIBES')
    .map((r) => str(r.relatedSpdxElement)).filter(Boolean));
  for (const d of Array.isArray(doc.documentDescribes) ? doc.documentDescribes : []) if (typeof d === 'string') described.add(d);

  const warnings: string[] = [];
  const entries: SbomEntry[] = [];
  let os: OsInfo | undefined;
  let subject: SbomDocument['subject'];
  (Array.isArray(doc.packages) ? doc.packages : []).forEach((raw, i) => {
    if (!isObject(raw)) {
      warnings.push(`package #${i} is not an object: skipped`);
      return;
    }
    if (isOperatingSystem(raw)) {
      const family = str(raw.name);
      if (family && !os) os = { family: normaliseOsFamily(family), version: str(raw.versionInfo) ?? '' };
      return;
    }
    const id = str(raw.SPDXID) ?? '';
    const purpose = str(raw.primaryPackagePurpose) ?? '';
    if (described.has(id) && !subject) subject = { name: str(raw.name) ?? '', version: str(raw.versionInfo), kind: purpose || undefined };
    const purl = purlOf(raw);
    if (described.has(id) && (!purl || purl.startsWith('pkg:oci/'))) return;
    if (!purl && GROUPING_PURPOSES.has(purpose)) return;
    entries.push(toEntry(raw, i));
  });
  const edges: Array<[string, string]> = [];
  for (const r of relationships) {
    const a = str(r.spdxElementId);
    const b = str(r.relatedSpdxElement);
    if (!a || !b) continue;
    if (r.relationshipType === 'DEPENDS_ON') edges.push([a, b]);
    else if (r.relationshipType === 'DEPENDENCY_OF') edges.push([b, a]);
  }
  const packages = attachDependencies(entries, edges, warnings);
  const creators = isObject(doc.creationInfo) && Array.isArray(doc.creationInfo.creators) ? doc.creationInfo.creators : [];
  const tools = creators.filter((c): c is string => typeof c === 'string' && c.startsWith('Tool:')).map((c) => c.slice(5).trim());
  const anyOs = os ?? osFromPurls(entries);
  return {
    format: 'spdx',
    specVersion: spdxVersion,
    tools,
    subject: subject ?? { name: str(doc.name) ?? '' },
    ...(anyOs ? { os: anyOs } : {}),
    packages,
    warnings,
  };
}
