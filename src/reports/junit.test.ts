import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { emptyReport } from '../core/index.js';
import { writeJunit } from './junit.js';
import { fixtureReport } from './testdata/fixture-report.js';
import { assertGolden } from './testdata/golden.js';

interface Parsed {
  tests: string; failures: string;
  suites: Array<{ name: string; tests: string; failures: string; cases: Array<{ classname: string; name: string; failure: null | { message: string; type: string; body: string } }> }>;
}

/** Python's xml.etree is the independent reader: it fails on any malformed or badly escaped XML. */
function parse(xml: string): Parsed {
  const script = fileURLToPath(new URL('./testdata/parse-junit.py', import.meta.url));
  return JSON.parse(execFileSync('python3', [script], { input: xml, encoding: 'utf8' })) as Parsed;
}

test('junit matches the golden file', () => {
  assertGolden('junit.xml', writeJunit(fixtureReport()));
});

test('junit: one suite per kind, one failing case per finding, counts agree', () => {
  const doc = parse(writeJunit(fixtureReport()));
  assert.deepEqual(doc.suites.map((s) => s.name.split(':')[0]), ['vulnerabilities', 'secrets', 'misconfigurations', 'licenses']);
  const vulns = doc.suites[0];
  assert.equal(vulns.tests, '4');
  assert.equal(vulns.failures, '4');
  assert.equal(vulns.cases[0].name, '[CRITICAL] CVE-2021-44228');
  assert.equal(vulns.cases[0].classname, 'org.apache.logging.log4j:log4j-core@2.14.1');
  // Only the policy-flagged license fails; the notice license passes.
  assert.equal(doc.suites[3].failures, '1');
  assert.equal(doc.failures, String(4 + 2 + 2 + 1));
});

test('junit: markup in package names and messages is escaped and round-trips exactly', () => {
  const r = fixtureReport();
  const evil = 'evil"><script>alert(1)</script>&amp;\u0001';
  r.vulnerabilities[0].package.name = evil;
  r.vulnerabilities[0].title = ']]></failure><testcase name="x">';
  const doc = parse(writeJunit(r));
  const c = doc.suites[0].cases.find((x) => x.classname.startsWith('evil'));
  assert.equal(c?.classname, `${evil.replace('\u0001', '')}@${r.vulnerabilities[0].package.version}`);
  assert.equal(c?.failure?.message, ']]></failure><testcase name="x">');
});

test('junit: a scanner that ran clean gets a passing case; one that did not run gets no suite', () => {
  const r = emptyReport({ type: 'fs', name: 'src' }, '0.1.0');
  r.scanners = ['vuln'];
  const doc = parse(writeJunit(r));
  assert.equal(doc.suites.length, 1);
  assert.equal(doc.suites[0].cases[0].name, 'no vulnerabilities found');
  assert.equal(doc.suites[0].cases[0].failure, null);
  assert.equal(doc.failures, '0');
});
