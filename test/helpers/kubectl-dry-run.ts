/**
 * `kubectl apply --dry-run=client -f FILE` offline: against the discovery-only fake API server (see
 * test/admission/fake-discovery.ts), so with --validate=false; callers check the objects' structure themselves.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeDiscovery } from '../admission/fake-discovery.js';

export async function kubectlDryRun(file: string, workDir: string): Promise<{ code: number; stdout: string; stderr: string; created: number }> {
  const api = await fakeDiscovery();
  try {
    const kc = join(workDir, 'kubeconfig');
    writeFileSync(kc, `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "${api.url}"}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\nusers: [{name: u, user: {}}]\ncurrent-context: c\n`);
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile('kubectl', ['--kubeconfig', kc, 'apply', '--dry-run=client', '--validate=false', '-f', file], { encoding: 'utf8', timeout: 120_000 },
        (e, stdout, stderr) => resolve({ code: e ? Number(e.code ?? 1) : 0, stdout, stderr }));
    });
    return { ...r, created: r.stdout.trim().split('\n').filter((l) => l.endsWith('created (dry run)')).length };
  } finally { await api.close(); }
}
