// Unused-export check (part of `npm run lint`): ts-unused-exports over the whole program (src, tests,
// benches count as users), reporting src/ only; the public entry points (src/index.ts, src/public/) are
// the package's API and are never "unused". Exports that were already unused when the check was
// introduced are listed in scripts/unused-exports-baseline.txt: the check fails on any export NOT in that
// list, so the debt can only shrink. `--update` rewrites the list (review the diff: it must only shrink).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const BASELINE = 'scripts/unused-exports-baseline.txt';
const bin = 'node_modules/ts-unused-exports/bin/ts-unused-exports';
const r = spawnSync(process.execPath, [bin, 'tsconfig.json', '--excludePathsFromReport=test/;bench/;src/index.ts;src/public/'], { encoding: 'utf8' });
if (r.error || (r.status !== 0 && !r.stdout)) {
  console.error(`unused-exports: cannot run ts-unused-exports: ${r.error?.message ?? r.stderr}`);
  process.exit(2);
}
const found = new Set();
for (const line of r.stdout.split('\n')) {
  const m = /^(\/.+?\.ts): (.+)$/.exec(line.trim());
  if (!m) continue;
  for (const name of m[2].split(',')) found.add(`${relative(process.cwd(), m[1])}: ${name.trim()}`);
}
// ts-unused-exports does not follow `const { a, b } = await import('./x.js')` (lazy loading, e.g. the CLI's command
// table): names taken that way count as used.
for (const file of readdirSync('src', { recursive: true }).filter((f) => f.endsWith('.ts')).map((f) => join('src', f))) {
  for (const m of readFileSync(file, 'utf8').matchAll(/const \{([^}]+)\} = await import\('(\.[^']+)\.js'\)/g)) {
    const target = join(dirname(file), `${m[2]}.ts`);
    for (const name of m[1].split(',')) found.delete(`${target}: ${name.split(':')[0].trim()}`);
  }
}
if (process.argv.includes('--update')) {
  writeFileSync(BASELINE, [...found].sort().join('\n') + '\n');
  console.log(`unused-exports: baseline rewritten (${found.size} entries)`);
  process.exit(0);
}
const baseline = new Set(existsSync(BASELINE) ? readFileSync(BASELINE, 'utf8').split('\n').filter(Boolean) : []);
const added = [...found].filter((e) => !baseline.has(e)).sort();
const gone = [...baseline].filter((e) => !found.has(e));
if (gone.length) console.log(`unused-exports: ${gone.length} baseline entries are now used or removed; run with --update to drop them`);
if (added.length) {
  console.error(`unused-exports: ${added.length} export(s) nothing imports (remove them, or import them where they belong):`);
  for (const e of added) console.error(`  ${e}`);
  process.exit(1);
}
console.log(`unused-exports: ok (${baseline.size - gone.length} known unused exports left in ${BASELINE})`);
