/* eslint-disable @typescript-eslint/no-explicit-any -- AdmissionReview JSON is free-form; tests read it by path */
/**
 * Image policies against the real Debian docker-registry: tag → digest mutation (JSONPatch applied with
 * fast-json-patch gives a pod pinned to the digests skopeo sees), static rules, the vulnerability gate from cached
 * scan results with its decision cache, required signatures (supplychain's verifyImage), and fault injection:
 * registry down → failureAction; slow on-demand scan → bounded wait, failureAction, then the late result.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsonpatch from 'fast-json-patch';
import { skopeo, startRegistry, type RegistryServer } from '../helpers/registry.js';
import { pushImage, pushIndex } from '../supplychain/helpers.js';
import { generateKeyPair, parsePrivateKey, parsePublicKey } from '../../src/supplychain/index.js';
import { signImageReference } from '../../src/scan/verify-image.js';
import { review, startWebhook, type Webhook } from './helpers.js';

const pod = (name: string, images: { init?: string; main: string; eph?: string }) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name },
  spec: {
    ...(images.init ? { initContainers: [{ name: 'init', image: images.init }] } : {}),
    containers: [{ name: 'main', image: images.main }],
    ...(images.eph ? { ephemeralContainers: [{ name: 'dbg', image: images.eph }] } : {}),
  },
});

function policy(host: string, images: string): string {
  return `apiVersion: bulwark.dev/v1alpha1\nkind: AdmissionPolicy\nmetadata: {name: img}\nspec:\n  checks: {default: 'off'}\n  images:\n    insecureRegistries: ["${host}"]\n${images.split('\n').map((l) => `    ${l}`).join('\n')}\n`;
}

async function skopeoDigest(ref: string): Promise<string> {
  return (await skopeo(['inspect', '--tls-verify=false', '--format', '{{.Digest}}', `docker://${ref}`])).toString().trim();
}

describe('image policies with a real registry', () => {
  let reg: RegistryServer;
  let dead: string;
  let digests: Record<string, string>;
  let work: string;
  const hooks: Webhook[] = [];

  before(async () => {
    reg = await startRegistry();
    work = mkdtempSync(join(tmpdir(), 'bw-adm-img-'));
    const a = await pushImage(reg.host, 'team/app', '1.0', 'a');
    const b = await pushImage(reg.host, 'team/app', '2.0', 'b');
    const c = await pushImage(reg.host, 'team/app', '3.0', 'c');
    const idx = await pushIndex(reg.host, 'team/multi', '1.0', 'm');
    await pushImage(reg.host, 'other/app', '1.0', 'o');
    digests = { a: a.manifest.digest, b: b.manifest.digest, c: c.manifest.digest, index: idx.index };
    const stopped = await startRegistry();
    dead = stopped.host;
    await stopped.stop();
  });
  after(async () => {
    for (const h of hooks) await h.close();
    await reg?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const hook = async (images: string, extra: Parameters<typeof startWebhook>[0] = {}) => {
    const h = await startWebhook({ files: { policy: policy(reg.host, images) }, ...extra });
    hooks.push(h);
    return h;
  };

  it('/mutate pins every container kind to the registry digest; the patched pod then passes /validate', async () => {
    const h = await hook('digest: mutate\naction: enforce\nfailureAction: enforce');
    const p = pod('m', { init: `${reg.host}/team/app:1.0`, main: `${reg.host}/team/multi:1.0`, eph: `${reg.host}/team/app:2.0` });
    const r = await h.post('/mutate', review(p));
    const res = r.json.response;
    assert.equal(res.allowed, true, JSON.stringify(res));
    assert.equal(res.patchType, 'JSONPatch');
    const ops = JSON.parse(Buffer.from(res.patch, 'base64').toString());
    assert.equal(ops.length, 3);
    const patched = jsonpatch.applyPatch(structuredClone(p), ops, true, false).newDocument as any;
    const want = {
      init: `${reg.host}/team/app:1.0@${await skopeoDigest(`${reg.host}/team/app:1.0`)}`,
      main: `${reg.host}/team/multi:1.0@${await skopeoDigest(`${reg.host}/team/multi:1.0`)}`,
      eph: `${reg.host}/team/app:2.0@${await skopeoDigest(`${reg.host}/team/app:2.0`)}`,
    };
    assert.deepEqual([patched.spec.initContainers[0].image, patched.spec.containers[0].image, patched.spec.ephemeralContainers[0].image], [want.init, want.main, want.eph]);
    assert.ok(want.init.endsWith(digests.a!) && want.main.endsWith(digests.index!), 'digests are the pushed manifest and the index');
    assert.equal((await h.post('/validate', review(patched))).json.response.allowed, true);
    const unpinned = (await h.post('/validate', review(p))).json.response;
    assert.equal(unpinned.allowed, false);
    assert.match(unpinned.status.message, /image-digest: image ".*team\/app:1\.0" is not pinned by digest/);
    // Already pinned images are left alone: no patch at all.
    const none = (await h.post('/mutate', review(patched))).json.response;
    assert.equal(none.patch, undefined);
  });

  it('static rules: repository globs, latest and untagged images, with the policy action', async () => {
    const h = await hook(`allowedRepositories: ["${reg.host}/team/**"]\ndisallowLatest: true\naction: enforce`);
    const v = async (image: string) => (await h.post('/validate', review(pod('s', { main: image })))).json.response;
    assert.equal((await v(`${reg.host}/team/app:1.0`)).allowed, true);
    assert.match((await v(`${reg.host}/other/app:1.0`)).status.message, /image-repository: .*other\/app is not in allowedRepositories/);
    assert.match((await v(`${reg.host}/team/app:latest`)).status.message, /image-latest: .*uses the latest tag/);
    assert.match((await v(`${reg.host}/team/app`)).status.message, /image-latest: .*has no tag/);
    assert.match((await v('nginx@sha256:zz')).status.message, /image-reference: image "nginx@sha256:zz" is not a valid image reference/);
    const warnOnly = await hook('disallowLatest: true\naction: warn');
    const w = (await warnOnly.post('/validate', review(pod('w', { main: 'nginx' })))).json.response;
    assert.deepEqual([w.allowed, w.warnings], [true, ['image-latest: image "nginx" has no tag (the runtime pulls latest); name a version tag or digest']]);
  });

  it('registry down during digest resolution: failureAction enforce denies, warn allows without a patch', async () => {
    const enforce = await hook('digest: mutate\nfailureAction: enforce');
    const image = `${dead}/team/app:1.0`;
    const denied = (await enforce.post('/mutate', review(pod('d', { main: image })))).json.response;
    assert.equal(denied.allowed, false);
    assert.match(denied.status.message, /image-failure: image ".*": digest resolution failed/);
    const warn = await hook('digest: mutate\nfailureAction: warn');
    const allowed = (await warn.post('/mutate', review(pod('d', { main: image })))).json.response;
    assert.equal(allowed.allowed, true);
    assert.equal(allowed.patch, undefined);
    assert.match(allowed.warnings[0], /^image-failure: .*digest resolution failed/);
  });

  it('vulnerability gate from cached scan results: severity threshold, KEV, never scanned; decisions cached by (digest, policy)', async () => {
    const dir = join(work, 'results');
    rmSync(dir, { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    const report = (digest: string, vulns: Array<{ id: string; severity: string; kev?: boolean }>) => JSON.stringify({
      schemaVersion: 1, target: { type: 'image', name: 'x', image: { reference: 'x', inputType: 'registry', repoTags: [], repoDigests: [], manifestDigest: digest, configDigest: 'sha256:0' } },
      vulnerabilities: vulns.map((v) => ({ id: v.id, aliases: [], package: { name: 'p', version: '1', ecosystem: 'deb', purl: 'pkg:deb/p@1' }, status: 'fixed', severity: v.severity, source: 't', ...(v.kev ? { kev: { dateAdded: '2024-01-01' } } : {}) })),
    });
    writeFileSync(join(dir, 'a.json'), report(digests.a!, [{ id: 'CVE-2024-0001', severity: 'critical' }, { id: 'CVE-2024-0002', severity: 'low' }]));
    writeFileSync(join(dir, 'b.json'), report(digests.b!, [{ id: 'CVE-2024-0003', severity: 'medium' }]));
    writeFileSync(join(dir, 'c.json'), report(digests.c!, [{ id: 'CVE-2021-44228', severity: 'medium', kev: true }]));
    writeFileSync(join(dir, 'junk.json'), '{"not": "a report"}');
    const h = await hook('vulnerabilities: {severity: high, kev: true, requireScan: true}\naction: enforce\nfailureAction: enforce\ncache: {ttlSeconds: 300, negativeTtlSeconds: 0}', { scanResults: dir });
    const v = async (image: string) => (await h.post('/validate', review(pod('v', { main: image })))).json.response;
    const a = await v(`${reg.host}/team/app:1.0`);
    assert.match(a.status.message, /image-vulnerabilities: image ".*app:1\.0" has 1 vulnerability at or above high \(CVE-2024-0001\)/);
    assert.equal((await v(`${reg.host}/team/app:2.0`)).allowed, true);
    assert.match((await v(`${reg.host}/team/app:3.0`)).status.message, /known exploited vulnerabilities \(CISA KEV\): CVE-2021-44228/);
    assert.match((await v(`${reg.host}/team/multi:1.0`)).status.message, /has never been scanned/);
    assert.ok(h.logs.some((l) => l.msg === 'scan results skipped'), 'a file that is not a report is named, not fatal');
    // The positive decision for 2.0 is cached: removing its report does not change the answer within the TTL.
    unlinkSync(join(dir, 'b.json'));
    await new Promise((r) => setTimeout(r, 400));
    assert.equal((await v(`${reg.host}/team/app:2.0@${digests.b}`)).allowed, true);
    // Negative results are not cached here (negativeTtlSeconds 0): a new report for the index is picked up on reload.
    writeFileSync(join(dir, 'multi.json'), report(digests.index!, []));
    for (let i = 0; i < 50 && !(await v(`${reg.host}/team/multi:1.0`)).allowed; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal((await v(`${reg.host}/team/multi:1.0`)).allowed, true);
    const m = (await h.get('/metrics')).text;
    assert.ok(Number(/bulwark_admission_image_cache_hits (\d+)/.exec(m)![1]) > 0, 'tag and decision caches answered');
  });

  it('slow on-demand scan: the request waits at most scanTimeoutSeconds, gets failureAction, and the late result answers the next one', async () => {
    let scans = 0;
    const slow = async () => {
      scans++;
      await new Promise((r) => setTimeout(r, 2_500));
      return { counts: {}, top: [], kev: [] };
    };
    const h = await hook('vulnerabilities: {severity: critical, requireScan: true, scanTimeoutSeconds: 1}\nfailureAction: enforce\ncache: {ttlSeconds: 300, negativeTtlSeconds: 0}', { scan: slow });
    const started = Date.now();
    const first = (await h.post('/validate', review(pod('s', { main: `${reg.host}/team/app:3.0` })))).json.response;
    const waited = Date.now() - started;
    assert.equal(first.allowed, false);
    assert.match(first.status.message, /image-failure: .*on-demand vulnerability scan failed: did not finish within 1 s/);
    assert.ok(waited < 2_400, `the request was bounded by the timeout, not the scan (${waited} ms)`);
    await new Promise((r) => setTimeout(r, 2_000));
    const second = (await h.post('/validate', review(pod('s', { main: `${reg.host}/team/app:3.0` })))).json.response;
    assert.equal(second.allowed, true, JSON.stringify(second));
    assert.equal(scans, 1, 'one scan per digest');
    // dryRun never starts a scan: with requireScan the unscanned image fails the gate instead.
    const dry = (await h.post('/validate', review(pod('s', { main: `${reg.host}/team/app:1.0` }), { dryRun: true }))).json.response;
    assert.match(dry.status.message, /never been scanned/);
    assert.equal(scans, 1);
  });

  it('requireSignature: a key-signed image passes, an unsigned one is denied with the verifier\'s reason', async () => {
    const pair = generateKeyPair('ecdsa-p256');
    await signImageReference(`${reg.host}/team/app:1.0`, { kind: 'key', privateKey: parsePrivateKey(pair.privateKeyPem, 'k'), publicKey: parsePublicKey(pair.publicKeyPem, 'p') });
    const dir = mkdtempSync(join(work, 'keys-'));
    writeFileSync(join(dir, 'cosign.pub'), pair.publicKeyPem);
    const h = await startWebhook({ files: { policy: policy(reg.host, `requireSignature: {keys: ["${join(dir, 'cosign.pub')}"], ignoreTlog: true}\naction: enforce`) } });
    hooks.push(h);
    const signed = (await h.post('/validate', review(pod('g', { main: `${reg.host}/team/app:1.0` })))).json.response;
    assert.equal(signed.allowed, true, JSON.stringify(signed));
    const unsigned = (await h.post('/validate', review(pod('g', { main: `${reg.host}/team/app:2.0` })))).json.response;
    assert.equal(unsigned.allowed, false);
    assert.match(unsigned.status.message, /image-signature: image ".*app:2\.0": no valid signature \(/);
  });

  it('requireSignature: the policy\'s negativeTtlSeconds governs unsigned decisions (a signature pushed later is seen)', async () => {
    const pair = generateKeyPair('ecdsa-p256');
    const dir = mkdtempSync(join(work, 'keys-'));
    writeFileSync(join(dir, 'cosign.pub'), pair.publicKeyPem);
    const h = await startWebhook({ files: { policy: policy(reg.host, `requireSignature: {keys: ["${join(dir, 'cosign.pub')}"], ignoreTlog: true}\naction: enforce\ncache: {ttlSeconds: 300, negativeTtlSeconds: 0}`) } });
    hooks.push(h);
    const image = `${reg.host}/other/app:1.0`;
    assert.equal((await h.post('/validate', review(pod('n', { main: image })))).json.response.allowed, false);
    await signImageReference(image, { kind: 'key', privateKey: parsePrivateKey(pair.privateKeyPem, 'k'), publicKey: parsePublicKey(pair.publicKeyPem, 'p') });
    const after = (await h.post('/validate', review(pod('n', { main: image })))).json.response;
    assert.equal(after.allowed, true, JSON.stringify(after));
  });
});
