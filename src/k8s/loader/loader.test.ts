/** Manifest parsing: multi-document, List kinds, field lines, and bad input that must not stop the rest. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseManifests } from './parse-manifests.js';
import { loadInputs } from './load-inputs.js';
import { SourceLines, locateParsed, parseFieldPath } from './source-lines.js';
import { locateBlock } from './locate-block.js';

const POD = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: c\n      image: x\n`;

test('multi-document YAML with a List and JSON documents', () => {
  const text = `${POD('a')}---\n{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"}}\n---\napiVersion: v1\nkind: List\nitems:\n  - ${POD('b').trim().split('\n').join('\n    ')}\n---\n# only a comment\n`;
  const r = parseManifests(text, 'm.yaml');
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.objects.map((o) => `${o.kind}/${o.metadata.name}@${o.origin.line}:${o.origin.prefix}`), ['Pod/a@1:', 'Service/s@10:', 'Pod/b@15:items[0]']);
});

test('invalid YAML, a non-object document and a missing kind are per-document errors; the rest is read', () => {
  const text = `${POD('a')}---\nkey: [unclosed\n---\n- just\n- a list\n---\napiVersion: v1\nmetadata: {name: x}\n---\n${POD('b')}`;
  const r = parseManifests(text, 'bad.yaml');
  assert.deepEqual(r.objects.map((o) => o.metadata.name), ['a', 'b']);
  assert.equal(r.errors.length, 3);
  assert.match(r.errors[0], /^bad\.yaml: document 2 \(line 10\): invalid YAML/);
  assert.match(r.errors[1], /document 3 .*not a mapping/);
  assert.match(r.errors[2], /document 4 .*missing apiVersion or kind/);
});

test('a YAML alias bomb is refused for its document only', () => {
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}]`);
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  ${bomb.join('\n  ')}\n---\n${POD('ok')}`;
  const r = parseManifests(text, 'bomb.yaml');
  assert.deepEqual(r.objects.map((o) => o.metadata.name), ['ok']);
  assert.equal(r.errors.length, 1);
  assert.match(r.errors[0], /bomb\.yaml: document 1 .*[Aa]lias/);
});

test('10,000 documents in one file are all read; maxDocuments bounds a hostile file', () => {
  const text = Array.from({ length: 10_000 }, (_, i) => POD(`p${i}`)).join('---\n');
  const r = parseManifests(text, 'big.yaml');
  assert.equal(r.objects.length, 10_000);
  assert.equal(r.objects[9_999].origin.line, 9_999 * 9 + 1);
  const capped = parseManifests(text, 'big.yaml', { maxDocuments: 10 });
  assert.equal(capped.objects.length, 10);
  assert.match(capped.errors[0], /more than 10 documents/);
});

test('field paths resolve to the line of the key; unset fields fall back to the nearest parent', () => {
  const text = `${POD('a')}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/c: unconfined\nspec:\n  containers:\n    - name: c\n      image: x\n      securityContext:\n        privileged: true\n`;
  const r = parseManifests(text, 'f.yaml');
  const sl = new SourceLines();
  sl.add('f.yaml', text);
  const b = r.objects[1];
  assert.equal(sl.lineOf(b.origin, 'spec.containers[0].securityContext.privileged'), 21);
  assert.equal(sl.lineOf(b.origin, 'spec.containers[0].securityContext.runAsNonRoot'), 20, 'parent securityContext');
  assert.equal(sl.lineOf(b.origin, 'metadata.annotations[container.apparmor.security.beta.kubernetes.io/c]'), 15);
  assert.equal(sl.lineOf(r.objects[0].origin, 'spec.containers[0].image'), 8);
  assert.deepEqual(parseFieldPath('a.b[2].c[x.y/z]'), ['a', 'b', 2, 'c', 'x.y/z']);
});

test('directories are walked recursively; unreadable and oversized inputs are reported, not fatal', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-k8s-'));
  mkdirSync(join(dir, 'sub', 'deeper'), { recursive: true });
  writeFileSync(join(dir, 'a.yaml'), POD('a'));
  writeFileSync(join(dir, 'sub', 'deeper', 'b.yml'), POD('b'));
  writeFileSync(join(dir, 'sub', 'notes.txt'), 'not yaml');
  writeFileSync(join(dir, 'sub', 'huge.json'), `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"h"},"data":{"x":"${'a'.repeat(5000)}"}}`);
  const r = await loadInputs([dir], { maxFileBytes: 4096 });
  assert.deepEqual(r.objects.map((o) => o.metadata.name).sort(), ['a', 'b']);
  assert.equal(r.errors.length, 1);
  assert.match(r.errors[0], /huge\.json: \d+ bytes is over the 4096-byte limit/);
  const stdin = await loadInputs(['-'], { stdin: async () => POD('from-stdin') });
  assert.equal(stdin.objects[0].origin.file, '<stdin>');
  await assert.rejects(loadInputs([join(dir, 'missing.yaml')]), /no such file or directory/);
});

test('objects of unknown kinds are reported once per kind', async () => {
  const { unknownKindWarnings } = await import('../model/kinds.js');
  const r = parseManifests(`${POD('a')}---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w2}\n`, 'w.yaml');
  assert.deepEqual(unknownKindWarnings(r.objects), ['2 objects of kind Widget (example.com/v1) not checked: no built-in check covers this kind (custom --policy rules still apply)']);
});

const HAS_KUBECTL = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;

test('a kustomize overlay is rendered with kubectl kustomize', { skip: HAS_KUBECTL ? false : 'kubectl not installed' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-kust-'));
  writeFileSync(join(dir, 'pod.yaml'), POD('base'));
  writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [pod.yaml]\nnamePrefix: prod-\nnamespace: prod\n');
  const r = await loadInputs([dir]);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.objects.map((o) => `${o.metadata.namespace}/${o.metadata.name}`), ['prod/prod-base']);
  const missing = await loadInputs([dir], { kubectl: 'kubectl-does-not-exist' });
  assert.match(missing.errors[0], /needs kubectl on PATH/);
});

/** Every path of a JSON value, as segment lists. */
function allPaths(v: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (prefix.length) out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => allPaths(x, [...prefix, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) allPaths(x, [...prefix, k], out);
  return out;
}

test('differential: the indentation locator agrees with the yaml syntax tree on every path of block-style fixtures', async () => {
  const dir = new URL('../../../test/k8s/testdata/full-app/', import.meta.url).pathname;
  const r = await loadInputs([dir]);
  let compared = 0;
  for (const o of r.objects) {
    const text = (r.sources as unknown as { texts: Map<string, string> }).texts.get(o.origin.file)!;
    const slice = text.slice(o.origin.range![0], o.origin.range![1]);
    for (const segs of allPaths(o.raw)) {
      const fast = locateBlock(slice, 0, segs);
      if (fast === undefined) continue;
      assert.equal(fast, locateParsed(slice, 0, segs), `${o.kind}/${o.metadata.name} ${segs.join('.')}`);
      compared++;
    }
  }
  assert.ok(compared > 300, `compared ${compared} paths`);
});

/** `kubectl get -o yaml` / `-o json` layout: one List document holding every object. */
function kubectlList(n: number, json: boolean): string {
  const items = Array.from({ length: n }, (_, i) => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, namespace: `ns${i % 3}` },
    spec: { containers: [{ name: 'c', image: 'x', securityContext: { privileged: i % 2 === 0 } }] },
  }));
  if (json) return `${JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4)}\n`;
  const body = items.map((it) => `- ${POD(it.metadata.name).trim().split('\n').join('\n  ')}\n  # note\n  metadata2: {}`).join('\n');
  return `apiVersion: v1\nitems:\n${body}\nkind: List\nmetadata:\n  resourceVersion: ""\n`;
}

