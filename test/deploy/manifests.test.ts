/**
 * deploy/: every overlay renders with `kubectl kustomize`, is accepted by `kubectl apply --dry-run=client`
 * (against a discovery-only API stub, see api-discovery-stub.ts: kubectl needs discovery and an object GET
 * even for a client-side dry run, and no API server runs here), and passes our own `bulwark k8s` checks
 * except for the exceptions listed below, each with the reason it cannot be fixed in the manifests.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { startApiStub } from './api-discovery-stub.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'src', 'cli', 'main.ts');
const TSX = import.meta.resolve('tsx');
const OVERLAYS = ['single-node', 'production'];
const KUBECTL = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
const skip = KUBECTL ? false : (process.env.CI === 'true' ? false : 'kubectl not installed (scripts/test.sh installs it where it can)');

/** Findings we accept in our own manifests, by check id and resource: why each stays is in deploy/README.md. */
const ACCEPTED: Record<string, RegExp> = {
  // Tag-pinned until a release exists; the release pins the digest with `kustomize edit set image`.
  'BW-K8S-0105': /^(Deployment|DaemonSet)\//,
  // The webhook reads Namespaces and the runtime sensor reads Pods: both call the API on purpose.
  'BW-K8S-0107': /^(Deployment\/bulwark-admission|DaemonSet\/bulwark-runtime)$/,
  // `bulwark worker` serves no HTTP: nothing to probe (a dead worker exits; pg-boss retries its job).
  'BW-K8S-0103': /^Deployment\/bulwark-worker$/,
  // The sensor's tracefs mount (read-only) is what bpftrace attaches tracepoints through.
  'BW-K8S-0110': /^DaemonSet\/bulwark-runtime$/,
};

interface Container {
  name: string; image: string; livenessProbe?: unknown; readinessProbe?: unknown;
  resources?: { requests?: { cpu?: string }; limits?: { memory?: string } };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean; privileged?: boolean; capabilities?: { drop?: string[] } };
}
interface K8sObject {
  kind: string; metadata: { name: string; namespace?: string };
  spec?: { template: { spec: { serviceAccountName?: string; securityContext?: { seccompProfile?: { type?: string } }; containers: Container[] } } };
}

function tmp(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'bw-deploy-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function kubectl(args: string[], home: string) {
  // A private HOME and no kubeconfig: nothing from the machine's kube config leaks in.
  return run('kubectl', args, { encoding: 'utf8', env: { ...process.env, HOME: home, KUBECONFIG: join(home, 'none') }, timeout: 120_000, maxBuffer: 32 << 20 });
}

for (const overlay of OVERLAYS) {
  test(`deploy/overlays/${overlay}: kustomize renders, apply --dry-run=client accepts, bulwark k8s passes`, { skip }, async (t) => {
    const dir = tmp(t);
    const rendered = (await kubectl(['kustomize', join(ROOT, 'deploy', 'overlays', overlay)], dir)).stdout;
    const file = join(dir, `${overlay}.yaml`);
    writeFileSync(file, rendered);
    const objects = parseAllDocuments(rendered).map((d) => d.toJS() as K8sObject);
    const kinds = new Set(objects.map((o) => o.kind));
    for (const k of ['Namespace', 'Deployment', 'Service', 'NetworkPolicy', 'ValidatingWebhookConfiguration']) assert.ok(kinds.has(k), `${overlay} renders a ${k}`);

    // Every pod template: restricted security context, probes, requests and limits, no default service account.
    for (const o of objects.filter((x) => ['Deployment', 'DaemonSet'].includes(x.kind))) {
      const spec = o.spec!.template.spec;
      assert.equal(spec.securityContext?.seccompProfile?.type, 'RuntimeDefault', `${o.metadata.name} seccomp`);
      assert.notEqual(spec.serviceAccountName ?? 'default', 'default');
      for (const c of spec.containers) {
        const sc = c.securityContext ?? {};
        assert.equal(sc.allowPrivilegeEscalation, false, `${o.metadata.name}/${c.name} allowPrivilegeEscalation`);
        assert.equal(sc.readOnlyRootFilesystem, true, `${o.metadata.name}/${c.name} readOnlyRootFilesystem`);
        assert.deepEqual(sc.capabilities?.drop, ['ALL'], `${o.metadata.name}/${c.name} drops ALL`);
        assert.notEqual(sc.privileged, true);
        if (o.metadata.name !== 'bulwark-worker') assert.ok(c.livenessProbe && c.readinessProbe, `${o.metadata.name}/${c.name} probes`);
        assert.ok(c.resources?.requests?.cpu && c.resources?.limits?.memory, `${o.metadata.name}/${c.name} resources`);
        assert.match(c.image, /^ghcr\.io\/bulwark-sec\/bulwark[:@]/, 'the images transformer reached every container');
      }
    }

    const stub = await startApiStub();
    t.after(() => stub.close());
    // --validate=false: schema validation downloads the server's OpenAPI document, which only a real API
    // server has. Kind/apiVersion mapping and decoding are still checked by kubectl.
    const applied = await kubectl(['apply', '--dry-run=client', '--validate=false', '--server', stub.url, '-f', file], dir);
    const created = applied.stdout.trim().split('\n').filter((l) => l.endsWith('created (dry run)'));
    assert.equal(created.length, objects.length, applied.stdout + applied.stderr);
    assert.ok(!stub.requests.some((r) => !r.startsWith('GET ')), `a client dry run only reads: ${stub.requests.join(', ')}`);

    const scan = await run(process.execPath, ['--import', TSX, CLI, 'k8s', file, '--format', 'json'], { encoding: 'utf8', maxBuffer: 32 << 20, timeout: 300_000 });
    const report = JSON.parse(scan.stdout) as { misconfigurations: { id: string; resource: { kind: string; name: string } }[]; warnings: string[] };
    assert.deepEqual(report.warnings, []);
    const unexpected = report.misconfigurations.filter((f) => !ACCEPTED[f.id]?.test(`${f.resource.kind}/${f.resource.name}`));
    assert.deepEqual(unexpected.map((f) => `${f.id} ${f.resource.kind}/${f.resource.name}`), []);
    // The bulwark namespace is checked at restricted (its labels), and none of its pods needed an exception there.
    assert.ok(!report.misconfigurations.some((f) => f.id.startsWith('BW-K8S-00')), 'no Pod Security finding');
  });
}

test('the API stub is not a rubber stamp: a misspelt kind is refused by kubectl apply --dry-run=client', { skip }, async (t) => {
  const dir = tmp(t);
  const stub = await startApiStub();
  t.after(() => stub.close());
  const file = join(dir, 'bad.yaml');
  writeFileSync(file, 'apiVersion: apps/v1\nkind: Deploymnet\nmetadata:\n  name: x\n  namespace: bulwark\nspec: {}\n');
  await assert.rejects(kubectl(['apply', '--dry-run=client', '--validate=false', '--server', stub.url, '-f', file], dir),
    (e: { stderr: string }) => /Deploymnet/.test(e.stderr));
});
