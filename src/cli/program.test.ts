import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command, Option } from 'commander';
import { buildProgram } from './program.js';
import { takesNoValue } from './sources.js';

const CLI = join(import.meta.dirname, 'main.ts');
const TSX = import.meta.resolve('tsx');

function bulwark(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, ['--import', TSX, CLI, ...args], { encoding: 'utf8', cwd: opts.cwd, env: { ...process.env, ...opts.env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function leaves(cmd: Command): Command[] {
  return cmd.commands.length ? cmd.commands.flatMap(leaves) : [cmd];
}

function pathOf(cmd: Command): string[] {
  const out: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) out.unshift(c.name());
  return out;
}

/** What the option should hold after its variable is set to `raw` (booleans as words, lists split on commas). */
function envCase(opt: Option, configFile: string): { raw: string; want: unknown } {
  if (takesNoValue(opt)) return { raw: 'true', want: !opt.negate };
  if (opt.long === '--config') return { raw: configFile, want: configFile };
  if (opt.argChoices) return { raw: opt.argChoices.at(-1)!, want: opt.argChoices.at(-1) };
  if (opt.variadic) return { raw: 'one.json,two.json', want: ['one.json', 'two.json'] };
  return { raw: 'v-1', want: 'v-1' };
}

/** Parses `argv` with every action replaced by a recorder; returns the command that would have run. */
async function parseWith(argv: string[], env: Record<string, string>, cwd: string): Promise<Command> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const { program } = await buildProgram(argv, cwd);
    program.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
    let ran: Command | undefined;
    for (const leaf of leaves(program)) leaf.action((...args: unknown[]) => { ran = args.at(-1) as Command; });
    await program.parseAsync(argv, { from: 'user' });
    assert.ok(ran, `no action ran for ${argv.join(' ')}`);
    return ran;
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

test('every flag of every command has a working BULWARK_* variable (generated from the command definitions)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-env-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const configFile = join(dir, 'other.yaml');
  writeFileSync(configFile, '{}\n');
  const { program } = await buildProgram([], dir);
  let checked = 0;
  for (const leaf of leaves(program)) {
    const args = [...pathOf(leaf), ...leaf.registeredArguments.filter((a) => a.required).map(() => 'x')];
    // Root options once (through the first leaf), every command's own options through that command.
    const owners = leaf === leaves(program)[0] ? [leaf, ...(leaf.parent && leaf.parent !== program ? [leaf.parent] : []), program] : [leaf, ...(leaf.parent && leaf.parent !== program ? [leaf.parent] : [])];
    for (const owner of owners) {
      for (const opt of owner.options as Option[]) {
        if (opt.long === '--version') continue;
        const name = `BULWARK_${opt.long!.slice(2).replace(/-/g, '_').toUpperCase()}`;
        assert.equal(opt.envVar, name, `${opt.flags} lists ${name}`);
        const { raw, want } = envCase(opt, configFile);
        // Mandatory options (db export -o) come as flags, except the one under test.
        const mandatory = (leaf.options as Option[]).filter((o) => o.mandatory && o !== opt).flatMap((o) => [o.long!, 'x']);
        const ran = await parseWith([...args, ...mandatory], { [name]: raw }, dir);
        const want_ = pathOf(owner).join(' ');
        let target: Command | null = ran;
        while (target && pathOf(target).join(' ') !== want_) target = target.parent;
        assert.ok(target, `${want_} not in the parsed command's lineage`);
        assert.deepEqual(target.getOptionValue(opt.attributeName()), want, `${args[0]} ${opt.flags} from ${name}=${raw}`);
        assert.equal(target.getOptionValueSource(opt.attributeName()), 'env', `${name} source`);
        checked++;
      }
    }
  }
  assert.ok(checked > 40, `only ${checked} flags found`);
});

test('boolean variables read as words: =false leaves a flag off and turns --no-* off, junk is a usage error', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-env-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.equal((await parseWith(['image', 'x'], { BULWARK_INSECURE: 'false' }, dir)).getOptionValue('insecure'), false);
  assert.equal((await parseWith(['image', 'x'], { BULWARK_NO_CACHE: 'false' }, dir)).getOptionValue('cache'), true);
  assert.equal((await parseWith(['image', 'x'], { BULWARK_NO_CACHE: '1' }, dir)).getOptionValue('cache'), false);
  await assert.rejects(parseWith(['image', 'x'], { BULWARK_INSECURE: 'maybe' }, dir), /BULWARK_INSECURE: expected true or false/);
});

