/**
 * `kind: List` benchmark (#19): what `kubectl get -o yaml` prints — one document whose `items` hold every object —
 * at 2,000 / 8,000 / 80,000 items, against the same objects as separate `---` documents (the floor: there each
 * object was always located on its own). Items are kubectl-shaped ConfigMaps, Services and (every 10th) a Pod
 * with PSS and workload findings, so both item positions and finding field lines are resolved.
 * Each size runs in a fresh process so peak RSS is per run. Usage: node --import tsx bench/k8s-list.ts [sizes…]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

function item(i: number): string[] {
  const meta = [`  metadata:`, `    name: obj-${i}`, `    namespace: team-${i % 20}`, `    resourceVersion: "${1000 + i}"`, `    uid: 6f1c${String(i).padStart(8, '0')}-aaaa-bbbb-cccc-000000000000`];
  if (i % 10 === 0) {
    return ['- apiVersion: v1', '  kind: Pod', ...meta, '  spec:', '    containers:', '    - name: app', `      image: registry.example.com/app:1.${i % 9}.0`,
      '      securityContext:', '        allowPrivilegeEscalation: true', '      resources:', '        limits:', '          memory: 128Mi'];
  }
  if (i % 2 === 0) {
    return ['- apiVersion: v1', '  kind: Service', ...meta, '  spec:', '    type: ClusterIP', '    ports:', '    - port: 80', '      protocol: TCP', '    selector:', `      app: obj-${i}`];
  }
  return ['- apiVersion: v1', '  kind: ConfigMap', ...meta, '  data:', `    key: value-${i}`, '    other: |', '      line one', '      line two'];
}

/** kubectl's layout: `items:` with the items at column 0, `kind: List` and empty metadata last. */
function list(n: number): string {
  const lines = ['apiVersion: v1', 'items:'];
  for (let i = 0; i < n; i++) lines.push(...item(i));
  lines.push('kind: List', 'metadata:', '  resourceVersion: ""', '');
  return lines.join('\n');
}

/** The same objects, one `---` document each. */
function documents(n: number): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) docs.push(item(i).map((l) => l.slice(2)).join('\n'));
  return `${docs.join('\n---\n')}\n`;
}

async function child(shape: string, n: number): Promise<void> {
  const { scanK8s } = await import('../src/scan/scan-k8s.js');
  const dir = mkdtempSync(join(tmpdir(), 'bw-k8s-list-'));
  const file = join(dir, `${shape}.yaml`);
  const text = shape === 'list' ? list(n) : documents(n);
  writeFileSync(file, text);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const report = await scanK8s({ paths: [file] });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  rmSync(dir, { recursive: true, force: true });
  const withLine = report.misconfigurations.filter((m) => m.line !== undefined).length;
  console.log(JSON.stringify({
    shape, items: n, mb: Number((text.length / 1e6).toFixed(1)), objects: report.kubernetes?.resources,
    findings: report.misconfigurations.length, findingsWithLine: withLine, seconds: Number(seconds.toFixed(2)),
    cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }));
}

function main(): void {
  const [mode, shape, n] = process.argv.slice(2);
  if (mode === '--child') {
    child(shape, Number(n)).catch((err: unknown) => { console.error(err); process.exitCode = 1; });
    return;
  }
  const sizes = process.argv.slice(2).map(Number).filter((x) => x > 0);
  for (const size of sizes.length ? sizes : [2_000, 8_000, 80_000]) {
    for (const s of ['documents', 'list']) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', s, String(size)], { stdio: 'inherit', timeout: 600_000 });
      if (r.status !== 0) console.log(JSON.stringify({ shape: s, items: size, failed: r.signal ?? r.status }));
    }
  }
}

main();
