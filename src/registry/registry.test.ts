import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isBulwarkError } from '../core/index.js';
import { loadPolicy, parseTarget, scanText } from './index.js';

describe('registry target', () => {
  it('splits HOST[/PREFIX] and refuses schemes, tags and bad hosts', () => {
    assert.deepEqual(parseTarget('registry.example.com:5000'), { host: 'registry.example.com:5000' });
    assert.deepEqual(parseTarget('127.0.0.1:5000/team/sub/'), { host: '127.0.0.1:5000', prefix: 'team/sub' });
    for (const bad of ['https://ghcr.io', 'ghcr.io/Team', 'ghcr.io/app:1', '', 'bad host']) {
      assert.throws(() => parseTarget(bad), (e: unknown) => isBulwarkError(e) && e.code === 'USAGE', bad);
    }
  });
});

describe('registry scan summary text', () => {
  it('one row per repository, numbers right-aligned, failures listed', () => {
    const text = scanText({
      host: 'r:5000', resumed: false, durationMs: 1500,
      repositories: [{ repository: 'team/app', tags: 3, images: 2, scanned: 2, skipped: 0, failed: 0, critical: 12, high: 3, kev: 1, secrets: 0 }],
      images: { unique: 2, scanned: 2, fromEarlierRun: 0, skippedSince: 0, failed: [{ reference: 'r:5000/x@sha256:1', error: 'boom' }] },
      tags: { total: 3, artifacts: 0, unresolved: [] }, layers: { unique: 4, walked: 3 },
    });
    assert.match(text, /^REPOSITORY {2}TAGS/);
    assert.match(text, /team\/app {4,}3 {7}2/);
    assert.match(text, /4 unique layers, 3 walked/);
    assert.match(text, /NOT SCANNED r:5000\/x@sha256:1: boom/);
  });
});

describe('registry policy file', () => {
  it('reads sizes, patterns and flags; refuses unknown keys and bad values with the file named', async () => {
    const { parsePolicy } = await import('./policy.js');
    const p = parsePolicy('staleDays: 30\nmaxImageSize: 2GiB\nretention:\n  keepLast: 3\n  keepTags: ["^v\\\\d+$"]\n', 'p.yaml');
    assert.equal(p.staleDays, 30);
    assert.equal(p.maxImageBytes, 2 * 1024 ** 3);
    assert.equal(p.retention.keepLast, 3);
    assert.ok(p.retention.keepTags[0].test('v12') && !p.retention.keepTags[0].test('latest'));
    assert.equal(p.retention.keepSigned, true, 'defaults fill the rest');
    for (const bad of ['retention:\n  keepLats: 3\n', 'staleDays: -1\n', 'maxImageSize: huge\n', 'retention:\n  keepTags: ["("]\n', '- a\n']) {
      assert.throws(() => parsePolicy(bad, 'p.yaml'), (e: unknown) => isBulwarkError(e) && e.code === 'POLICY_INVALID' && e.message.startsWith('p.yaml: '), bad);
    }
    assert.throws(() => loadPolicy('/nonexistent/policy.yaml'), (e: unknown) => isBulwarkError(e) && e.code === 'INPUT_NOT_FOUND');
    assert.equal(loadPolicy(undefined).source, 'defaults');
  });
});
