// Copies non-TS runtime assets (JSON rule sets, schemas, HTML templates) from src/ to dist/.
import { cpSync, readdirSync, statSync, mkdirSync } from 'node:fs';
import { join, dirname, extname } from 'node:path';

const ASSET_EXTS = new Set(['.json', '.yaml', '.yml', '.html', '.css', '.toml', '.txt', '.sql', '.gz']);
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'testdata' || name.endsWith('.test.ts')) continue;
    if (statSync(p).isDirectory()) walk(p);
    else if (ASSET_EXTS.has(extname(name))) {
      const out = join('dist', p.slice('src/'.length));
      mkdirSync(dirname(out), { recursive: true });
      cpSync(p, out);
    }
  }
}
walk('src');