test('List items (kubectl get -o yaml|json) carry their own span: item and field lines agree with the yaml syntax tree (#19)', () => {
  for (const json of [false, true]) {
    const text = kubectlList(30, json);
    const r = parseManifests(text, 'l');
    assert.deepEqual(r.errors, []);
    assert.equal(r.objects.length, 30);
    const sl = new SourceLines();
    sl.add('l', text);
    for (const [i, o] of r.objects.entries()) {
      // Linear work: a lookup reads the item's own text, never the whole List (the old code re-split it per lookup).
      const [start, end] = o.origin.span ?? [0, text.length];
      assert.ok(end - start < 600, `item ${i} span is ${end - start} chars`);
      assert.match(text.slice(start, end), new RegExp(`name"?: "?p${i}"?\\b`));
      for (const field of ['metadata.name', 'spec.containers[0].image', 'spec.containers[0].securityContext.privileged', 'spec.containers[0].securityContext.runAsUser']) {
        const segs = ['items', i, ...parseFieldPath(field)];
        const expected = (locateParsed(text, 0, segs) ?? -2) + 1;
        assert.equal(sl.lineOf(o.origin, field), expected, `${json ? 'json' : 'yaml'} item ${i} ${field}`);
      }
      assert.equal(o.origin.line, (locateParsed(text, 0, ['items', i]) ?? -2) + 1);
    }
  }
});

test('a flow-style List keeps every item, at the List position', () => {
  const r = parseManifests('apiVersion: v1\nkind: List\nitems: [{apiVersion: v1, kind: Pod, metadata: {name: a}}, {apiVersion: v1, kind: Pod, metadata: {name: b}}]\n', 'f');
  assert.deepEqual(r.objects.map((o) => `${o.metadata.name}@${o.origin.line}`), ['a@1', 'b@1']);
});
