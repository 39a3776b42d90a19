/** The API end to end through app.inject(): auth and scopes, sessions + CSRF, SBOM/report ingest, lists, OpenAPI. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, demoReport, demoSbom, startServer } from './helpers.js';

test('health is public; everything else needs a token of the right scope', async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  const health = await s.app.inject({ method: 'GET', url: '/api/health' });
  assert.equal(health.statusCode, 200);
  assert.equal(health.json().database, 'sqlite');
  assert.equal((await s.app.inject({ method: 'GET', url: '/api/images' })).statusCode, 401);
  assert.equal((await s.app.inject({ method: 'GET', url: '/api/images', headers: bearer('bwk_000000000000_' + 'x'.repeat(32)) })).statusCode, 401);
  assert.equal((await s.app.inject({ method: 'GET', url: '/api/images', headers: bearer(s.tokens.read) })).statusCode, 200);
  const sbom = await demoSbom();
  const asRead = await s.app.inject({ method: 'POST', url: '/api/sboms', headers: { ...bearer(s.tokens.read), 'content-type': 'application/json' }, payload: sbom });
  assert.equal(asRead.statusCode, 403);
  assert.equal((await s.app.inject({ method: 'GET', url: '/api/audit', headers: bearer(s.tokens.scan) })).statusCode, 403);
  assert.equal((await s.app.inject({ method: 'GET', url: '/api/audit', headers: bearer(s.tokens.admin) })).statusCode, 200);
  // Input validation: unknown query parameters and bad enums are refused, not ignored.
  const bad = await s.app.inject({ method: 'GET', url: '/api/findings?severity=urgent', headers: bearer(s.tokens.read) });
  assert.equal(bad.statusCode, 400);
  const openapi = (await s.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  assert.equal(openapi.openapi, '3.1.0');
  for (const p of ['/api/images', '/api/findings', '/api/sboms', '/api/reports', '/api/scans', '/api/session', '/api/decisions', '/api/alerts']) assert.ok(openapi.paths[p], p);
});

test('an uploaded SBOM is matched by the server database; images and findings list, filter and page', async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  const sbom = await demoSbom();
  const up = await s.app.inject({ method: 'POST', url: '/api/sboms?reference=demo/base:1', headers: { ...bearer(s.tokens.scan), 'content-type': 'application/json' }, payload: sbom });
  assert.equal(up.statusCode, 201, up.body);
  const r = up.json();
  assert.ok(r.packages >= 10, `packages ${r.packages}`);
  assert.ok(r.findings > 0);
  // Uploading the same SBOM again is idempotent: same id, no new findings.
  const again = (await s.app.inject({ method: 'POST', url: '/api/sboms?reference=demo/base:1', headers: { ...bearer(s.tokens.scan), 'content-type': 'application/json' }, payload: sbom })).json();
  assert.equal(again.imageId, r.imageId);
  assert.equal(again.created, false);
  assert.equal(again.newFindings, 0);
  const images = (await s.app.inject({ method: 'GET', url: '/api/images?count=true', headers: bearer(s.tokens.read) })).json();
  assert.equal(images.total, 1);
  assert.equal(images.items[0].reference, 'demo/base:1');
  assert.equal(images.items[0].os.family, 'debian');
  const high = (await s.app.inject({ method: 'GET', url: '/api/findings?severity=high&count=true&limit=2', headers: bearer(s.tokens.read) })).json();
  assert.ok(high.items.every((f: { severity: string }) => ['high', 'critical'].includes(f.severity)));
  const ids = (await s.app.inject({ method: 'GET', url: '/api/findings?vulnerability=CVE-2023-0286', headers: bearer(s.tokens.read) })).json();
  assert.ok(ids.items.some((f: { package: { name: string }; fixedVersion: string }) => f.package.name === 'libssl1.1' && f.fixedVersion === '1.1.1n-0+deb11u4'), JSON.stringify(ids.items));
  // Paging walks every open finding exactly once.
  const all = (await s.app.inject({ method: 'GET', url: '/api/findings?limit=500', headers: bearer(s.tokens.read) })).json();
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Array<{ vulnerability: string; package: { purl: string } }>; next: string | null } = (await s.app.inject({ method: 'GET', url: `/api/findings?limit=3${cursor ? `&cursor=${cursor}` : ''}`, headers: bearer(s.tokens.read) })).json();
    seen.push(...page.items.map((f: { vulnerability: string; package: { purl: string } }) => `${f.vulnerability} ${f.package.purl}`));
    cursor = page.next;
  } while (cursor);
  assert.equal(seen.length, all.items.length);
  assert.equal(new Set(seen).size, seen.length);
  // The stored report comes back in SBOM formats.
  const cdx = await s.app.inject({ method: 'GET', url: `/api/images/${encodeURIComponent(r.imageId)}/report?format=cyclonedx`, headers: bearer(s.tokens.read) });
  assert.equal(cdx.statusCode, 200);
  assert.equal(cdx.json().bomFormat, 'CycloneDX');
});

test('a Bulwark JSON report upload keys the image by digest-less content, redacts, and portfolio queries find it', async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  const report = await demoReport();
  report.warnings.push('pulled from https://user:hunter2@registry.example/v2/');
  const up = await s.app.inject({ method: 'POST', url: '/api/reports', headers: bearer(s.tokens.scan), payload: report });
  assert.equal(up.statusCode, 201, up.body);
  const id = up.json().imageId as string;
  const stored = (await s.app.inject({ method: 'GET', url: `/api/images/${encodeURIComponent(id)}/report`, headers: bearer(s.tokens.read) })).json();
  assert.ok(!JSON.stringify(stored).includes('hunter2'));
  const pkgs = (await s.app.inject({ method: 'GET', url: '/api/portfolio/packages?name=libssl1.1&from=1.1.1a&to=1.1.1n-0%2Bdeb11u3', headers: bearer(s.tokens.read) })).json();
  assert.equal(pkgs.items.length, 1);
  const none = (await s.app.inject({ method: 'GET', url: '/api/portfolio/packages?name=libssl1.1&from=1.1.1n-0%2Bdeb11u4', headers: bearer(s.tokens.read) })).json();
  assert.equal(none.items.length, 0);
  const where = (await s.app.inject({ method: 'GET', url: '/api/portfolio/vulnerabilities/CVE-2023-0286', headers: bearer(s.tokens.read) })).json();
  // libssl1.1 and openssl come from the same source package: both are affected.
  assert.ok(where.affected.some((a: { purl: string }) => a.purl.includes('libssl1.1')), JSON.stringify(where.affected));
  assert.deepEqual(where.fixVersions, ['1.1.1n-0+deb11u4']);
  const os = (await s.app.inject({ method: 'GET', url: '/api/portfolio/os', headers: bearer(s.tokens.read) })).json();
  assert.equal(os.items[0].family, 'debian');
  assert.equal(os.items[0].images, 1);
});

test('UI session: token → HttpOnly SameSite cookie + CSRF token; unsafe methods need the CSRF token; logout ends it', async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  const login = await s.app.inject({ method: 'POST', url: '/api/session', payload: { token: s.tokens.admin } });
  assert.equal(login.statusCode, 200);
  const setCookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
  const session = setCookie.find((c) => c.startsWith('bulwark_session='))!;
  assert.match(session, /HttpOnly/i);
  assert.match(session, /SameSite=Strict/i);
  const cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = login.json();
  assert.equal((await s.app.inject({ method: 'GET', url: '/api/images', headers: { cookie } })).statusCode, 200);
  const noCsrf = await s.app.inject({ method: 'POST', url: '/api/webhooks', headers: { cookie }, payload: { url: 'http://127.0.0.1:9/x', format: 'json' } });
  assert.equal(noCsrf.statusCode, 403);
  const withCsrf = await s.app.inject({ method: 'POST', url: '/api/webhooks', headers: { cookie, 'x-csrf-token': csrfToken }, payload: { url: 'http://127.0.0.1:9/x', format: 'json', secret: 's3cret-s3cret-s3cret' } });
  assert.equal(withCsrf.statusCode, 201, withCsrf.body);
  assert.ok(!withCsrf.body.includes('s3cret-s3cret-s3cret'), 'webhook secret is never echoed');
  const audit = (await s.app.inject({ method: 'GET', url: '/api/audit', headers: bearer(s.tokens.admin) })).json();
  assert.ok(audit.items.some((a: { action: string }) => a.action === 'webhook.create'));
  assert.equal((await s.app.inject({ method: 'POST', url: '/api/session', payload: { token: 'nope' } })).statusCode, 401);
  assert.equal((await s.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie, 'x-csrf-token': csrfToken } })).statusCode, 204);
  assert.equal((await s.app.inject({ method: 'GET', url: '/api/images', headers: { cookie } })).statusCode, 401);
});

test('decisions and alerts as JSON lines; a bad line is a 400 naming the line', async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  const lines = [
    JSON.stringify({ namespace: 'shop', kind: 'Pod', name: 'web', operation: 'CREATE', allowed: false, reason: 'image not signed', images: ['reg/shop/web:1'] }),
    JSON.stringify({ namespace: 'shop', kind: 'Pod', name: 'api', allowed: true, images: ['reg/shop/api:1'] }),
  ].join('\n');
  const d = await s.app.inject({ method: 'POST', url: '/api/decisions?cluster=prod', headers: { ...bearer(s.tokens.scan), 'content-type': 'application/x-ndjson' }, payload: lines });
  assert.equal(d.statusCode, 201, d.body);
  assert.equal(d.json().accepted, 2);
  const denied = (await s.app.inject({ method: 'GET', url: '/api/decisions?allowed=false', headers: bearer(s.tokens.read) })).json();
  assert.equal(denied.items.length, 1);
  assert.equal(denied.items[0].reason, 'image not signed');
  const falco = JSON.stringify({ time: '2026-01-02T03:04:05.000Z', rule: 'Terminal shell in container', priority: 'Notice', output: 'shell spawned token=abc', output_fields: { 'k8s.ns.name': 'shop', 'k8s.pod.name': 'web-1', 'container.image.repository': 'reg/shop/web' } });
  const a = await s.app.inject({ method: 'POST', url: '/api/alerts', headers: { ...bearer(s.tokens.scan), 'content-type': 'application/x-ndjson' }, payload: `${falco}\n` });
  assert.equal(a.statusCode, 201, a.body);
  const alerts = (await s.app.inject({ method: 'GET', url: '/api/alerts?namespace=shop', headers: bearer(s.tokens.read) })).json();
  assert.equal(alerts.items[0].pod, 'web-1');
  assert.equal(alerts.items[0].priority, 'notice');
  const bad = await s.app.inject({ method: 'POST', url: '/api/alerts', headers: { ...bearer(s.tokens.scan), 'content-type': 'application/x-ndjson' }, payload: `${falco}\n{oops\n` });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().message, /line 2/);
});
