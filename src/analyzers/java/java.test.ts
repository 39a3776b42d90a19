import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Analyzer } from '../contract.js';
import { runAnalyzer } from '../shared/testing.js';
import { javaArchiveAnalyzer } from './analyzer.js';
import { gavFromFileName, gavFromManifest, parseManifest, parseProperties } from './metadata.js';

test('java metadata: pom.properties, manifest continuation lines, GAV fallbacks', () => {
  const p = parseProperties('#Created by Apache Maven 3.8.7\r\nversion=2.11.0\r\ngroupId=commons-io\r\nartifactId: commons-io\r\n');
  assert.deepEqual([p.get('groupId'), p.get('artifactId'), p.get('version')], ['commons-io', 'commons-io', '2.11.0']);
  const mf = parseManifest('Manifest-Version: 1.0\nBundle-SymbolicName: org.apache.commons.commons-io;singleton\n :=true\nBundle-Version: 2.11.0\n\nName: x\nImplementation-Vendor-Id: ignored\n');
  assert.equal(mf.get('Bundle-SymbolicName'), 'org.apache.commons.commons-io;singleton:=true');
  assert.equal(mf.get('Implementation-Vendor-Id'), undefined);
  assert.deepEqual(gavFromManifest(mf, 'commons-io-2.11.0.jar'), { groupId: 'org.apache.commons', artifactId: 'commons-io', version: '2.11.0' });
  assert.equal(gavFromManifest(parseManifest('Implementation-Title: X\n'), 'x.jar'), undefined);
  assert.deepEqual(gavFromFileName('guava-32.1.2-jre.jar'), { artifactId: 'guava', version: '32.1.2-jre' });
});

test('java-archive: matched paths, all modes', () => {
  const a: Analyzer = javaArchiveAnalyzer;
  const f = { size: 100, mode: 0o644, type: 'file' as const };
  for (const p of ['app.jar', 'opt/app/x.WAR', 'srv/a.ear', 'b.par', 'jenkins/plugins/git.hpi']) assert.ok(a.matches(p, f), p);
  for (const p of ['app.jar.sha1', 'a.zip', 'data.rar', 'jar']) assert.ok(!a.matches(p, f), p);
  assert.equal(a.modes, undefined);
});

const identity = new URL('./testdata/identity/', import.meta.url).pathname;

test('java-archive: pom.properties outside META-INF/maven/<g>/<a>/, manifest titles and symbolic names, not the file name', async () => {
  const run = await runAnalyzer(javaArchiveAnalyzer, identity);
  const at = (f: string) => run.packages.filter((p) => p.locations[0].path === f).map((p) => `${p.name}@${p.version}`);
  assert.deepEqual(at('service.jar'), ['org.relocated:relocated-core@1.4.0']);
  assert.deepEqual(at('app.jar'), ['com.acme:order-service@3.2.1']);
  assert.deepEqual(at('bundle.jar'), ['org.example.widgets:widgets-core@2.0.0']);
  assert.ok(run.packages.find((p) => p.locations[0].path === 'service.jar')?.hashes?.sha1, 'the jar itself carries its sha1');
});

test('java-archive: a jar nested 10 deep reports depth 0-4 and one warning for what lies below', async () => {
  const run = await runAnalyzer(javaArchiveAnalyzer, identity);
  const deep = run.packages.filter((p) => p.locations[0].path.startsWith('level-10-1.0.jar')).map((p) => p.name).sort();
  assert.deepEqual(deep, ['org.deep:level-10', 'org.deep:level-6', 'org.deep:level-7', 'org.deep:level-8', 'org.deep:level-9']);
  assert.deepEqual(run.warnings, [
    'level-10-1.0.jar: 1 nested archive(s) not analyzed: 1 below nesting depth 4 (e.g. level-10-1.0.jar!/lib/level-9-1.0.jar!/lib/level-8-1.0.jar!/lib/level-7-1.0.jar!/lib/level-6-1.0.jar!/lib/level-5-1.0.jar)',
  ]);
});

const hasPython = spawnSync('python3', ['--version']).status === 0;

test('java-archive: a 42.zip-style jar (oversized and hundreds of broken nested jars) gives one summarised warning', { skip: !hasPython, timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jar-bomb-'));
  try {
    // Python's zipfile: a nested jar of 130 MiB of stored zeros (deflated to ~130 KB in the outer
    // jar, over the 128 MiB per-archive limit) and 300 nested "jars" that are not zips.
    const script = [
      'import io, zipfile, sys',
      'inner = io.BytesIO()',
      'with zipfile.ZipFile(inner, "w", zipfile.ZIP_STORED) as z: z.writestr("zeros.bin", bytes(130 * 1024 * 1024))',
      'with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:',
      '    z.writestr("META-INF/maven/org.bomb/bomb/pom.properties", "groupId=org.bomb\\nartifactId=bomb\\nversion=42\\n")',
      '    for i in range(1): z.writestr(f"lib/big-{i}.jar", inner.getvalue())',
      '    for i in range(300): z.writestr(f"lib/broken-{i}.jar", b"not a zip " * 10)',
    ].join('\n');
    const r = spawnSync('python3', ['-c', script, join(dir, 'bomb-42.jar')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const run = await runAnalyzer(javaArchiveAnalyzer, dir);
    assert.deepEqual(run.packages.map((p) => `${p.name}@${p.version}`), ['org.bomb:bomb@42']);
    assert.equal(run.warnings.length, 1);
    assert.match(run.warnings[0], /^bomb-42\.jar: 301 nested archive\(s\) not analyzed: 1 over the size limits \(128 MiB each, 1024 MiB in total; e\.g\. bomb-42\.jar!\/lib\/big-0\.jar \(\d+ bytes\)\); 300 unreadable \(e\.g\. bomb-42\.jar!\/lib\/broken-0\.jar: zip: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
