/**
 * OS package analyzers, parse cost only (no layer walk): this machine's dpkg database (status +
 * info/*.list + copyright files) and rpm databases scaled up from the real fixture headers
 * (N copies of the committed blobs written as SQLite, BDB hash via db5.3_load, and parsed).
 * Run: node --import tsx bench/os-packages.ts [copies=2000]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { AnalyzerFile } from '../src/analyzers/contract.js';
import { dpkgAnalyzer } from '../src/analyzers/dpkg/index.js';
import { rpmAnalyzer } from '../src/analyzers/rpm/index.js';
import { readSqlite } from '../src/analyzers/rpm/sqlite.js';
import { FIXTURE_LAYER } from '../src/analyzers/shared/testing.js';

const file = (path: string, content: Buffer): AnalyzerFile => ({ path, meta: { size: content.length, mode: 0o644, type: 'file' }, layer: FIXTURE_LAYER, content });

function time<T>(label: string, fn: () => T, runs = 5): T {
  let best = Infinity;
  let out!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    out = fn();
    best = Math.min(best, performance.now() - t);
  }
  console.log(`${label}: best of ${runs} ${best.toFixed(1)} ms`);
  return out;
}

async function dpkg(): Promise<void> {
  if (!existsSync('/var/lib/dpkg/status')) return;
  const files = [file('var/lib/dpkg/status', readFileSync('/var/lib/dpkg/status'))];
  for (const n of readdirSync('/var/lib/dpkg/info')) if (n.endsWith('.list')) files.push(file(`var/lib/dpkg/info/${n}`, readFileSync(`/var/lib/dpkg/info/${n}`)));
  for (const d of readdirSync('/usr/share/doc')) {
    const p = `/usr/share/doc/${d}/copyright`;
    try { files.push(file(p.slice(1), readFileSync(p))); } catch { /* symlinked or absent */ }
  }
  const bytes = files.reduce((n, f) => n + (f.content?.length ?? 0), 0);
  const res = time(`dpkg: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB`, () => dpkgAnalyzer.analyzeGroup(files) as ReturnType<NonNullable<typeof dpkgAnalyzer.analyzeGroup>> & unknown[]);
  console.log(`  → ${res.flatMap((r) => r.packages ?? []).length} packages`);
}

function rpm(copies: number): void {
  // Read through the analyzer's own in-memory reader: opening the committed WAL-mode file directly
  // would leave -shm/-wal files in the fixture directory.
  const { blobs } = readSqlite(readFileSync(new URL('../src/analyzers/rpm/testdata/generated/sqlite/var/lib/rpm/rpmdb.sqlite', import.meta.url).pathname));
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-bench-rpm-'));
  try {
    const db = new Database(join(dir, 'rpmdb.sqlite'));
    db.exec('CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)');
    const ins = db.prepare('INSERT INTO Packages (blob) VALUES (?)');
    const dump = ['VERSION=3', 'format=bytevalue', 'type=hash', 'db_pagesize=4096', 'HEADER=END'];
    for (let i = 1; i <= copies; i++) {
      const b = blobs[i % blobs.length];
      ins.run(b);
      const k = Buffer.alloc(4);
      k.writeUInt32LE(i);
      dump.push(` ${k.toString('hex')}`, ` ${b.toString('hex')}`);
    }
    db.close();
    writeFileSync(join(dir, 'dump.txt'), `${dump.join('\n')}\nDATA=END\n`);
    execFileSync('db5.3_load', ['-f', join(dir, 'dump.txt'), join(dir, 'Packages')]);
    for (const [name, path] of [['rpmdb.sqlite', 'var/lib/rpm/rpmdb.sqlite'], ['Packages', 'var/lib/rpm/Packages']]) {
      const content = readFileSync(join(dir, name));
      const res = time(`rpm ${name}: ${copies} headers, ${(content.length / 1e6).toFixed(1)} MB`, () => rpmAnalyzer.analyzeGroup([file(path, content)]) as Array<{ packages?: unknown[] }>);
      console.log(`  → ${res[0].packages?.length} packages`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await dpkg();
rpm(Number(process.argv[2] ?? 2000));
const ru = process.resourceUsage();
console.log(`peak RSS ${(ru.maxRSS / 1024).toFixed(0)} MB`);
