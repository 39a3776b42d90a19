// Go build info read from real binaries agrees with `go version -m` (the Go toolchain as oracle).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, truncateSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAnalyzer } from '../../src/analyzers/shared/testing.js';
import { goBinaryAnalyzer } from '../../src/analyzers/go/index.js';
import { goBinaryPackages } from '../../src/analyzers/go/binary.js';

const hasGo = spawnSync('go', ['version']).status === 0;
const LAYER = { index: 0, digest: '', diffId: '' };

/** Expected `name@version` set from `go version -m` text, read independently of the analyzer's parser. */
function oracle(bin: string): string[] {
  const out = spawnSync('go', ['version', '-m', bin], { encoding: 'utf8' }).stdout;
  const lines = out.split('\n');
  const goVersion = /: go(\S+)/.exec(lines[0])?.[1] ?? '';
  const mods: Array<[string, string]> = [];
  for (const l of lines.slice(1)) {
    const f = l.trim().split('\t');
    if (f[0] === 'mod' || f[0] === 'dep') mods.push([f[1], f[2] || '(devel)']);
    // A replacement with a version is what was compiled; a local directory keeps the path, version (devel).
    if (f[0] === '=>') mods[mods.length - 1] = f[1].startsWith('.') || f[1].startsWith('/') ? [mods[mods.length - 1][0], '(devel)'] : [f[1], f[2]];
  }
  return [...mods.map(([p, v]) => `${p}@${v}`), `stdlib@${goVersion}`].sort();
}

const found = (bin: string) => goBinaryPackages({ path: bin, layer: LAYER }, readFileSync(bin)).map((p) => `${p.name}@${p.version}`).sort();

const machine = ['/usr/bin/docker-registry', '/usr/bin/skopeo', '/usr/bin/kubectl', '/usr/local/bin/docker', '/usr/lib/go-1.19/bin/go', '/usr/lib/go-1.19/bin/gofmt']
  .filter((p) => existsSync(p)).map((p) => realpathSync(p));

test('Go binaries on this machine: modules, versions and Go version equal go version -m', { skip: !hasGo || !machine.length }, () => {
  for (const bin of machine) assert.deepEqual(found(bin), oracle(bin), bin);
  assert.ok(machine.some((b) => oracle(b).length > 10), 'at least one binary with many dependencies');
});

