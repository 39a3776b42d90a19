import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAnalyzer } from '../../../analyzers/shared/testing.js';
import { fileMetaAnalyzer } from '../../../analyzers/file-meta/analyzer.js';
import { silentLogger, type OciImageConfig, type OsInfo } from '../../../core/index.js';
import type { PlacedResult } from '../../../inventory/index.js';
import { imageHardeningDetector } from './detector.js';
import { cycleOf, supportedSuccessor } from './os-checks.js';

const NOW = new Date('2026-11-24T00:00:00Z');

function rootfs(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bw-img-'));
  for (const d of ['bin', 'usr/bin', 'usr/sbin', 'tmp', 'var/cache/app', 'srv']) mkdirSync(join(dir, d), { recursive: true });
  for (const f of ['bin/bash', 'usr/bin/apt-get', 'usr/bin/gcc', 'usr/bin/curl', 'usr/sbin/sshd', 'usr/bin/passwd', 'srv/app.js']) writeFileSync(join(dir, f), '#!x\n');
  symlinkSync('bash', join(dir, 'bin/sh'));
  chmodSync(join(dir, 'usr/bin/passwd'), 0o4755);
  chmodSync(join(dir, 'tmp'), 0o1777);
  chmodSync(join(dir, 'var/cache/app'), 0o777);
  return dir;
}

async function detect(dir: string, extra: { config?: OciImageConfig; os?: OsInfo; reference?: string }) {
  const run = await runAnalyzer(fileMetaAnalyzer, dir, { mode: 'rootfs' });
  const results: PlacedResult[] = run.results.map((r) => ({ analyzer: 'file-meta', path: r.path, layer: { index: 0, digest: 'sha256:aa', diffId: '' }, deleted: false, result: r.result }));
  const out = await imageHardeningDetector.detect({
    inventory: { os: extra.os, packages: [], results, warnings: [] }, imageConfig: extra.config, reference: extra.reference,
    options: { scanners: new Set(['misconfig']), now: NOW }, logger: silentLogger,
  });
  return out.misconfigurations ?? [];
}

test('filesystem facts: setuid, world-writable outside tmp, attack surface, sshd', async (t) => {
  const dir = rootfs();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const f = await detect(dir, {});
  const by = (id: string) => f.filter((x) => x.id === id);
  assert.deepEqual(by('BW-IMG-002').map((x) => x.file), ['usr/bin/passwd']);
  assert.deepEqual(by('BW-IMG-003').map((x) => x.file), ['var/cache/app'], '/tmp is exempt');
  const surface = by('BW-IMG-004').map((x) => x.message).join('\n');
  assert.match(surface, /2 shell tool\(s\): bash, sh/);
  assert.match(surface, /1 package-manager tool\(s\): apt-get/);
  assert.match(surface, /1 compiler tool\(s\): gcc/);
  assert.match(surface, /1 network tool\(s\): curl/);
  assert.equal(by('BW-IMG-005').length, 1);
  assert.equal(by('BW-IMG-001').length, 0, 'config checks skip rootfs targets');
});

test('config facts: root user, ports, secret ENV names, ADD url, mutable tag', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-img-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const config: OciImageConfig = {
    config: { User: '', Env: ['PATH=/bin', 'DB_PASSWORD=x', 'TOKEN_FILE=/run/secrets/t'], ExposedPorts: { '22/tcp': {}, '8080/tcp': {} } },
    history: [{ created_by: 'ADD https://example.com/app.tgz /opt # buildkit' }],
  };
  const ids = (await detect(dir, { config, reference: 'docker.io/library/nginx:latest' })).map((x) => `${x.id} ${x.message}`);
  assert.ok(ids.some((s) => s.startsWith('BW-IMG-001')));
  assert.ok(ids.includes('BW-IMG-006 exposes 22 (ssh)'));
  assert.ok(ids.includes('BW-IMG-009 ENV DB_PASSWORD is set in the image config'));
  assert.ok(!ids.some((s) => s.includes('TOKEN_FILE')), '*_FILE names point to files, not secrets');
  assert.ok(ids.some((s) => s.startsWith('BW-IMG-007')));
  assert.ok(ids.includes('BW-IMG-008 docker.io/library/nginx:latest uses :latest'));
  const pinned = await detect(dir, { config: { config: { User: '1000' } }, reference: 'nginx:1.25@sha256:abc' });
  assert.deepEqual(pinned.map((x) => x.id), []);
});

test('end-of-life base OS with the supported successor (endoflife.date data)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-img-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.equal(cycleOf({ family: 'debian', version: '11.6' })?.cycle, '11');
  assert.equal(cycleOf({ family: 'alpine', version: '3.15.4' })?.cycle, '3.15');
  assert.equal(cycleOf({ family: 'amazon', version: '2' })?.cycle, '2');
  assert.equal(supportedSuccessor('debian', NOW)?.cycle, '13');
  const [deb10] = (await detect(dir, { os: { family: 'debian', version: '10' } })).filter((x) => x.id === 'BW-IMG-010');
  assert.equal(deb10.severity, 'high');
  assert.match(deb10.remediation ?? '', /debian 13 \(Trixie\)/);
  const [deb12] = (await detect(dir, { os: { family: 'debian', version: '12.7' } })).filter((x) => x.id === 'BW-IMG-010');
  assert.equal(deb12.severity, 'medium', 'regular support ended 2026-07-11, LTS continues');
  assert.match(deb12.message, /extended\/LTS support continues until 2028-06-30/);
  const [alp] = (await detect(dir, { os: { family: 'alpine', version: '3.15.4' } })).filter((x) => x.id === 'BW-IMG-010');
  assert.match(alp.remediation ?? '', /alpine 3\.2\d/);
  assert.equal((await detect(dir, { os: { family: 'debian', version: '13.1' } })).filter((x) => x.id === 'BW-IMG-010').length, 0);
});
