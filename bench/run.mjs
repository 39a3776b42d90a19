// Runs every benchmark in sequence (`npm run bench`), or those whose name contains an argument:
//   npm run bench -- secrets match
// Each benchmark prints its own figures; docs/benchmarks.md records them. Benchmarks that need the
// feed snapshots in ../shared/data skip themselves when it is absent. Build first: they time dist/.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const BENCHES = [
  ['image-read', 'image read vs gzip -dc floor (1.1 GiB, 8 layers)'],
  ['image-binaries', 'image scan peak RSS vs executable size (8, 64, 192 MiB)'],
  ['registry-pull', 'registry blob pull vs node:http floor and skopeo'],
  ['registry-scan', 'bulwark registry scan of 200 repositories × 3 tags (shared base layers) vs separate bulwark image runs'],
  ['os-packages', 'dpkg/rpm database parsing'],
  ['language-packages', 'language analyzers'],
  ['inventory', 'rootfs/image inventory vs Trivy (cdxgen build) and cdxgen'],
  ['vulndb-import', 'full feed import, DB size, 5,000-key lookup'],
  ['vulndb-big-feed', 'a 600 MiB NVD feed (over V8\'s string limit): db import time, peak RSS'],
  ['match', 'matching 5,000 packages against the full DB'],
  ['secrets', 'secret scanning MB/s vs secretlint'],
  ['reports', 'report writers on 5,000 packages'],
  ['lockfile-scale', 'bulwark fs on 30k/120k-entry package-lock.json, json and table'],
  ['k8s-scan', '10,000 workload manifests, all checks'],
  ['graph', 'attack graph: 10,000 pods, 50,000 bindings, 20,000 vulnerabilities, top-100 paths'],
  ['runtime', 'runtime rule evaluation, full default Falco rule sets, events/s on one core'],
  ['runtime-capture', 'runtime watch --source ebpf capture overhead under a paced exec load (5,000/s offered): CPU, events seen/lost (root)'],
  ['k8s-list', 'kind: List of 2k/8k/80k items (kubectl get -o yaml) vs the same objects as documents'],
  ['iac', '10,000 Terraform files (module shapes, variables, for_each, local modules), all IaC checks'],
  ['admission', 'admission webhook over TLS: 2,000 reviews/s p99, 500-connection saturation, image gates, node:https echo floor'],
  ['signatures', 'signature verification of 1,000 signed digests in a local registry: verifications/s, peak RSS, cached decision median/p99'],
];

const filters = process.argv.slice(2);
const chosen = BENCHES.filter(([name]) => !filters.length || filters.some((f) => name.includes(f)));
const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
let failed = 0;
for (const [name, what] of chosen) {
  console.log(`\n=== ${name}: ${what}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join('bench', `${name}.ts`)], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) { failed++; console.log(`=== ${name} exited ${r.status}`); }
}
process.exit(failed ? 1 : 0);
