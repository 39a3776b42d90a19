import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeHtml } from './html.js';
import { fixtureReport } from './testdata/fixture-report.js';
import { assertGolden } from './testdata/golden.js';

const EVIL = '<img src=x onerror=alert(1)><script>alert("x")</script>';

test('html matches the golden file', () => {
  assertGolden('report.html', writeHtml(fixtureReport()));
});

test('html: self-contained (no external URLs loaded) and locked down by CSP', () => {
  const html = writeHtml(fixtureReport());
  assert.doesNotMatch(html, /<(script|link|img|iframe)[^>]+(src|href)=/i);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
});

test('html: a malicious package name, path and message are escaped, never markup', () => {
  const r = fixtureReport();
  r.packages[0].name = EVIL;
  r.vulnerabilities[0].package.name = EVIL;
  r.secrets[0].path = `app/${EVIL}`;
  r.misconfigurations[0].message = EVIL;
  r.vulnerabilities[0].references = ['javascript:alert(1)'];
  const html = writeHtml(r);
  assert.ok(!html.includes('<img src=x'));
  assert.ok(!html.includes('<script>alert'));
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
  assert.ok(!html.includes('href="javascript:'));
  // Exactly one script element: the writer's own.
  assert.equal(html.match(/<script>/g)?.length, 1);
});

test('html: a scanner that did not run is shown as not run, not as clean', () => {
  const r = fixtureReport();
  r.scanners = ['vuln'];
  r.secrets = [];
  const html = writeHtml(r);
  assert.match(html, /<h3>Secrets<\/h3><div class="total">not run<\/div>/);
  assert.match(html, /Scanner not run\./);
});
