/**
 * SPDX 2.3 JSON (https://spdx.github.io/spdx-spec/v2.3/): one root package for the target, one package per
 * inventory entry, files for package artifacts that carry a checksum, DESCRIBES / CONTAINS / DEPENDS_ON links.
 */
import { createHash } from 'node:crypto';
import type { Package, Report } from '../core/index.js';
import { toSpdxExpression } from './license-expression.js';
import { assignBomRefs, cmp, sortedPackages } from './order.js';
import { reportUuid } from './report-uuid.js';
import { imagePurl } from './image-purl.js';

interface SpdxChecksum { algorithm: string; checksumValue: string }
interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  supplier?: string;
  downloadLocation: string;
  filesAnalyzed: boolean;
  checksums?: SpdxChecksum[];
  sourceInfo?: string;
  licenseConcluded: string;
  licenseDeclared: string;
  copyrightText: string;
  externalRefs?: Array<{ referenceCategory: string; referenceType: string; referenceLocator: string }>;
  primaryPackagePurpose?: string;
  comment?: string;
}
interface SpdxFile { SPDXID: string; fileName: string; checksums: SpdxChecksum[]; licenseConcluded: string; copyrightText: string }
interface SpdxRelationship { spdxElementId: string; relationshipType: string; relatedSpdxElement: string; comment?: string }

const NOASSERTION = 'NOASSERTION';
const SPDX_ALGS: Record<string, string> = {
  md5: 'MD5', sha1: 'SHA1', 'sha-1': 'SHA1', sha256: 'SHA256', 'sha-256': 'SHA256', sha384: 'SHA384', sha512: 'SHA512', 'sha-512': 'SHA512',
};

/** SPDXIDs allow only [A-Za-z0-9.-]; a short hash of the unique key keeps them unique after sanitising. */
function spdxId(kind: string, label: string, key: string): string {
  const clean = label.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  const h = createHash('sha256').update(key).digest('hex').slice(0, 16);
  return `SPDXRef-${kind}-${clean ? `${clean}-` : ''}${h}`;
}

function checksumsOf(pkg: Package): SpdxChecksum[] {
  return Object.entries(pkg.hashes ?? {})
    .map(([alg, hex]) => ({ algorithm: SPDX_ALGS[alg.toLowerCase()], checksumValue: hex.toLowerCase() }))
    .filter((c) => c.algorithm && /^[0-9a-f]+$/.test(c.checksumValue))
    .sort((a, b) => cmp(a.algorithm, b.algorithm));
}

/** `Person: Name (email)` from a `Name <email>` maintainer line, as SPDX agent syntax wants. */
function supplierOf(pkg: Package): string | undefined {
  const who = pkg.maintainer ?? pkg.vendor;
  if (!who) return undefined;
  const m = /^\s*([^<]*?)\s*<([^>]+)>\s*$/.exec(who);
  const kind = pkg.vendor && !pkg.maintainer ? 'Organization' : 'Person';
  return m ? `${kind}: ${m[1] || m[2]} (${m[2]})` : `${kind}: ${who.trim()}`;
}

function purposeOf(pkg: Package): string {
  if (pkg.type === 'application') return 'APPLICATION';
  if (pkg.type === 'runtime') return 'FRAMEWORK';
  return 'LIBRARY';
}

function toSpdxPackage(pkg: Package, id: string): SpdxPackage {
  const checksums = checksumsOf(pkg);
  const where = pkg.locations.map((l) => `/${l.path}${l.layer ? ` (layer ${l.layer})` : ''}`).join(', ');
  return {
    SPDXID: id,
    name: pkg.name,
    versionInfo: pkg.version,
    supplier: supplierOf(pkg),
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    checksums: checksums.length ? checksums : undefined,
    sourceInfo: where ? `found by ${pkg.foundBy.join(', ') || 'bulwark'} in ${where}` : undefined,
    licenseConcluded: NOASSERTION,
    licenseDeclared: toSpdxExpression(pkg.licenses) ?? NOASSERTION,
    copyrightText: NOASSERTION,
    externalRefs: pkg.purl ? [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: pkg.purl }] : undefined,
    primaryPackagePurpose: purposeOf(pkg),
    comment: pkg.source ? `source package: ${pkg.source.name} ${pkg.source.version}` : undefined,
  };
}

