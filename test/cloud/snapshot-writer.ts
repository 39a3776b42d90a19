/** Writes documented calls as a snapshot directory (the layout `--snapshot` records; docs/cloud.md). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callKey, type CloudProvider } from '../../src/iac/cloud/snapshot.js';

export interface SnapshotCall {
  service: string;
  operation: string;
  region?: string;
  input: Record<string, unknown>;
  output?: unknown;
  error?: { name: string; message: string; status?: number };
}

export function writeSnapshot(dir: string, provider: CloudProvider, scope: Record<string, string | string[]>, calls: readonly SnapshotCall[]): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'snapshot.json'), JSON.stringify({ schemaVersion: 1, provider, recordedAt: '2026-12-01T00:00:00.000Z', scope, calls: calls.length }, null, 2));
  for (const c of calls) {
    const d = join(dir, 'calls', c.service, c.operation);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, `${callKey(c.input, c.region)}.json`), JSON.stringify(c, null, 2));
  }
  return dir;
}
