// Builds the web UI (ui/): TypeScript ES modules compiled by tsc, plus the static files, into one directory
// the server serves (`bulwark server` default: ui/dist). Usage: node scripts/build-ui.mjs [outDir]
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const root = resolve(import.meta.dirname, '..');
const out = resolve(process.argv[2] ?? join(root, 'ui', 'dist'));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'ui', 'tsconfig.json'), '--outDir', join(out, 'js')], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
cpSync(join(root, 'ui', 'static'), out, { recursive: true });