function rootPackage(report: Report): SpdxPackage {
  const image = report.target.image;
  const digest = image ? image.manifestDigest ?? image.configDigest : undefined;
  const hex = digest?.startsWith('sha256:') ? digest.slice(7) : undefined;
  const purl = image ? imagePurl(image) : undefined;
  return {
    SPDXID: spdxId(image ? 'Image' : 'Target', report.target.name, `root:${report.target.name}`),
    name: report.target.name,
    versionInfo: digest,
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    checksums: hex ? [{ algorithm: 'SHA256', checksumValue: hex }] : undefined,
    licenseConcluded: NOASSERTION,
    licenseDeclared: NOASSERTION,
    copyrightText: NOASSERTION,
    externalRefs: purl ? [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl }] : undefined,
    primaryPackagePurpose: image ? 'CONTAINER' : report.target.type === 'fs' ? 'SOURCE' : 'FILE',
    comment: image ? `tags: ${image.repoTags.join(', ') || 'none'}; config: ${image.configDigest}` : `target type: ${report.target.type}`,
  };
}

function osPackage(report: Report): SpdxPackage | undefined {
  const os = report.os;
  if (!os) return undefined;
  return {
    SPDXID: spdxId('OperatingSystem', `${os.family}-${os.version}`, `os:${os.family}@${os.version}`),
    name: os.family, versionInfo: os.version, downloadLocation: NOASSERTION, filesAnalyzed: false,
    licenseConcluded: NOASSERTION, licenseDeclared: NOASSERTION, copyrightText: NOASSERTION,
    // The SPDX 2.3 JSON schema (the authority for JSON, spdx/spdx-spec#813) spells it with an underscore;
    // the spec's tag/value text uses OPERATING-SYSTEM. Readers (ours included) accept both.
    primaryPackagePurpose: 'OPERATING_SYSTEM', comment: os.prettyName,
  };
}

/** Drops undefined fields so the JSON has only what we know. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function relationshipOrder(a: SpdxRelationship, b: SpdxRelationship): number {
  return cmp(a.spdxElementId, b.spdxElementId) || cmp(a.relationshipType, b.relationshipType)
    || cmp(a.relatedSpdxElement, b.relatedSpdxElement);
}

/** Serializes a Report as an SPDX 2.3 JSON document. */
export function writeSpdxJson(report: Report): string {
  const root = rootPackage(report);
  const os = osPackage(report);
  const pkgs = sortedPackages(report.packages);
  const refs = assignBomRefs(pkgs);
  const idOf = new Map<Package, string>();
  const idByPurl = new Map<string, string>();
  for (const p of pkgs) {
    const id = spdxId('Package', `${p.ecosystem}-${p.name}`, refs.get(p) as string);
    idOf.set(p, id);
    if (!idByPurl.has(p.purl)) idByPurl.set(p.purl, id);
  }
  const relationships: SpdxRelationship[] = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: root.SPDXID },
  ];
  if (os) relationships.push({ spdxElementId: root.SPDXID, relationshipType: 'CONTAINS', relatedSpdxElement: os.SPDXID });
  const files: SpdxFile[] = [];
  for (const p of pkgs) {
    const id = idOf.get(p) as string;
    relationships.push({ spdxElementId: root.SPDXID, relationshipType: 'CONTAINS', relatedSpdxElement: id });
    for (const dep of p.dependsOn ?? []) {
      const target = idByPurl.get(dep);
      if (target && target !== id) relationships.push({ spdxElementId: id, relationshipType: 'DEPENDS_ON', relatedSpdxElement: target });
    }
    // A package that is one file with a known digest (a jar) gets a file entry: SPDX files need checksums.
    const checksums = checksumsOf(p);
    if (checksums.length && p.locations.length === 1) {
      const fileId = spdxId('File', p.locations[0].path.split('/').pop() ?? '', `file:${p.locations[0].path}:${id}`);
      files.push({ SPDXID: fileId, fileName: `/${p.locations[0].path}`, checksums, licenseConcluded: NOASSERTION, copyrightText: NOASSERTION });
      relationships.push({ spdxElementId: root.SPDXID, relationshipType: 'CONTAINS', relatedSpdxElement: fileId });
      relationships.push({ spdxElementId: id, relationshipType: 'OTHER', relatedSpdxElement: fileId, comment: 'evident-by: the package is this file' });
    }
  }
  const uuid = reportUuid(report);
  const nsName = report.target.name.replace(/[^A-Za-z0-9._-]+/g, '-');
  const doc = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: report.target.name,
    documentNamespace: `https://spdx.org/spdxdocs/bulwark/${report.target.type}/${nsName}-${uuid}`,
    creationInfo: {
      created: report.createdAt.replace(/\.\d+Z$/, 'Z'),
      creators: [`Tool: bulwark-${report.tool.version}`],
    },
    packages: [root, ...(os ? [os] : []), ...pkgs.map((p) => toSpdxPackage(p, idOf.get(p) as string))].map(compact),
    files: files.length ? files.sort((a, b) => cmp(a.fileName, b.fileName)) : undefined,
    relationships: relationships.sort(relationshipOrder),
  };
  return `${JSON.stringify(compact(doc), null, 2)}\n`;
}
