import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRuleset } from './loader.js';
import { RuleEngine } from './engine.js';
import { defaultRuleFiles } from './default-rules.js';
import type { AuditEvent, SyscallEvent, ProcessInfo } from '../event.js';

const proc = (name: string, args: string[] = [], extra: Partial<ProcessInfo> = {}): ProcessInfo => ({ pid: 100, ppid: 1, name, exe: `/usr/bin/${name}`, exepath: `/usr/bin/${name}`, args, uid: 0, ...extra });
function sysEvent(type: string, p: Partial<SyscallEvent> = {}): SyscallEvent {
  return { source: 'syscall', type, time: 1_700_000_000_000_000_000, proc: proc('cat'), ancestors: [proc('bash'), proc('sshd')], args: {}, container: { id: 'host' }, producer: 'test', res: 3, ...p };
}
const fired = (e: RuleEngine, ev: SyscallEvent): string[] => e.evaluate(ev).map((a) => a.rule);

test('every supported operator, inline lists, named lists (nested), macros and parentheses', () => {
  const ops: Array<[string, boolean]> = [
    ['proc.name = cat', true], ['proc.name == "cat"', true], ['proc.name != cat', false],
    ['proc.pid < 101', true], ['proc.pid <= 100', true], ['proc.pid > 100', false], ['proc.pid >= 100', true],
    ['fd.name contains shad', true], ['fd.name icontains SHAD', true], ['fd.name startswith /etc/', true],
    ['fd.name endswith dow', true], ['fd.name glob "/etc/*ow"', true], ['fd.name glob "/etc/?hadow"', true], ['fd.name glob "/var/*"', false],
    ['fd.name iglob "/ETC/SHADOW"', true], ['fd.name pmatch (/etc, /root)', true], ['fd.name pmatch (/et)', false],
    ['fd.name in (sensitive)', true], ['fd.name in (/etc/passwd)', false], ['proc.aname in (nested)', true],
    ['proc.aname[2] = sshd', true], ['proc.aname[1] = sshd', false], ['proc.pname = bash', true],
    ['fd.name exists', true], ['container.image exists', false], ['fd.name regex "^/etc/s.*w$"', true],
    ['fd.name bcontains 736861646f77', true], ['fd.name bstartswith 2f657463', true],
    ['not proc.name = cat', false], ['(proc.name = ls or proc.name = cat) and not fd.name = /x', true],
    ['is_cat and fd.directory = /etc and fd.filename = shadow', true],
    ['fd.sip = "10.1.2.3"', true], ['fd.snet = "10.0.0.0/8"', true], ['fd.snet in ("192.168.0.0/16", "10.0.0.0/8")', true], ['fd.net != "127.0.0.0/8"', true],
    ['fd.sport in (80, 443)', true], ['evt.res = SUCCESS', true], ['evt.rawres >= 0', true], ['evt.is_open_read = true', true],
    ['evt.arg.flags contains O_RDONLY', true], ['user.uid = 0', true], ['container.id = host', true],
  ];
  const yaml = [
    '- list: sensitive', '  items: [/etc/shadow, "/etc/sudoers"]',
    '- list: inner', '  items: [sshd]', '- list: nested', '  items: [inner, login]',
    '- macro: is_cat', '  condition: proc.name = cat',
    ...ops.map(([c], i) => `- rule: r${i}\n  desc: d\n  condition: ${JSON.stringify(c)}\n  output: o\n  priority: INFO`),
  ].join('\n');
  const rs = loadRuleset([{ path: 't.yaml', text: yaml }]);
  const notCompiled = rs.rules.filter((r) => !r.compiled).map((r) => `${r.name}: ${r.lack?.detail}`);
  assert.deepEqual(notCompiled, []);
  const e = new RuleEngine(rs, { hostname: 'h' });
  const open = sysEvent('openat', { fd: { type: 'file', name: '/etc/shadow', num: 3, openFlags: 0 }, args: { flags: 'O_RDONLY' } });
  const ipv4 = { fd: { type: 'ipv4', cip: '10.0.0.9', cport: 40000, sip: '10.1.2.3', sport: 443, l4proto: 'tcp' as const } };
  for (const [i, [cond, want]] of ops.entries()) {
    const ev = cond.startsWith('fd.s') || cond.startsWith('fd.net') ? sysEvent('connect', { ...ipv4, res: 0 }) : open;
    assert.equal(e.match(ev).some((r) => r.name === `r${i}`), want, `${cond} should be ${want}`);
  }
});