test('Go binaries built now (amd64, 386, windows PE, darwin Mach-O) with a local replace', { skip: !hasGo, timeout: 600_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'go-bin-'));
  try {
    mkdirSync(join(dir, 'src/lib'), { recursive: true });
    writeFileSync(join(dir, 'src/go.mod'), 'module example.com/hello\n\ngo 1.19\n\nrequire example.com/lib v1.2.3\n\nreplace example.com/lib => ./lib\n');
    writeFileSync(join(dir, 'src/main.go'), 'package main\n\nimport (\n\t"os"\n\n\t"example.com/lib"\n)\n\nfunc main() { os.Stdout.WriteString(lib.Hi) }\n');
    writeFileSync(join(dir, 'src/lib/go.mod'), 'module example.com/lib\n\ngo 1.19\n');
    writeFileSync(join(dir, 'src/lib/lib.go'), 'package lib\n\nconst Hi = "hi\\n"\n');
    mkdirSync(join(dir, 'root/usr/local/bin'), { recursive: true });
    const targets: Array<[string, string, string]> = [['linux', 'amd64', 'hello'], ['linux', '386', 'hello-386'], ['windows', 'amd64', 'hello.exe'], ['darwin', 'amd64', 'hello-darwin']];
    for (const [goos, goarch, name] of targets) {
      const r = spawnSync('go', ['build', '-o', join(dir, 'root/usr/local/bin', name), '.'], { cwd: join(dir, 'src'), encoding: 'utf8', env: { ...process.env, GOOS: goos, GOARCH: goarch, CGO_ENABLED: '0', GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' } });
      assert.equal(r.status, 0, r.stderr);
    }
    const goVersion = /go(\d+\.\d+(?:\.\d+)?)/.exec(spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).stdout)?.[1];
    for (const [, , name] of targets) {
      const bin = join(dir, 'root/usr/local/bin', name);
      assert.deepEqual(found(bin), oracle(bin), name);
      assert.deepEqual(found(bin).filter((x) => !x.startsWith('stdlib@')), ['example.com/hello@(devel)', 'example.com/lib@(devel)'], name);
      assert.ok(found(bin).some((x) => x.startsWith(`stdlib@${goVersion}`)), name);
    }
    // Without a section table (removed by packers/sstrip) build info is found in the writable segment, as Go does.
    const noSections = readFileSync(join(dir, 'root/usr/local/bin/hello'));
    noSections.writeBigUInt64LE(0n, 0x28); // e_shoff
    noSections.writeUInt16LE(0, 0x3c); // e_shnum
    noSections.writeUInt16LE(0, 0x3e); // e_shstrndx
    assert.deepEqual(goBinaryPackages({ path: 'x', layer: LAYER }, noSections).map((p) => `${p.name}@${p.version}`).sort(), found(join(dir, 'root/usr/local/bin/hello')));
    // The analyzer end to end: a truncated copy warns and names the file; the others still yield packages.
    copyFileSync(join(dir, 'root/usr/local/bin/hello'), join(dir, 'root/usr/local/bin/truncated'));
    truncateSync(join(dir, 'root/usr/local/bin/truncated'), 200_000);
    const run = await runAnalyzer(goBinaryAnalyzer, join(dir, 'root'));
    assert.deepEqual(run.warnings.map((w) => w.split(':')[0]), ['usr/local/bin/truncated']);
    assert.equal(new Set(run.packages.map((p) => p.locations[0].path)).size, 4);
    const main = run.packages.find((p) => p.name === 'example.com/hello');
    assert.equal(main?.type, 'application');
    assert.equal(run.packages.find((p) => p.name === 'stdlib')?.purl, `pkg:golang/stdlib@${goVersion}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Pre-1.18 build info (pointers to Go string headers) in real binaries: esbuild's per-platform npm
// packages of 2020-2021, built with Go 1.16/1.17, for amd64, 386 and big-endian s390x ELF, Windows PE32+
// and PE32, and macOS Mach-O. Needs the npm registry; skipped offline.
const OLD_GO = ['esbuild-linux-64@0.8.57', 'esbuild-linux-32@0.13.15', 'esbuild-linux-s390x@0.14.10', 'esbuild-windows-64@0.13.15', 'esbuild-windows-32@0.13.15', 'esbuild-darwin-64@0.13.15'];

test('Go ≤1.17 pointer-format build info (esbuild from the npm registry: ELF 64/32-bit/big-endian, PE, Mach-O)', { skip: !hasGo, timeout: 300_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'go-old-'));
  try {
    for (const spec of OLD_GO) {
      const r = spawnSync('npm', ['pack', spec, '--silent'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      if (r.status !== 0) { t.skip(`npm registry unavailable (${spec})`); return; }
      const tgz = join(dir, r.stdout.trim().split('\n').pop() as string);
      const out = join(dir, spec.replace(/[@/]/g, '_'));
      mkdirSync(out);
      assert.equal(spawnSync('tar', ['xzf', tgz, '-C', out]).status, 0);
      // The Windows packages ship the binary as package/esbuild.exe (bin/esbuild is a JS shim there).
      const bin = join(out, spec.includes('windows') ? 'package/esbuild.exe' : 'package/bin/esbuild');
      const expected = oracle(bin);
      assert.ok(/^stdlib@1\.1[67]/.test(expected.find((x) => x.startsWith('stdlib@')) ?? ''), `${spec} is a pre-1.18 binary`);
      // go version -m prints "go1.16"; the stdlib package spells it as the Go vulndb does, 1.16.0.
      assert.deepEqual(found(bin), expected.map((x) => (/^stdlib@\d+\.\d+$/.test(x) ? `${x}.0` : x)), spec);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
