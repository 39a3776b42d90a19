/* eslint-disable @typescript-eslint/no-explicit-any -- AdmissionReview JSON is free-form; tests read it by path */
/**
 * Every PSS fixture in the repo through POST /validate (real HTTPS through the generated CA): the decision equals
 * `bulwark k8s --pss LEVEL --pss-version V`, and the denial lists exactly the controls `bulwark k8s` reports.
 * Fixtures: the upstream-layout pods (src/k8s/pss/testdata/upstream), the control cases of pss.test.ts
 * (restated in pss-cases.ts) and the full-app workloads (test/k8s/testdata/full-app), as Pods and as workloads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { nsYaml, review, startWebhook } from './helpers.js';
import { PSS_CASES } from './pss-cases.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = join(ROOT, 'src/cli/main.ts');
const TSX = join(ROOT, 'node_modules/tsx/dist/esm/index.mjs');

type Obj = Record<string, any>;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}

function fixtures(): { pods: Obj[]; workloads: Obj[] } {
  const pods: Obj[] = [];
  for (const f of walk(join(ROOT, 'src/k8s/pss/testdata/upstream')).filter((f) => f.endsWith('.yaml'))) {
    const p = parse(readFileSync(f, 'utf8')) as Obj;
    p.metadata = { ...(p.metadata ?? {}), name: f.split('/upstream/')[1]!.replace(/\.yaml$/, '').replace(/[/.]/g, '-').toLowerCase() };
    pods.push(p);
  }
  for (const c of PSS_CASES) pods.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `case-${c.name}`, ...(c.annotations ? { annotations: c.annotations } : {}) }, spec: c.spec });
  const workloads = parseAllDocuments(readFileSync(join(ROOT, 'test/k8s/testdata/full-app/workloads.yaml'), 'utf8')).map((d) => d.toJSON() as Obj).filter(Boolean);
  for (const w of workloads) {
    const tpl = w.kind === 'CronJob' ? w.spec.jobTemplate.spec.template : w.spec.template;
    pods.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `from-${w.kind.toLowerCase()}-${w.metadata.name}`, annotations: tpl.metadata?.annotations ?? {} }, spec: tpl.spec });
    delete w.metadata.namespace;
  }
  return { pods, workloads };
}

/** `bulwark k8s DIR --pss L --pss-version V -f json` → resource name → PSS finding summaries (text after the policy name). */
function bulwarkK8s(dir: string, level: string, version: string): Map<string, Set<string>> {
  const r = spawnSync(process.execPath, ['--import', TSX, CLI, 'k8s', dir, '--pss', level, '--pss-version', version, '-f', 'json', '-q'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { misconfigurations: Array<{ pss?: unknown; message: string; resource: { kind: string; name: string } }> };
  const out = new Map<string, Set<string>>();
  for (const f of report.misconfigurations.filter((m) => m.pss)) {
    const key = `${f.resource.kind}/${f.resource.name}`;
    if (!out.has(key)) out.set(key, new Set());
    out.get(key)!.add(f.message.replace(/^violates PodSecurity "[^"]+": /, ''));
  }
  return out;
}

const COMBOS: Array<[string, string]> = [['baseline', 'latest'], ['restricted', 'latest'], ['baseline', 'v1.18'], ['restricted', 'v1.24']];

test('every PSS fixture: /validate decision and denied controls equal bulwark k8s at each level and version', async (t) => {
  const { pods, workloads } = fixtures();
  const dir = mkdtempSync(join(tmpdir(), 'bw-adm-pss-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'in'));
  for (const o of [...pods, ...workloads]) writeFileSync(join(dir, 'in', `${o.kind}-${o.metadata.name}.yaml`), stringify(o));
  const namespaces: Record<string, Record<string, string>> = {};
  for (const [level, version] of COMBOS) {
    namespaces[`${level}-${version.replace('.', '-')}`] = { 'pod-security.kubernetes.io/enforce': level, ...(version === 'latest' ? {} : { 'pod-security.kubernetes.io/enforce-version': version }) };
  }
  const hook = await startWebhook({ files: { namespaces: nsYaml(namespaces) } });
  t.after(() => hook.close());
  let denied = 0;
  let allowed = 0;
  for (const [level, version] of COMBOS) {
    const expected = bulwarkK8s(join(dir, 'in'), level, version);
    const ns = `${level}-${version.replace('.', '-')}`;
    for (const pod of pods) {
      const r = await hook.post('/validate', review(pod, { namespace: ns }));
      assert.equal(r.status, 200);
      const want = expected.get(`Pod/${pod.metadata.name}`);
      const res = r.json.response;
      assert.equal(res.allowed, !want, `${ns} ${pod.metadata.name}: admission ${res.allowed ? 'allowed' : 'denied'}, bulwark k8s ${want ? [...want].join(' | ') : 'clean'}`);
      if (want) {
        denied++;
        const prefix = `pods "${pod.metadata.name}" is forbidden: violates PodSecurity "${level}:${version}": `;
        assert.ok(res.status.message.startsWith(prefix), res.status.message);
        const detail = res.status.message.slice(prefix.length);
        for (const w of want) assert.ok(detail.includes(w), `${pod.metadata.name}: "${w}" missing from "${detail}"`);
        assert.equal(res.status.code, 403);
      } else allowed++;
      assert.equal(res.auditAnnotations['enforce-policy'], `${level}:${version}`);
    }
    // Workloads are never denied: they get the same verdict as a warning (warn follows a stricter enforce label).
    for (const w of workloads) {
      const r = await hook.post('/validate', review(w, { namespace: ns }));
      const want = expected.get(`${w.kind}/${w.metadata.name}`);
      const res = r.json.response;
      assert.equal(res.allowed, true, `${w.kind}/${w.metadata.name} must not be denied`);
      const pssWarnings = (res.warnings ?? []).filter((x: string) => x.startsWith('would violate PodSecurity'));
      assert.equal(pssWarnings.length, want ? 1 : 0, `${ns} ${w.kind}/${w.metadata.name}: ${JSON.stringify(res.warnings)}`);
      if (want) for (const s of want) assert.ok(pssWarnings[0].includes(s), `${s} missing from ${pssWarnings[0]}`);
    }
  }
  assert.ok(denied > 40 && allowed > 20, `denied ${denied}, allowed ${allowed}: the fixtures exercise both outcomes`);
});