test('append, override (append/replace), enabled and exceptions change the rules they name', () => {
  const base = `
- list: bins
  items: [cat]
- macro: m
  condition: proc.name in (bins)
- rule: R
  desc: d
  condition: m and evt.type = openat
  output: "%proc.name read %fd.name"
  priority: WARNING
  exceptions:
    - name: allowed
      fields: [proc.name, fd.name]
      values: [[cat, /etc/hosts]]
- rule: Off
  desc: d
  condition: evt.type = openat
  output: x
  priority: INFO
  enabled: false
`;
  const local = `
- list: bins
  items: [head]
  append: true
- rule: R
  exceptions:
    - name: allowed
      values: [[head, /etc/shadow]]
  append: true
- rule: R
  condition: and fd.name startswith /etc
  override:
    condition: append
- rule: Off
  enabled: true
  override:
    enabled: replace
`;
  const e = new RuleEngine(loadRuleset([{ path: 'a.yaml', text: base }, { path: 'b.yaml', text: local }]), { hostname: 'h' });
  const ev = (name: string, file: string): SyscallEvent => sysEvent('openat', { proc: proc(name), fd: { type: 'file', name: file, openFlags: 0 } });
  assert.deepEqual(fired(e, ev('cat', '/etc/shadow')), ['R', 'Off']);
  assert.deepEqual(fired(e, ev('head', '/etc/passwd')), ['R', 'Off'], 'list append reaches the macro');
  assert.deepEqual(fired(e, ev('cat', '/etc/hosts')), ['Off'], 'exception tuple');
  assert.deepEqual(fired(e, ev('head', '/etc/shadow')), ['Off'], 'appended exception values');
  assert.deepEqual(fired(e, ev('cat', '/var/x')), ['Off'], 'condition append');
  const a = e.evaluate(ev('cat', '/etc/shadow'))[0]!;
  assert.equal(a.priority, 'Warning');
  assert.match(a.output, /^\d\d:\d\d:\d\d\.\d{9}: Warning cat read \/etc\/shadow$/);
  assert.deepEqual(a.output_fields['fd.name'], '/etc/shadow');
});

test('a rule that lacks a field or operator is listed with what it lacks, never dropped', () => {
  const rs = loadRuleset([{ path: 't.yaml', text: `
- rule: A
  desc: d
  condition: evt.type = open and fd.nosuch = 1
  output: o
  priority: INFO
- rule: B
  desc: d
  condition: undefined_macro and proc.name = x
  output: o
  priority: INFO
- rule: C
  desc: d
  condition: proc.name = (
  output: o
  priority: INFO
- rule: D
  desc: d
  condition: proc.pid contains 1
  output: o
  priority: INFO
` }]);
  const lack = Object.fromEntries(rs.rules.map((r) => [r.name, r.lack?.kind]));
  assert.deepEqual(lack, { A: 'field', B: 'macro', C: 'syntax', D: 'operator' });
  assert.match(rs.rules[0]!.lack!.detail, /fd\.nosuch/);
});

test('bundled Falco files load unchanged: all k8s audit rules and ≥ 90% of falco_rules.yaml compile', () => {
  const files = defaultRuleFiles();
  const shared = join(import.meta.dirname, '../../../../shared/data/falco-rules');
  for (const f of files) {
    const name = f.path.replace('builtin:', '');
    if (existsSync(join(shared, name))) assert.equal(f.text, readFileSync(join(shared, name), 'utf8'), `${name} is byte-identical to ../shared`);
  }
  const rs = loadRuleset(files);
  const of = (file: string) => rs.rules.filter((r) => r.file === `builtin:${file}`);
  const audit = of('k8s_audit_rules.yaml');
  const sys = of('falco_rules.yaml');
  assert.equal(audit.length, 48);
  assert.deepEqual(audit.filter((r) => !r.compiled).map((r) => r.name), []);
  assert.equal(sys.length, 25);
  assert.ok(sys.filter((r) => r.compiled).length / sys.length >= 0.9, sys.filter((r) => !r.compiled).map((r) => `${r.name}: ${r.lack?.detail}`).join('; '));
  for (const r of sys.filter((x) => !x.compiled)) assert.ok(r.lack?.detail, `${r.name} says what it lacks`);
});

test('jevt.value: RFC 6901 pointers (escapes, array indexes) resolve the same on every event', () => {
  const rs = loadRuleset([{ path: 't.yaml', text: `
- rule: annotated
  desc: d
  condition: jevt.value[/requestObject/metadata/annotations/a~1b~0c] = yes and jevt.value[/requestObject/spec/containers/1/name] = side
  output: "%jevt.value[/stage]"
  priority: INFO
  source: k8s_audit
` }]);
  assert.equal(rs.rules[0]!.compiled, true, rs.rules[0]!.lack?.detail);
  const engine = new RuleEngine(rs, { hostname: 'h' });
  const ev = (ann: string): AuditEvent => ({
    source: 'k8s_audit', type: 'k8s_audit', time: 0, producer: 'test',
    audit: { stage: 'ResponseComplete', requestObject: { metadata: { annotations: { 'a/b~c': ann } }, spec: { containers: [{ name: 'app' }, { name: 'side' }] } } },
  });
  for (let i = 0; i < 2; i++) {
    assert.deepEqual(engine.evaluate(ev('yes')).map((a) => a.output_fields['jevt.value[/stage]']), ['ResponseComplete']);
    assert.deepEqual(engine.evaluate(ev('no')), []);
  }
});
