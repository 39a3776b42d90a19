import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Analyzer } from '../contract.js';
import { runAnalyzer } from '../shared/testing.js';
import { goBinaryAnalyzer } from './binary.js';
import { goModAnalyzer } from './modfile-analyzer.js';
import { effectiveModule, parseModInfo, stdlibVersion } from './modinfo.js';

const td = new URL('./testdata/', import.meta.url).pathname;
const ids = (pkgs: Array<{ name: string; version: string; locations: Array<{ path: string }> }>, path: string) =>
  pkgs.filter((p) => p.locations[0].path === path).map((p) => `${p.name}@${p.version}`).sort();

test('go-mod: real cmd/go.mod, replaces and toolchain, pre-1.17 go.sum completion, vendor skipped', async () => {
  const run = await runAnalyzer(goModAnalyzer, td + 'gomod', { mode: 'fs' });
  assert.deepEqual(run.warnings, []);
  assert.equal(ids(run.packages, 'cmd/go.mod').length, 9);
  assert.ok(ids(run.packages, 'cmd/go.mod').includes('golang.org/x/crypto@v0.0.0-20220516162934-403b01795ae8'));
  assert.equal(ids(run.packages, 'cmd/go.sum').length, 0, 'go 1.19 go.mod is complete; go.sum not used');
  assert.deepEqual(ids(run.packages, 'app/go.mod'), ['example.com/local@(devel)', 'github.com/google/uuid@v1.6.0', 'github.com/pkg/errors@v0.9.1', 'golang.org/x/text@v0.15.0', 'stdlib@1.22.3']);
  assert.deepEqual(ids(run.packages, 'legacy/go.mod'), ['github.com/sirupsen/logrus@v1.8.1']);
  assert.deepEqual(ids(run.packages, 'legacy/go.sum'), ['github.com/davecgh/go-spew@v1.1.1', 'golang.org/x/sys@v0.0.0-20220715151400-c0bba94af5f8']);
  assert.ok(!run.packages.some((p) => p.locations[0].path.startsWith('vendor/')));
  assert.deepEqual(run.packages.find((p) => p.name === 'example.com/local')?.nonRegistry, { kind: 'local', ref: '../local' });
  assert.ok(run.packages.filter((p) => p.name !== 'example.com/local').every((p) => !p.nonRegistry), 'module versions and replacements by version are registry modules');
  const uuid = run.packages.find((p) => p.name === 'github.com/google/uuid');
  assert.equal(uuid?.purl, 'pkg:golang/github.com/google/uuid@v1.6.0');
  assert.equal(uuid?.ecosystem, 'Go');
});

test('go-mod: a go.sum without a go.mod is read on its own (modules with a content hash, not /go.mod-only lines)', async () => {
  const run = await runAnalyzer(goModAnalyzer, td + 'gosum-only', { mode: 'fs' });
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(ids(run.packages, 'std/go.sum'), [
    'golang.org/x/crypto@v0.0.0-20220516162934-403b01795ae8', 'golang.org/x/net@v0.0.0-20230214200805-d99f623d45a4',
    'golang.org/x/sys@v0.0.0-20220614162138-6c1b26c55098', 'golang.org/x/text@v0.3.8-0.20220509174342-b4bca84b0361',
  ]);
  assert.equal(run.packages[0]?.purl, 'pkg:golang/golang.org/x/crypto@v0.0.0-20220516162934-403b01795ae8');
});

test('go-mod: unclosed block is a warning naming the file', async () => {
  const run = await runAnalyzer(goModAnalyzer, td + 'corrupt', { mode: 'fs' });
  assert.deepEqual(run.warnings, ['go.mod: unclosed require block']);
});

test('go modinfo: lines, replacements and toolchain versions', () => {
  const info = parseModInfo('path\texample.com/cmd/x\nmod\texample.com\t(devel)\t\ndep\ta.com/b\tv1.0.0\th1:x=\n=>\tc.com/d\tv1.1.0\th1:y=\ndep\te.com/f\tv0.1.0\t\n=>\t../f\t\t\nbuild\t-compiler=gc\nbuild\tGOOS=linux\n');
  assert.equal(info.path, 'example.com/cmd/x');
  assert.deepEqual(info.main, { path: 'example.com', version: '(devel)' });
  assert.deepEqual(info.deps.map(effectiveModule), [{ path: 'c.com/d', version: 'v1.1.0' }, { path: 'e.com/f', version: '(devel)', localDir: '../f' }]);
  assert.deepEqual(info.settings, { '-compiler': 'gc', GOOS: 'linux' });
  assert.equal(stdlibVersion('go1.19.8'), '1.19.8');
  assert.equal(stdlibVersion('go1.20'), '1.20.0');
  assert.equal(stdlibVersion('go1.22.1 X:boringcrypto'), '1.22.1');
  assert.equal(stdlibVersion('go1.21rc2'), '1.21.0-rc.2');
  assert.equal(stdlibVersion('devel go1.23-abc'), undefined);
});

test('go analyzers: matched paths and modes', () => {
  const bin: Analyzer = goBinaryAnalyzer;
  const mod: Analyzer = goModAnalyzer;
  const exe = { size: 4096, mode: 0o755, type: 'file' as const };
  assert.ok(bin.matches('usr/local/bin/app', exe) && bin.matches('app.exe', { ...exe, mode: 0o644 }));
  assert.ok(!bin.matches('usr/bin/tool.sh', exe) && !bin.matches('usr/lib/x.so.1', { ...exe, mode: 0o644 }) && !bin.matches('usr/local/bin/app', { ...exe, type: 'symlink' }));
  assert.ok(mod.matches('go.mod', exe) && mod.matches('a/go.sum', exe) && !mod.matches('vendor/x/go.mod', exe) && !mod.matches('root/go/pkg/mod/a/go.mod', exe));
  assert.deepEqual(mod.modes, ['fs']);
  assert.equal(bin.modes, undefined);
});
