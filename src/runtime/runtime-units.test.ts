import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { attributeCgroup } from './attribution/cgroup.js';
import { capNames } from './sources/proc-table.js';
import { fromFalco, fromTetragon } from './sources/ingest.js';
import { auditEventsOf } from './sources/audit.js';
import { WebhookSink } from './outputs/sinks.js';
import { AlertLimiter } from './outputs/limiter.js';
import { WatchMetrics } from './outputs/metrics.js';
import { Watcher } from './watch.js';
import { loadRuleset } from './rules/loader.js';
import { RuleEngine } from './rules/engine.js';
import { defaultRuleFiles } from './rules/default-rules.js';

const HEX = 'a'.repeat(52) + '0123456789ab';

test('cgroup paths of containerd, CRI-O, Docker and Podman → container id and runtime; others → host', () => {
  const cases: Array<[string, string, string | undefined]> = [
    [`0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1b2c3d4e_5f60_7182_93a4_b5c6d7e8f901.slice/cri-containerd-${HEX}.scope`, 'containerd', '1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901'],
    [`4:memory:/kubepods/burstable/pod1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901/${HEX}`, 'containerd', '1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901'],
    [`0::/kubepods.slice/kubepods-pod1.slice/crio-${HEX}.scope`, 'cri-o', undefined],
    [`0::/system.slice/docker-${HEX}.scope`, 'docker', undefined],
    [`12:pids:/docker/${HEX}`, 'docker', undefined],
    [`0::/machine.slice/libpod-${HEX}.scope/container`, 'podman', undefined],
  ];
  for (const [path, runtime, pod] of cases) {
    const c = attributeCgroup(path);
    assert.equal(c.id, HEX.slice(0, 12), path);
    assert.equal(c.fullId, HEX);
    assert.equal(c.runtime, runtime, path);
    assert.equal(c.podUid, pod, path);
  }
  assert.equal(attributeCgroup(`0::/kubepods.slice/crio-conmon-${HEX}.scope`).id, 'host');
  assert.equal(attributeCgroup('0::/user.slice/user-1000.slice/session-2.scope').id, 'host');
});

test('CapEff hex → capability names', () => {
  assert.deepEqual(capNames('0000000000200000'), ['CAP_SYS_ADMIN']);
  assert.deepEqual(capNames('00000000a80425fb').slice(0, 3), ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER']);
});

test('Falco and Tetragon JSON become events the default rules match', () => {
  const engine = new RuleEngine(loadRuleset(defaultRuleFiles()), { hostname: 'h' });
  const falco = fromFalco({ time: '2026-12-06T10:00:00.123456789Z', rule: 'x', output_fields: { 'evt.type': 'openat', 'fd.name': '/etc/shadow', 'proc.name': 'vi', 'proc.cmdline': 'vi /etc/shadow', 'proc.pname': 'bash', 'container.id': 'host', 'evt.rawres': 3 } });
  assert.ok(falco);
  falco.fd!.openFlags = 0;
  falco.fd!.num = 3;
  assert.ok(engine.match(falco).some((r) => r.name === 'Read sensitive file untrusted'));
  const tet = fromTetragon({ time: '2026-12-06T10:00:00Z', process_exec: { process: { pid: 42, binary: '/bin/bash', arguments: '-i', pod: { namespace: 'shop', name: 'web', container: { id: `containerd://${HEX}`, name: 'web', image: { name: 'nginx:1.25' } } } }, parent: { pid: 41, binary: '/usr/sbin/nginx' } } });
  assert.equal(tet?.container.id, HEX.slice(0, 12));
  assert.ok(engine.match(tet!).some((r) => r.name === 'Shell spawned in a container' || r.name === 'Run shell untrusted'));
});

test('audit bodies: Event, EventList, JSON lines; other objects are counted as lost', () => {
  const stats = { events: 0, lost: 0, lines: 0, notes: [] };
  const ev = { kind: 'Event', apiVersion: 'audit.k8s.io/v1', verb: 'get', stage: 'ResponseComplete' };
  assert.equal(auditEventsOf(JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [ev, ev] }), 't', stats).length, 2);
  assert.equal(auditEventsOf(`${JSON.stringify(ev)}\n${JSON.stringify({ kind: 'Pod' })}\n`, 't', stats).length, 1);
  assert.equal(stats.lost, 1);
});

test('dedup folds identical alerts inside the window; the per-rule bucket limits bursts', () => {
  const l = new AlertLimiter({ dedupWindowMs: 1000, ratePerSec: 1, burst: 2 });
  assert.equal(l.suppress('r', 'same', 0), undefined);
  assert.equal(l.suppress('r', 'same', 500), 'dedup');
  assert.equal(l.suppress('r', 'other', 600), undefined);
  assert.equal(l.suppress('r', 'third', 700), 'rate', 'bucket of 2 is empty');
  assert.equal(l.suppress('r', 'same', 2000), undefined, 'window passed and a token refilled');
});

test('the watcher counts each suppressed alert under the limiter\'s reason (dedup or rate)', async () => {
  const metrics = new WatchMetrics();
  const engine = new RuleEngine(loadRuleset([]), { hostname: 'h' });
  const w = new Watcher({ sources: [], engine, sinks: [], metrics, limiter: new AlertLimiter({ dedupWindowMs: 60_000, ratePerSec: 1, burst: 1 }) });
  const alert = (output: string) => ({ time: '', rule: 'r', priority: 'Warning', output: `00:00:00: Warning ${output}`, output_fields: {}, source: 'syscall', tags: [], hostname: 'h' });
  for (const o of ['a', 'a', 'b']) w.emit(alert(o));
  assert.equal(w.alertsSent, 1);
  const text = await metrics.registry.metrics();
  assert.match(text, /bulwark_runtime_alerts_suppressed_total\{rule="r",reason="dedup"\} 1/);
  assert.match(text, /bulwark_runtime_alerts_suppressed_total\{rule="r",reason="rate"\} 1/);
});

test('webhook: HMAC-SHA256 signature over the exact body, retried after a 503', async () => {
  const bodies: Array<{ sig: string | undefined; body: string }> = [];
  let calls = 0;
  const server = createServer((req, res) => {
    let b = '';
    req.on('data', (d: Buffer) => { b += d.toString(); });
    req.on('end', () => { calls++; if (calls === 1) { res.writeHead(503).end(); return; } bodies.push({ sig: req.headers['x-bulwark-signature'] as string, body: b }); res.writeHead(204).end(); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  const sink = new WebhookSink(`http://127.0.0.1:${port}/hook`, 's3cret', { backoffMs: 10 });
  sink.write({ time: 't', rule: 'R', priority: 'Warning', output: 'o', output_fields: {}, source: 'syscall', tags: [], hostname: 'h' });
  await sink.flush();
  server.close();
  assert.equal(calls, 2);
  assert.equal(sink.failures, 0);
  assert.equal(bodies[0]!.sig, `sha256=${createHmac('sha256', 's3cret').update(bodies[0]!.body).digest('hex')}`);
});
