import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const CLI = join(import.meta.dirname, 'main.ts');
const TSX = import.meta.resolve('tsx');

const APP = join(import.meta.dirname, '..', '..', 'test', 'k8s', 'testdata', 'full-app');

test('output into a pipe that closes early (`bulwark … | head -1`) ends quietly, no crash dump', async () => {
  // ~1 MB of SARIF, far more than a pipe buffers, so writes after the reader left always hit EPIPE.
  const args = ['k8s', ...Array.from({ length: 12 }, () => APP), '--format', 'sarif'];
  const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  // Read one chunk, then close our end, as `head -1` does.
  await new Promise<void>((resolve) => child.stdout.once('data', () => { child.stdout.destroy(); resolve(); }));
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  assert.doesNotMatch(stderr, /EPIPE|Unhandled|at \w+ \(/);
  assert.equal(code, 0);
});
