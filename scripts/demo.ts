/**
 * The README's first command (`npm run demo`): builds the demo image and a small vulnerability
 * database from committed slices of real feeds (data/demo-feeds), then scans the image with every
 * scanner. Everything stays under demo/out; no network is used.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildDemoImage } from './demo-image.js';

const root = join(import.meta.dirname, '..');
const out = join(root, 'demo', 'out');
const cli = join(root, 'dist', 'cli', 'main.js');

function bulwark(args: string[], quiet = false): number {
  const r = spawnSync(process.execPath, [cli, ...args], { stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit', cwd: root });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

rmSync(out, { recursive: true, force: true });
const image = await buildDemoImage(out);
process.stderr.write(`demo image: ${image}\n`);
const dbDir = join(out, 'db');
if (bulwark(['db', 'import', join(root, 'data', 'demo-feeds'), '--db-dir', dbDir], true) !== 0) process.exit(2);
const extra = process.argv.slice(2);
process.exitCode = bulwark(['image', image, '--db-dir', dbDir, '--cache-dir', join(out, 'cache'),
  '--scanners', 'vuln,secret,misconfig,license', ...extra]);
const rel = (p: string): string => relative(process.cwd(), p) || '.';
process.stderr.write([
  '',
  `demo: image ${rel(image)}, vulnerability database ${rel(dbDir)} (slices of real feeds, data/demo-feeds).`,
  `demo: scan your own image with it:  npx bulwark image <ref|archive|layout> --db-dir ${rel(dbDir)}`,
  'demo: for complete, current data:   npx bulwark db update   (then drop --db-dir)',
  '',
].join('\n'));
