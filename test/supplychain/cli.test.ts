/**
 * The commands end to end through the real CLI: generate-key-pair → sign / attest into the real registry →
 * verify, verify-attestation (Bulwark's own CycloneDX SBOM as predicate), sign-blob → verify-blob; exit
 * codes 0 verified, 1 not verified (one line naming the check), 2 bad input.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type RegistryServer } from '../helpers/registry.js';
import { bulwark } from '../image/helpers.js';
import { pushImage } from './helpers.js';

describe('signature commands', () => {
  let reg: RegistryServer;
  let dir: string;
  const env = { BULWARK_KEY_PASSWORD: 'correct horse' };

  before(async () => {
    reg = await startRegistry();
    dir = mkdtempSync(join(tmpdir(), 'bw-sign-cli-'));
    await pushImage(reg.host, 'team/cli', 'v1', 'cli-image');
    const g = bulwark(['generate-key-pair'], env, dir);
    assert.equal(g.status, 0, g.stderr);
    const g2 = bulwark(['generate-key-pair', '--output-key-prefix', 'other', '--algorithm', 'ecdsa-p384'], env, dir);
    assert.equal(g2.status, 0, g2.stderr);
  });
  after(async () => {
    await reg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('generate-key-pair encrypts the private key and refuses to overwrite it', () => {
    assert.match(readFileSync(join(dir, 'cosign.key'), 'utf8'), /BEGIN ENCRYPTED PRIVATE KEY/);
    assert.match(readFileSync(join(dir, 'cosign.pub'), 'utf8'), /BEGIN PUBLIC KEY/);
    const again = bulwark(['generate-key-pair'], env, dir);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /refusing to overwrite/);
  });

  it('sign, then verify: 0 with the key, 1 with another key (one line naming the check), 2 for a missing key file', () => {
    const s = bulwark(['sign', `${reg.host}/team/cli:v1`, '--key', 'cosign.key'], env, dir);
    assert.equal(s.status, 0, s.stderr);
    const ok = bulwark(['verify', `${reg.host}/team/cli:v1`, '--key', 'cosign.pub', '--insecure-ignore-tlog'], {}, dir);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /VERIFIED/);
    const json = bulwark(['verify', `${reg.host}/team/cli:v1`, '--key', 'cosign.pub', '--insecure-ignore-tlog', '-f', 'json'], {}, dir);
    const r = JSON.parse(json.stdout) as { verified: boolean; signatures: Array<{ kind: string; checks: unknown[] }> };
    assert.equal(r.verified, true);
    assert.equal(r.signatures[0]!.kind, 'cosign');
    const bad = bulwark(['verify', `${reg.host}/team/cli:v1`, '--key', 'other.pub', '--insecure-ignore-tlog', '-f', 'sarif'], {}, dir);
    assert.equal(bad.status, 1);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
    assert.match(bad.stderr, /^bulwark: not verified: signature: /);
    const sarif = JSON.parse(bad.stdout) as { runs: Array<{ results: Array<{ ruleId: string; level: string }> }> };
    assert.equal(sarif.runs[0]!.results[0]!.ruleId, 'signature/signature');
    const missing = bulwark(['verify', `${reg.host}/team/cli:v1`, '--key', 'nope.pub'], {}, dir);
    assert.equal(missing.status, 2);
  });

  it('image --verify-signature scans only a verified image, and scans the verified digest', () => {
    const ok = bulwark(['image', `${reg.host}/team/cli:v1`, '--scanners', 'secret', '-f', 'json', '--verify-signature', '--key', 'cosign.pub', '--insecure-ignore-tlog'], {}, dir);
    assert.equal(ok.status, 0, ok.stderr);
    const report = JSON.parse(ok.stdout) as { artifactName?: string; metadata?: unknown };
    assert.match(JSON.stringify(report), /@sha256:[0-9a-f]{64}/);
    const bad = bulwark(['image', `${reg.host}/team/cli:v1`, '--scanners', 'secret', '-f', 'json', '--verify-signature', '--key', 'other.pub', '--insecure-ignore-tlog'], {}, dir);
    assert.equal(bad.status, 1);
    assert.equal(bad.stdout, '', 'no report for an image that is not verified');
    assert.match(bad.stderr, /not verified: signature/);
  });

  it('attest with no predicate and --type cyclonedx attaches Bulwark\'s SBOM; verify-attestation checks it with CEL', () => {
    const a = bulwark(['attest', `${reg.host}/team/cli:v1`, '--key', 'cosign.key', '--type', 'cyclonedx', '--bundle'], env, dir);
    assert.equal(a.status, 0, a.stderr);
    writeFileSync(join(dir, 'sbom.cel'), 'predicate.bomFormat == "CycloneDX" && predicate.metadata.component.type == "container"\n');
    const v = bulwark(['verify-attestation', `${reg.host}/team/cli:v1`, '--type', 'cyclonedx', '--policy', 'sbom.cel', '--key', 'cosign.pub', '--insecure-ignore-tlog'], {}, dir);
    assert.equal(v.status, 0, v.stderr + v.stdout);
    writeFileSync(join(dir, 'deny.cel'), 'predicate.components.exists(c, c.name == "log4j-core")\n');
    const d = bulwark(['verify-attestation', `${reg.host}/team/cli:v1`, '--type', 'cyclonedx', '--policy', 'deny.cel', '--key', 'cosign.pub', '--insecure-ignore-tlog'], {}, dir);
    assert.equal(d.status, 1);
    assert.match(d.stderr, /not verified: policy: /);
  });

  it('sign-blob and verify-blob: 0, 1 for another file or a truncated bundle, 2 for bad input', () => {
    writeFileSync(join(dir, 'release.txt'), 'release 1.0\n');
    writeFileSync(join(dir, 'tampered.txt'), 'release 1.1\n');
    const s = bulwark(['sign-blob', 'release.txt', '--key', 'cosign.key', '--bundle', 'release.sigstore.json'], env, dir);
    assert.equal(s.status, 0, s.stderr);
    const ok = bulwark(['verify-blob', 'release.txt', '--bundle', 'release.sigstore.json', '--key', 'cosign.pub', '--insecure-ignore-tlog'], {}, dir);
    assert.equal(ok.status, 0, ok.stderr);
    const other = bulwark(['verify-blob', 'tampered.txt', '--bundle', 'release.sigstore.json', '--key', 'cosign.pub', '--insecure-ignore-tlog'], {}, dir);
    assert.equal(other.status, 1);
    assert.match(other.stderr, /^bulwark: not verified: signature: /);
    const text = readFileSync(join(dir, 'release.sigstore.json'), 'utf8');
    const b = JSON.parse(text) as Record<string, unknown>;
    delete b.messageSignature;
    writeFileSync(join(dir, 'truncated.sigstore.json'), JSON.stringify(b));
    const trunc = bulwark(['verify-blob', 'release.txt', '--bundle', 'truncated.sigstore.json', '--key', 'cosign.pub', '--insecure-ignore-tlog'], {}, dir);
    assert.equal(trunc.status, 1);
    assert.match(trunc.stderr, /not verified: format: /);
    writeFileSync(join(dir, 'cut.sigstore.json'), text.slice(0, text.length / 2));
    const cut = bulwark(['verify-blob', 'release.txt', '--bundle', 'cut.sigstore.json', '--key', 'cosign.pub'], {}, dir);
    assert.equal(cut.status, 2, 'a bundle that is not even JSON is bad input');
    const usage = bulwark(['verify-blob', 'release.txt', '--key', 'cosign.pub'], {}, dir);
    assert.equal(usage.status, 2);
    const offline = bulwark(['verify-blob', 'release.txt', '--bundle', 'release.sigstore.json', '--certificate-identity', 'a@b.c', '--certificate-oidc-issuer', 'https://x', '--offline'], {}, dir);
    assert.equal(offline.status, 2);
    assert.match(offline.stderr, /needs --trusted-root when offline/);
  });
});
