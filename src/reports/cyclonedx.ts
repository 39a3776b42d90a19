/**
 * CycloneDX 1.6 JSON (https://cyclonedx.org/docs/1.6/json/): Report → @cyclonedx/cyclonedx-library models →
 * its JSON serializer with sorted lists. The model/serializer split is the library's (docs/architecture.md §3).
 */
// Subpath imports: the package index also loads its JSON/XML validators (~60 ms of start-up).
import * as Enums from '@cyclonedx/cyclonedx-library/Enums';
import * as Models from '@cyclonedx/cyclonedx-library/Models';
import * as Serialize from '@cyclonedx/cyclonedx-library/Serialize';
import * as Spec from '@cyclonedx/cyclonedx-library/Spec';
import { PackageURL } from 'packageurl-js';
import type { Package, Report } from '../core/index.js';
import { classifyLicense, toSpdxExpression } from './license-expression.js';
import { assignBomRefs, sortedPackages } from './order.js';
import { toCdxVulnerabilities } from './cyclonedx-vulns.js';
import { reportUuid } from './report-uuid.js';
import { imagePurl } from './image-purl.js';

/** Property names other tools can rely on (also read back by `bulwark sbom`). */
export const CDX_PROPS = {
  layer: 'bulwark:layer',
  path: 'bulwark:path',
  foundBy: 'bulwark:foundBy',
  srcName: 'bulwark:srcName',
  srcVersion: 'bulwark:srcVersion',
  ecosystem: 'bulwark:ecosystem',
  pkgType: 'bulwark:pkgType',
  /** `local`, `workspace`, `git`, `url`, `patch`, `unversioned`: not from the ecosystem's registry. */
  nonRegistry: 'bulwark:nonRegistry',
  nonRegistryRef: 'bulwark:nonRegistryRef',
} as const;

const HASH_ALGS: Record<string, Enums.HashAlgorithm> = {
  md5: Enums.HashAlgorithm.MD5,
  sha1: Enums.HashAlgorithm['SHA-1'],
  'sha-1': Enums.HashAlgorithm['SHA-1'],
  sha256: Enums.HashAlgorithm['SHA-256'],
  'sha-256': Enums.HashAlgorithm['SHA-256'],
  sha384: Enums.HashAlgorithm['SHA-384'],
  sha512: Enums.HashAlgorithm['SHA-512'],
  'sha-512': Enums.HashAlgorithm['SHA-512'],
};

function prop(name: string, value: string): Models.Property {
  return new Models.Property(name, value);
}

function licensesOf(pkg: Package): Models.LicenseRepository {
  const repo = new Models.LicenseRepository();
  const declared = [...new Set(pkg.licenses.map((l) => l.trim()).filter(Boolean))];
  if (declared.length === 0) return repo;
  const kinds = declared.map(classifyLicense);
  // CycloneDX allows either license entries or exactly one expression, never both.
  if (kinds.includes('expression')) {
    const expr = toSpdxExpression(declared);
    if (expr) {
      repo.add(new Models.LicenseExpression(expr));
      return repo;
    }
  }
  declared.forEach((l, i) => repo.add(kinds[i] === 'id' ? new Models.SpdxLicense(l) : new Models.NamedLicense(l)));
  return repo;
}

function hashesOf(pkg: Package): Models.HashDictionary {
  const hashes = new Models.HashDictionary();
  for (const [alg, hex] of Object.entries(pkg.hashes ?? {})) {
    const a = HASH_ALGS[alg.toLowerCase()];
    if (a && /^[0-9a-f]+$/i.test(hex)) hashes.set(a, hex.toLowerCase());
  }
  return hashes;
}

function propertiesOf(pkg: Package): Models.PropertyRepository {
  const props = new Models.PropertyRepository();
  props.add(prop(CDX_PROPS.ecosystem, pkg.ecosystem));
  props.add(prop(CDX_PROPS.pkgType, pkg.type));
  for (const f of pkg.foundBy) props.add(prop(CDX_PROPS.foundBy, f));
  const layers = new Set<string>();
  for (const loc of pkg.locations) {
    props.add(prop(CDX_PROPS.path, loc.path));
    if (loc.layer) layers.add(loc.layer);
  }
  for (const l of layers) props.add(prop(CDX_PROPS.layer, l));
  if (pkg.source) {
    props.add(prop(CDX_PROPS.srcName, pkg.source.name));
    props.add(prop(CDX_PROPS.srcVersion, pkg.source.version));
  }
  if (pkg.nonRegistry) {
    props.add(prop(CDX_PROPS.nonRegistry, pkg.nonRegistry.kind));
    if (pkg.nonRegistry.ref) props.add(prop(CDX_PROPS.nonRegistryRef, pkg.nonRegistry.ref));
  }
  for (const [k, v] of Object.entries(pkg.properties ?? {}).sort()) props.add(prop(`bulwark:${k}`, v));
  return props;
}

