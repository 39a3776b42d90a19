/**
 * Bottlerocket OS packages (image and rootfs): `usr/share/bottlerocket/application-inventory.json`,
 * the inventory Bottlerocket builds into its images (also at `<arch>-bottlerocket-linux-gnu/sys-root/…`
 * in its SDK and kit images). `Content[]` lists Name, Version, Release, Epoch and Architecture of every
 * installed package. Purls follow Trivy: `pkg:bottlerocket/<name>@<version>?arch=…&distro=bottlerocket-<ver>`.
 */
import { BulwarkError, type OsInfo, type Package } from '../../core/index.js';
import { defineAnalyzer, type AnalyzerFile } from '../contract.js';
import { guarded, purlOf } from '../shared/lang-package.js';
import { locationOf } from '../shared/location.js';

const ID = 'bottlerocket-inventory';
const INVENTORY = /^(?:(?:x86_64|aarch64)-bottlerocket-linux-gnu\/sys-root\/)?usr\/share\/bottlerocket\/application-inventory\.json$/;

interface Item { Name?: unknown; Version?: unknown; Release?: unknown; Epoch?: unknown; Architecture?: unknown; Publisher?: unknown }

function parseInventory(text: string, file: Pick<AnalyzerFile, 'path' | 'layer'>): Package[] {
  const doc = JSON.parse(text) as { Content?: unknown };
  if (!Array.isArray(doc?.Content)) throw new BulwarkError('MALFORMED_DOCUMENT', 'application-inventory.json without a Content list');
  return (doc.Content as Item[]).flatMap((it) => {
    if (typeof it?.Name !== 'string' || typeof it.Version !== 'string' || !it.Name || !it.Version) return [];
    const epoch = typeof it.Epoch === 'string' && /^\d+$/.test(it.Epoch) ? Number(it.Epoch) : undefined;
    const pkg: Package = {
      name: it.Name, version: it.Version, ecosystem: 'bottlerocket', type: 'os', purl: '', licenses: [],
      locations: [locationOf(file)], foundBy: [ID],
      ...(typeof it.Release === 'string' && it.Release ? { source: { name: it.Name, version: `${it.Version}-${it.Release}` } } : {}),
      ...(typeof it.Architecture === 'string' && it.Architecture ? { arch: it.Architecture } : {}),
      ...(epoch ? { epoch } : {}),
      ...(typeof it.Publisher === 'string' && it.Publisher ? { vendor: it.Publisher } : {}),
    };
    pkg.purl = bottlerocketPurl(pkg, undefined);
    return [pkg];
  });
}

function bottlerocketPurl(pkg: Package, os: OsInfo | undefined): string {
  const q: Record<string, string> = {};
  if (pkg.arch) q.arch = pkg.arch;
  if (pkg.epoch) q.epoch = String(pkg.epoch);
  if (os?.family === 'bottlerocket' && os.version) q.distro = `bottlerocket-${os.version}`;
  return purlOf('bottlerocket', undefined, pkg.name, pkg.version, Object.keys(q).length ? q : undefined);
}

export const bottlerocketAnalyzer = defineAnalyzer({
  id: ID,
  version: 1,
  group: 'os-packages',
  modes: ['image', 'rootfs'],
  maxBytes: 32 * 1024 * 1024,
  matches: (path: string) => INVENTORY.test(path),
  analyze: (file: AnalyzerFile) => guarded(file, (text) => ({ packages: parseInventory(text, file) })),
  finalizePackages: (packages: Package[], os: OsInfo | undefined) => packages.map((p) => ({ ...p, purl: bottlerocketPurl(p, os) })),
});
