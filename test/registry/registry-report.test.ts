/**
 * `registry report` on a real docker-registry with `storage.delete.enabled`: a tag moved between reports
 * (mutable tag, the old digest left untagged), stale tags from image dates, a cosign signature tag, scan
 * summaries from `registry scan`, a retention dry run that deletes nothing, then `apply` that deletes
 * exactly what the dry run listed; the CLI refuses --apply without --yes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, type BuiltImage } from '../fixtures/image-builder.js';
import { startRegistry, type RegistryServer } from '../helpers/registry.js';
import { pushClient, pushImage } from '../helpers/registry-populate.js';
import { RegistryStore, registryReport, reportText, scanRegistry } from '../../src/registry/index.js';
import { parsePolicy } from '../../src/registry/policy.js';
import type { RegistryClient } from '../../src/oci/index.js';

const img = (name: string, created: string, content: string | Buffer = name) => buildImage({ created, layers: [{ entries: [{ path: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.19.1\n' }] }, { entries: [{ path: `app/${name}`, content }] }] });

const POLICY = `
staleDays: 365
maxImageSize: 32KiB
retention:
  keepLast: 1
  keepTags: ['^latest$']
  keepSigned: true
  keepDeployed: false
  deleteUntagged: true
`;

describe('registry report', () => {
  let reg: RegistryServer;
  let work: string;
  let c: RegistryClient;
  let store: RegistryStore;
  const I: Record<string, BuiltImage> = {};
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'bw-regreport-'));
    reg = await startRegistry();
    c = pushClient(reg.host);
    store = new RegistryStore(join(work, 'state.db'));
    I.A = await img('a', '2024-01-01T00:00:00Z');
    I.B = await img('b', '2026-03-01T00:00:00Z');
    I.C = await img('c', '2025-01-01T00:00:00Z', randomBytes(64 * 1024));
    I.D = await img('d', '2026-06-01T00:00:00Z');
    I.E = await img('e', '2026-05-01T00:00:00Z');
    await pushImage(c, 'team/app', 'v1', I.A);
    await pushImage(c, 'team/app', 'latest', I.B);
    await pushImage(c, 'team/app', 'v2', I.B);
    await pushImage(c, 'team/app', 'old', I.C);
    await pushImage(c, 'team/app', 'tmp', I.E);
    await scanRegistry(reg.host, { store, scan: { scanners: ['secret'], cacheDir: join(work, 'cache') } });
    // Tags move: v2 from B to D, tmp from E to D (E is left without a tag); D gets a cosign signature tag.
    await pushImage(c, 'team/app', 'v2', I.D);
    await pushImage(c, 'team/app', 'tmp', I.D);
    await pushImage(c, 'team/app', `sha256-${I.D.manifest.digest.slice(7)}.sig`, await img('sig', '2026-06-01T00:00:00Z'));
  });
  after(async () => { c?.close(); store?.close(); await reg?.stop(); rmSync(work, { recursive: true, force: true }); });

  it('reports the moved tag, the untagged digest, stale, unsigned, oversized and unscanned images; the dry run deletes nothing', async () => {
    const r = await registryReport(reg.host, { policy: parsePolicy(POLICY, 'policy.yaml'), store });
    const of = (kind: string) => r.items.filter((i) => i.kind === kind);
    const moved = of('mutable-tag').find((i) => i.tag === 'v2');
    assert.ok(moved, 'v2 moved from B to D');
    assert.equal(moved.digest, I.D.manifest.digest);
    assert.ok(moved.detail.includes(I.B.manifest.digest.slice(0, 19)));
    assert.deepEqual(of('untagged').map((i) => i.digest), [I.E.manifest.digest]);
    assert.deepEqual(of('stale').map((i) => i.tag).sort(), ['old', 'v1']);
    assert.deepEqual(of('unsigned').map((i) => i.tag).sort(), ['latest', 'old', 'v1']);
    assert.deepEqual(of('oversized').map((i) => i.tag), ['old'], 'only C carries 64 KiB of incompressible bytes');
    assert.deepEqual(of('not-scanned').map((i) => i.tag).sort(), ['tmp', 'v2'], 'D was pushed after the scan');
    assert.ok(r.notEvaluated.some((n) => n.startsWith('never-pulled')), 'no pull records is said, not passed');
    assert.deepEqual(r.retention.deletions.map((d) => d.digest).sort(), [I.A.manifest.digest, I.C.manifest.digest, I.E.manifest.digest].sort());
    assert.equal(r.retention.applied, false);
    for (const d of r.retention.deletions) assert.ok(await c.headManifest('team/app', d.digest), 'dry run: still there');
    assert.match(reportText(r), /dry run: nothing deleted/);
  });

  it('apply deletes exactly the listed manifests through the registry API, and nothing kept', async () => {
    const r = await registryReport(reg.host, { policy: parsePolicy(POLICY, 'policy.yaml'), store, apply: true });
    assert.deepEqual(r.retention.deletions.map((d) => d.outcome), ['deleted', 'deleted', 'deleted']);
    for (const d of [I.A, I.C, I.E]) assert.equal(await c.headManifest('team/app', d.manifest.digest), undefined);
    for (const d of [I.B, I.D]) assert.ok(await c.headManifest('team/app', d.manifest.digest));
    assert.deepEqual((await c.listTags('team/app')).filter((t) => !t.startsWith('sha256-')).sort(), ['latest', 'tmp', 'v2']);
  });

  it('the CLI refuses --apply without --yes (exit 2, one line)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'registry', 'report', reg.host, '--apply', '--cache-dir', join(work, 'cli')], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--apply deletes manifests: add --yes/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});
