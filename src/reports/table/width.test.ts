// Issue #19: on a terminal the table fits its width — long titles, messages and names are cut with "…",
// ids and versions never are; piped output stays full width.
/* eslint-disable no-control-regex -- the test strips colour codes on purpose */
import { test } from 'node:test';
import { terminalWidth } from '../../cli/options.js';
import assert from 'node:assert/strict';
import { fixtureReport } from '../testdata/fixture-report.js';
import { writeTable } from './index.js';

const visible = (l: string) => l.replace(/\u001b\[[0-9;]*m/g, '');

function longReport() {
  const r = fixtureReport();
  r.vulnerabilities[0].title = `${'A very long advisory title that goes on and on '.repeat(4)}end`;
  r.vulnerabilities[1].package.name = 'org.example.some.very.long.group.name:artifact-with-a-long-name';
  r.warnings = [`a warning that is much longer than any terminal is wide: ${'x'.repeat(150)}`];
  return r;
}

for (const width of [80, 120]) {
  for (const color of [false, true]) {
    test(`table at ${width} columns${color ? ' (colour)' : ''}: no line wider, ids and versions whole`, () => {
      const r = longReport();
      const text = writeTable(r, { width, color });
      const lines = text.split('\n');
      const over = lines.filter((l) => visible(l).length > width);
      assert.deepEqual(over, [], `lines wider than ${width}`);
      const plain = visible(text);
      for (const v of r.vulnerabilities) {
        assert.ok(plain.includes(v.id), `${v.id} whole`);
        assert.match(plain, new RegExp(`\\s${v.package.version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`, 'm'), `${v.id}: installed ${v.package.version} whole`);
        if (v.fixedVersion) assert.ok(plain.includes(v.fixedVersion), `fixed ${v.fixedVersion} whole`);
      }
      for (const p of r.packages) assert.match(plain, new RegExp(`\\s${p.version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`, 'm'), `${p.name} ${p.version} whole`);
      assert.ok(plain.includes(r.target.image!.manifestDigest!), 'the manifest digest stays whole (on its own line if need be)');
      assert.match(plain, /…/, 'long titles are cut with an ellipsis');
    });
  }
}

test('piped (no width): full width, nothing cut but the per-column cap', () => {
  const r = longReport();
  const text = writeTable(r);
  assert.ok(text.split('\n').some((l) => l.length > 120));
  assert.ok(text.includes('x'.repeat(150)), 'the warning is whole');
});

test('terminalWidth: COLUMNS wins, else the TTY\'s columns, else none', async () => {
  assert.equal(terminalWidth({ COLUMNS: '100' }, { columns: 80 }), 100);
  assert.equal(terminalWidth({}, { columns: 80 }), 80);
  assert.equal(terminalWidth({ COLUMNS: 'x' }, {}), undefined);
});
