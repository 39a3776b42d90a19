/**
 * `images.requireAttestations` against the real Debian docker-registry: images attested with the project's own
 * `attestImageReference` (cosign `.att` tags and Sigstore bundles as referrers), then admitted or denied by type,
 * signer and CEL policy over the predicate; decisions cached by (digest, policy hash).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type RegistryServer } from '../helpers/registry.js';
import { pushImage } from '../supplychain/helpers.js';
import { generateKeyPair, parsePrivateKey, parsePublicKey } from '../../src/supplychain/index.js';
import { attestImageReference } from '../../src/scan/verify-image.js';
import { review, startWebhook, type Webhook } from './helpers.js';

const SLSA1 = 'https://slsa.dev/provenance/v1';
const CDX = 'https://cyclonedx.org/bom';
const provenance = (builder: string) => ({
  buildDefinition: { buildType: 'https://example.com/build/v1', externalParameters: { repository: 'https://git.example.com/team/app' } },
  runDetails: { builder: { id: builder } },
});
const pod = (image: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'main', image }] } });

describe('requireAttestations with a real registry', () => {
  let reg: RegistryServer;
  let work: string;
  let keyFile: string;
  let otherKeyFile: string;
  const hooks: Webhook[] = [];

  before(async () => {
    reg = await startRegistry();
    work = mkdtempSync(join(tmpdir(), 'bw-adm-att-'));
    const pair = generateKeyPair('ecdsa-p256');
    const id = { kind: 'key' as const, privateKey: parsePrivateKey(pair.privateKeyPem, 'k'), publicKey: parsePublicKey(pair.publicKeyPem, 'p') };
    keyFile = join(work, 'cosign.pub');
    writeFileSync(keyFile, pair.publicKeyPem);
    otherKeyFile = join(work, 'other.pub');
    writeFileSync(otherKeyFile, generateKeyPair('ecdsa-p256').publicKeyPem);
    await pushImage(reg.host, 'team/app', 'good', 'good');
    await pushImage(reg.host, 'team/app', 'evil', 'evil');
    await pushImage(reg.host, 'team/app', 'bare', 'bare');
    // good: SLSA v1 provenance from the trusted builder (legacy .att tag) and a CycloneDX SBOM (bundle referrer).
    await attestImageReference(`${reg.host}/team/app:good`, id, SLSA1, provenance('https://ci.example.com/trusted-builder'));
    await attestImageReference(`${reg.host}/team/app:good`, id, CDX, { bomFormat: 'CycloneDX', specVersion: '1.5', components: [] }, { bundle: true });
    // evil: provenance signed by the same key but from another builder; no SBOM.
    await attestImageReference(`${reg.host}/team/app:evil`, id, SLSA1, provenance('https://laptop.example.com/someone'));
  });
  after(async () => {
    for (const h of hooks) await h.close();
    await reg?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const hook = async (requirements: string) => {
    const policy = `apiVersion: bulwark.dev/v1alpha1\nkind: AdmissionPolicy\nmetadata: {name: att}\nspec:\n  checks: {default: 'off'}\n  images:\n    insecureRegistries: ["${reg.host}"]\n    action: enforce\n    failureAction: enforce\n    requireAttestations:\n${requirements}`;
    const h = await startWebhook({ files: { policy } });
    hooks.push(h);
    return h;
  };
  const decide = async (h: Webhook, tag: string) => (await h.post('/validate', review(pod(`${reg.host}/team/app:${tag}`)))).json.response as { allowed: boolean; status?: { message: string } };

  it('admits provenance from the trusted builder, denies another builder (CEL), a missing attestation and an unknown signer', async () => {
    const slsa = (key: string) => `    - type: slsaprovenance1\n      keys: ["${key}"]\n      ignoreTlog: true\n      policy: predicate.runDetails.builder.id == "https://ci.example.com/trusted-builder"\n`;
    const h = await hook(slsa(keyFile));
    const good = await decide(h, 'good');
    assert.equal(good.allowed, true, JSON.stringify(good));
    const evil = await decide(h, 'evil');
    assert.equal(evil.allowed, false);
    assert.match(evil.status!.message, /image-attestation: image ".*app:evil": no valid slsaprovenance1 attestation \(policy: CEL .*builder\.id.* is false\)/);
    const bare = await decide(h, 'bare');
    assert.equal(bare.allowed, false);
    assert.match(bare.status!.message, /image-attestation: image ".*app:bare": no valid slsaprovenance1 attestation \(discovery: no attestations found/);
    const other = await hook(slsa(otherKeyFile));
    const wrongKey = await decide(other, 'good');
    assert.equal(wrongKey.allowed, false);
    assert.match(wrongKey.status!.message, /no valid slsaprovenance1 attestation \((key|signature): /);
  });

  it('every requirement must hold: provenance and a CycloneDX SBOM; a repeat is answered from the decision cache', async () => {
    const h = await hook(`    - {type: slsaprovenance1, keys: ["${keyFile}"], ignoreTlog: true}\n    - {type: cyclonedx, keys: ["${keyFile}"], ignoreTlog: true, policy: 'predicate.bomFormat == "CycloneDX"'}\n`);
    assert.equal((await decide(h, 'good')).allowed, true);
    const evil = await decide(h, 'evil');
    assert.equal(evil.allowed, false);
    assert.match(evil.status!.message, /no valid cyclonedx attestation \(predicate-type: no attestation with predicate type https:\/\/cyclonedx\.org\/bom/);
    const hits = async () => Number(/bulwark_admission_image_cache_hits (\d+)/.exec((await h.get('/metrics')).text)?.[1]);
    const before = await hits();
    assert.equal((await decide(h, 'good')).allowed, true);
    assert.equal(await hits(), before + 2, 'tag and (digest, policy hash) decision both from cache');
  });

  it('a bad type alias or CEL expression is refused when the policy loads', async () => {
    const { parsePolicyFile } = await import('../../src/admission/index.js');
    const file = join(work, 'p.yaml');
    const text = (req: string) => `apiVersion: bulwark.dev/v1alpha1\nkind: AdmissionPolicy\nmetadata: {name: x}\nspec:\n  images:\n    requireAttestations:\n    - ${req}\n`;
    assert.throws(() => parsePolicyFile(text(`{type: slsa9, keys: ["${keyFile}"], ignoreTlog: true}`), file), /requireAttestations\[0\]: --type: unknown predicate type "slsa9"/);
    assert.throws(() => parsePolicyFile(text(`{type: cyclonedx, keys: ["${keyFile}"], ignoreTlog: true, policy: "predicate.(("}`), file), /requireAttestations\[0\]\.policy: invalid CEL expression/);
    assert.throws(() => parsePolicyFile(text('{type: cyclonedx}'), file), /requireAttestations\[0\] needs keys or identities/);
    const ok = parsePolicyFile(text(`{type: "https://example.com/custom/v1", keys: ["${keyFile}"], ignoreTlog: true}`), file);
    assert.equal(ok.images?.requireAttestations[0]?.prepared.policy.attestation?.type, 'https://example.com/custom/v1');
  });
});