function componentType(pkg: Package): Enums.ComponentType {
  if (pkg.type === 'application') return Enums.ComponentType.Application;
  if (pkg.type === 'runtime') return Enums.ComponentType.Platform;
  return Enums.ComponentType.Library;
}

/** Maven/npm scope goes to `group`, as CycloneDX separates it from the name. */
function groupOf(pkg: Package): string | undefined {
  try {
    return PackageURL.fromString(pkg.purl).namespace ?? undefined;
  } catch {
    return undefined;
  }
}

function toComponent(pkg: Package, bomRef: string): Models.Component {
  const group = pkg.ecosystem === 'Maven' || pkg.ecosystem === 'npm' ? groupOf(pkg) : undefined;
  const name = group && pkg.name.startsWith(group) ? pkg.name.slice(group.length).replace(/^[/:]/, '') : pkg.name;
  return new Models.Component(componentType(pkg), name || pkg.name, {
    bomRef,
    group: name ? group : undefined,
    version: pkg.version,
    purl: pkg.purl || undefined,
    licenses: licensesOf(pkg),
    hashes: hashesOf(pkg),
    properties: propertiesOf(pkg),
    publisher: pkg.maintainer ?? pkg.vendor,
  });
}

function rootComponent(report: Report): Models.Component {
  const image = report.target.image;
  if (!image) {
    const type = report.target.type === 'fs' ? Enums.ComponentType.Application : Enums.ComponentType.File;
    return new Models.Component(type, report.target.name, { bomRef: `target:${report.target.name}` });
  }
  const props = new Models.PropertyRepository();
  for (const t of image.repoTags) props.add(prop('bulwark:image:tag', t));
  for (const d of image.repoDigests) props.add(prop('bulwark:image:repoDigest', d));
  props.add(prop('bulwark:image:configDigest', image.configDigest));
  const p = image.platform;
  props.add(prop('bulwark:image:platform', `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`));
  for (const l of report.layers ?? []) props.add(prop('bulwark:image:layer', `${l.index}:${l.digest}`));
  return new Models.Component(Enums.ComponentType.Container, report.target.name, {
    bomRef: imagePurl(image) ?? `image:${image.configDigest}`,
    version: image.manifestDigest ?? image.configDigest,
    purl: imagePurl(image),
    properties: props,
  });
}

function buildBom(report: Report): Models.Bom {
  const bom = new Models.Bom({ serialNumber: `urn:uuid:${reportUuid(report)}` });
  bom.metadata.timestamp = new Date(report.createdAt);
  bom.metadata.tools.components.add(new Models.Component(Enums.ComponentType.Application, 'bulwark', {
    version: report.tool.version, bomRef: `tool:bulwark@${report.tool.version}`,
  }));
  const root = rootComponent(report);
  bom.metadata.component = root;

  const pkgs = sortedPackages(report.packages);
  const refs = assignBomRefs(pkgs);
  const byPurl = new Map<string, Models.Component>();
  const components = new Map<Package, Models.Component>();
  for (const p of pkgs) {
    const c = toComponent(p, refs.get(p) as string);
    components.set(p, c);
    if (!byPurl.has(p.purl)) byPurl.set(p.purl, c);
    bom.components.add(c);
  }
  if (report.os) {
    const osProps = new Models.PropertyRepository();
    if (report.os.codename) osProps.add(prop('bulwark:os:codename', report.os.codename));
    if (report.os.eol !== undefined) osProps.add(prop('bulwark:os:eol', String(report.os.eol)));
    const os = new Models.Component(Enums.ComponentType.OperatingSystem, report.os.family, {
      bomRef: `os:${report.os.family}@${report.os.version}`, version: report.os.version,
      description: report.os.prettyName, properties: osProps,
    });
    bom.components.add(os);
    root.dependencies.add(os.bomRef);
  }
  const dependedOn = new Set<Models.Component>();
  for (const [p, c] of components) {
    for (const dep of p.dependsOn ?? []) {
      const target = byPurl.get(dep);
      if (target && target !== c) {
        c.dependencies.add(target.bomRef);
        dependedOn.add(target);
      }
    }
  }
  // The target depends on every package nothing else depends on, so the graph has one root.
  for (const c of components.values()) if (!dependedOn.has(c)) root.dependencies.add(c.bomRef);
  for (const v of toCdxVulnerabilities(report, (purl) => byPurl.get(purl)?.bomRef)) bom.vulnerabilities.add(v);
  return bom;
}

/** Serializes a Report as CycloneDX 1.6 JSON (pretty-printed, sorted, newline-terminated). */
export function writeCycloneDx(report: Report): string {
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  return `${serializer.serialize(buildBom(report), { sortLists: true, space: 2 })}\n`;
}
