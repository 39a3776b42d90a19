/**
 * The hygiene and retention policy of `registry report --policy FILE` (YAML or JSON). Every field is
 * optional; defaults below. Unknown keys are an error (a typo must not silently keep or delete images).
 *
 *   staleDays: 90                 # no push (notification, else image `created`) for this long → stale
 *   maxImageSize: 1GiB            # compressed config + layers above this → oversized
 *   retention:
 *     keepLast: 10                # per repository, newest first
 *     keepTags: ['^latest$', '^v?\d+\.\d+\.\d+$']   # regular expressions on the tag
 *     keepSigned: true            # a cosign signature or a signature referrer exists
 *     keepDeployed: true          # pulled within deployedDays (registry listen), or listed in deployed
 *     deployedDays: 30
 *     deployed: ['team/app@sha256:…', 'team/app:1.4']
 *     deleteUntagged: false       # also delete manifests no tag points at any more
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { BulwarkError } from '../core/index.js';

interface RetentionPolicy {
  keepLast: number;
  keepTags: RegExp[];
  keepSigned: boolean;
  keepDeployed: boolean;
  deployedDays: number;
  deployed: string[];
  deleteUntagged: boolean;
}

export interface RegistryPolicy {
  staleDays: number;
  maxImageBytes: number;
  retention: RetentionPolicy;
  /** Where the policy came from (a file, or the defaults). */
  source: string;
}

function defaultPolicy(): RegistryPolicy {
  return {
    staleDays: 90, maxImageBytes: 1024 ** 3, source: 'defaults',
    retention: { keepLast: 10, keepTags: [/^latest$/], keepSigned: true, keepDeployed: true, deployedDays: 30, deployed: [], deleteUntagged: false },
  };
}

function bad(file: string, why: string): BulwarkError {
  return new BulwarkError('POLICY_INVALID', `${file}: ${why}`);
}

function size(v: unknown, file: string): number {
  if (typeof v === 'number' && v > 0) return v;
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?)b?\s*$/i.exec(v) : null;
  if (!m) throw bad(file, `maxImageSize: not a size: ${JSON.stringify(v)} (e.g. 1GiB, 500MB)`);
  const pow = ' kmgt'.indexOf((m[2] || ' ').toLowerCase());
  return Math.round(Number(m[1]) * (m[3] || !m[2] ? 1024 : 1000) ** pow);
}

function count(v: unknown, name: string, file: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw bad(file, `${name} must be a whole number ≥ 0, got ${JSON.stringify(v)}`);
  return v;
}

function bool(v: unknown, name: string, file: string): boolean {
  if (typeof v !== 'boolean') throw bad(file, `${name} must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

function strings(v: unknown, name: string, file: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw bad(file, `${name} must be a list of strings`);
  return v as string[];
}

function checkKeys(o: Record<string, unknown>, allowed: readonly string[], where: string, file: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw bad(file, `unknown key ${where}${k} (allowed: ${allowed.join(', ')})`);
}

function retentionOf(r: Record<string, unknown>, base: RetentionPolicy, file: string): RetentionPolicy {
  checkKeys(r, ['keepLast', 'keepTags', 'keepSigned', 'keepDeployed', 'deployedDays', 'deployed', 'deleteUntagged'], 'retention.', file);
  const out = { ...base };
  if (r.keepLast !== undefined) out.keepLast = count(r.keepLast, 'retention.keepLast', file);
  if (r.keepTags !== undefined) {
    out.keepTags = strings(r.keepTags, 'retention.keepTags', file).map((p) => {
      try { return new RegExp(p); } catch (e) { throw bad(file, `retention.keepTags: invalid regular expression ${JSON.stringify(p)}: ${(e as Error).message}`); }
    });
  }
  if (r.keepSigned !== undefined) out.keepSigned = bool(r.keepSigned, 'retention.keepSigned', file);
  if (r.keepDeployed !== undefined) out.keepDeployed = bool(r.keepDeployed, 'retention.keepDeployed', file);
  if (r.deployedDays !== undefined) out.deployedDays = count(r.deployedDays, 'retention.deployedDays', file);
  if (r.deployed !== undefined) out.deployed = strings(r.deployed, 'retention.deployed', file);
  if (r.deleteUntagged !== undefined) out.deleteUntagged = bool(r.deleteUntagged, 'retention.deleteUntagged', file);
  return out;
}

export function parsePolicy(text: string, file: string): RegistryPolicy {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    throw bad(file, `not YAML/JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  const p = defaultPolicy();
  p.source = file;
  if (doc === null || doc === undefined) return p;
  if (typeof doc !== 'object' || Array.isArray(doc)) throw bad(file, 'expected a mapping at the top level');
  const o = doc as Record<string, unknown>;
  checkKeys(o, ['staleDays', 'maxImageSize', 'retention'], '', file);
  if (o.staleDays !== undefined) p.staleDays = count(o.staleDays, 'staleDays', file);
  if (o.maxImageSize !== undefined) p.maxImageBytes = size(o.maxImageSize, file);
  if (o.retention !== undefined) {
    if (!o.retention || typeof o.retention !== 'object' || Array.isArray(o.retention)) throw bad(file, 'retention must be a mapping');
    p.retention = retentionOf(o.retention as Record<string, unknown>, p.retention, file);
  }
  return p;
}

export function loadPolicy(file: string | undefined): RegistryPolicy {
  if (!file) return defaultPolicy();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new BulwarkError('INPUT_NOT_FOUND', `cannot read policy ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parsePolicy(text, file);
}
