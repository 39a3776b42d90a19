/**
 * Use-cases for a portfolio server: match a stored inventory again (no image pull) against the current
 * vulnerability database, opened once for many inventories; read SBOM bytes into an inventory; the
 * end-of-life date of an OS. The same detectors as `bulwark image`, so server and CLI never disagree.
 */
import { type OsInfo, type Package, type Report, type VulnerabilityFinding } from '../core/index.js';
import { cycleOf } from '../detectors/index.js';
import { parseSbom } from '../sources/index.js';
import { compareGeneric, schemeFor } from '../versioning/index.js';
import type { ScanOptions } from './options.js';
import { runDetectors } from './run-detectors.js';
import { openStoreFor } from './vuln-store.js';

interface StoredInventory { packages: Package[]; os?: OsInfo }

/**
 * Findings per distinct package (and OS release), kept by the caller across `matchMany` calls against the same
 * database: a re-evaluation cut into shards matches each package of the portfolio once, not once per shard.
 */
export type MatchMemo = Map<string, VulnerabilityFinding[]>;

export interface Matcher {
  /** DB provenance (absent when no database was found and `allowMissingDb` was set). */
  database?: Report['database'];
  warning?: string;
  match(inv: StoredInventory): Promise<{ vulnerabilities: VulnerabilityFinding[]; warnings: string[] }>;
  /**
   * Many inventories at once, each package matched once however many images share it (a portfolio repeats
   * the same base images): per OS release, the distinct packages are matched together and the findings
   * handed back to every inventory holding them. Same result as `match` on each, in a fraction of the time.
   */
  matchMany(invs: readonly StoredInventory[], memo?: MatchMemo): Promise<VulnerabilityFinding[][]>;
  close(): void;
}

/** Opens the vulnerability database once; `match` then runs only the vulnerability detectors. */
export async function openMatcher(opts: ScanOptions = {}): Promise<Matcher> {
  const db = await openStoreFor(['vuln'], opts);
  return {
    ...(db.database ? { database: db.database } : {}),
    ...(db.warning ? { warning: db.warning } : {}),
    async match(inv) {
      if (!db.store) return { vulnerabilities: [], warnings: db.warning ? [db.warning] : [] };
      const f = await runDetectors({ packages: inv.packages, results: [], warnings: [], ...(inv.os ? { os: inv.os } : {}) }, ['vuln'], { ...opts, store: db.store });
      return { vulnerabilities: f.vulnerabilities, warnings: f.warnings };
    },
    async matchMany(invs, memo = new Map()) {
      if (!db.store) return invs.map(() => []);
      const out: VulnerabilityFinding[][] = invs.map(() => []);
      const groups = new Map<string, number[]>();
      invs.forEach((inv, i) => {
        const k = JSON.stringify([inv.os?.family ?? '', inv.os?.version ?? '', inv.os?.distroless ?? false]);
        (groups.get(k) ?? groups.set(k, []).get(k)!).push(i);
      });
      for (const [g, idx] of groups) {
        // Distinct packages of the group not matched before (memo), matched together in one detector run.
        const todo = new Map<string, Package>();
        for (const i of idx) {
          for (const p of invs[i]!.packages) {
            const k = `${g}\u0000${packageKey(p)}`;
            if (!memo.has(k) && !todo.has(k)) todo.set(k, p);
          }
        }
        if (todo.size) {
          const os = invs[idx[0]!]!.os;
          const f = await runDetectors({ packages: [...todo.values()], results: [], warnings: [], ...(os ? { os } : {}) }, ['vuln'], { ...opts, store: db.store });
          const byPurl = new Map<string, VulnerabilityFinding[]>();
          for (const v of f.vulnerabilities) (byPurl.get(v.package.purl) ?? byPurl.set(v.package.purl, []).get(v.package.purl)!).push(v);
          for (const [k, p] of todo) memo.set(k, byPurl.get(p.purl) ?? []);
        }
        for (const i of idx) {
          const seen = new Set<string>();
          for (const p of invs[i]!.packages) {
            if (seen.has(p.purl)) continue;
            seen.add(p.purl);
            // The layer is the image's own: the same package may come from different layers in different images.
            const layer = p.locations.find((l) => l.layer)?.layer;
            for (const v of memo.get(`${g}\u0000${packageKey(p)}`) ?? []) out[i]!.push(layer === v.layer ? v : withLayer(v, layer));
          }
        }
      }
      return out;
    },
    close: () => db.close(),
  };
}

/** Everything matching reads of a package; two packages equal on these match identically. */
function packageKey(p: Package): string {
  return JSON.stringify([p.ecosystem, p.type, p.name, p.version, p.purl, p.source?.name ?? '', p.source?.version ?? '', p.arch ?? '', p.epoch ?? '', p.modularityLabel ?? '', p.nonRegistry?.kind ?? '', p.dev ?? false]);
}

function withLayer(v: VulnerabilityFinding, layer: string | undefined): VulnerabilityFinding {
  const { layer: _old, ...rest } = v;
  return layer ? { ...rest, layer } : rest;
}

interface SbomInventory extends StoredInventory { format: string; subject?: { name: string; version?: string }; warnings: string[] }

/** CycloneDX / SPDX JSON bytes → packages and OS (MALFORMED_DOCUMENT / UNSUPPORTED_SCHEMA on bad input). */
export function sbomInventory(bytes: Buffer | string, label: string): SbomInventory {
  const doc = parseSbom(bytes, label);
  return {
    format: doc.format, packages: doc.packages, warnings: doc.warnings,
    ...(doc.os ? { os: doc.os } : {}), ...(doc.subject ? { subject: doc.subject } : {}),
  };
}

/** End of life of an OS release (endoflife.date cycles): the date, or `true` when reached without one. */
export function osEndOfLife(os: OsInfo, now = new Date()): { eol: boolean; date?: string } {
  const c = cycleOf(os);
  if (!c) return { eol: false };
  if (typeof c.eol === 'boolean') return { eol: c.eol };
  return { eol: new Date(`${c.eol}T00:00:00Z`) <= now, date: c.eol };
}

/** The ecosystem's own version order (dpkg, rpm, semver, pep440…), generic for an unknown ecosystem. */
export function compareInEcosystem(ecosystem: string, a: string, b: string): number {
  return (schemeFor(ecosystem)?.compare ?? compareGeneric)(a, b);
}