test('precedence: bulwark.yaml < BULWARK_* < flags; command sections beat top-level keys', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-env-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'bulwark.yaml'), 'format: sarif\nscanners: [vuln, license]\nignoreUnfixed: true\nimage:\n  format: junit\n');
  const fmt = async (argv: string[], env: Record<string, string> = {}) => (await parseWith(argv, env, dir)).getOptionValue('format');
  assert.equal(await fmt(['fs', '.']), 'sarif');
  assert.equal(await fmt(['image', 'x']), 'junit');
  assert.equal(await fmt(['image', 'x'], { BULWARK_FORMAT: 'json' }), 'json');
  assert.equal(await fmt(['image', 'x', '--format', 'html'], { BULWARK_FORMAT: 'json' }), 'html');
  const ran = await parseWith(['fs', '.'], { BULWARK_IGNORE_UNFIXED: 'false' }, dir);
  assert.equal(ran.getOptionValue('scanners'), 'vuln,license');
  assert.equal(ran.getOptionValue('ignoreUnfixed'), false);
});

test('BULWARK_FORMAT=json through the real CLI prints JSON; flags still win', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-env-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = bulwark(['fs', dir, '--scanners', 'secret'], { cwd: dir, env: { BULWARK_FORMAT: 'json' } });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).target.type, 'fs');
  const table = bulwark(['fs', dir, '--scanners', 'secret', '--format', 'table'], { cwd: dir, env: { BULWARK_FORMAT: 'json' } });
  assert.throws(() => JSON.parse(table.stdout));
});

test('an unknown command is a usage error even with --help: exit 2, one line naming it, with a suggestion', () => {
  const cases: Array<[string[], string]> = [
    [['nosuch', '--help'], 'nosuch'], [['--quiet', 'imag', '-h'], 'imag'], [['nosuch'], 'nosuch'],
    [['db', 'nosuch', '--help'], 'db nosuch'], [['help', 'nosuch'], 'nosuch'], [['--config', 'x.yaml', 'db', 'nosuch'], 'db nosuch'],
  ];
  for (const [args, name] of cases) {
    const r = bulwark(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stdout, '');
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, new RegExp(`^bulwark: unknown command "${name}".* \\[USAGE\\]$`));
  }
  assert.match(bulwark(['imag', '--help']).stderr, /did you mean "image"\?/);
  for (const ok of [['image', '--help'], ['db', 'update', '--help'], ['help', 'db']]) assert.equal(bulwark(ok).code, 0, ok.join(' '));
});

test('bulwark.yaml with scalars for lists: one line naming the key, exit 2 (not split into characters)', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-env-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'bulwark.yaml'), 'licenses: {forbidden: GPL-3.0-only, failOn: forbidden}\n');
  const r = bulwark(['fs', dir, '--scanners', 'license'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `bulwark: ${join(dir, 'bulwark.yaml')}: licenses.forbidden: expected a list (write [GPL-3.0-only]) [CONFIG_INVALID]\n`);
  writeFileSync(join(dir, 'bulwark.yaml'), 'ignoreUnfixd: true\n');
  assert.match(bulwark(['fs', dir, '--scanners', 'license'], { cwd: dir }).stderr, /ignoreUnfixd: unknown key \(did you mean "ignoreUnfixed"\?\) \[CONFIG_INVALID\]\n$/);
});

test('each command module registers exactly the names the lazy command table routes to it', async () => {
  const { Command } = await import('commander');
  const { emptyConfig } = await import('../config/index.js');
  const { commandModules } = await import('./commands/index.js');
  const all: string[] = [];
  for (const m of commandModules) {
    const p = new Command();
    for (const register of await m.load()) register(p, () => {}, () => emptyConfig());
    assert.deepEqual(p.commands.map((c) => c.name()), [...m.names]);
    all.push(...m.names);
  }
  const { program } = await buildProgram([]);
  assert.deepEqual(program.commands.map((c) => c.name()), all);
});

test('a config file is checked against every command even when one command module is loaded', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-lazycfg-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // an option of `server` set in the file, then `fs` run: valid, not "unknown key"
  writeFileSync(join(dir, 'bulwark.yaml'), 'server:\n  listen: 127.0.0.1:0\n');
  const ok = bulwark(['fs', dir, '--format', 'json', '-o', join(dir, 'r.json'), '--db-dir', join(dir, 'db'), '--allow-missing-db', '-q'], { cwd: dir });
  assert.equal(ok.code, 0, ok.stderr);
  writeFileSync(join(dir, 'bulwark.yaml'), 'server:\n  listn: 127.0.0.1:0\n');
  const bad = bulwark(['fs', dir, '-q'], { cwd: dir });
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /server\.listn: unknown option of "server"/);
});
