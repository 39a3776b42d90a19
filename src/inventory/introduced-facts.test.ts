import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Package } from '../core/index.js';
import type { LayerAnalysis } from '../analyzers/contract.js';
import { buildInventory } from './merge.js';

const pkg = (name: string, extra: Partial<Package> = {}): Package => ({
  name, version: '1.0', ecosystem: 'debian', type: 'os', purl: `pkg:deb/debian/${name}@1.0`, licenses: [], locations: [], foundBy: ['dpkg'], ...extra,
});

function layer(index: number, packages: Package[]): LayerAnalysis {
  return {
    layer: { index, digest: `sha256:${index}`, diffId: `sha256:d${index}` },
    results: [{ analyzer: 'dpkg', path: 'var/lib/dpkg/status', result: { packages } }],
    whiteouts: [], opaqueDirs: [], paths: ['var/lib/dpkg/status'], symlinks: {}, warnings: [], bytes: 0,
  };
}

test('files and licenses of packages installed in an earlier layer survive a later status rewrite', () => {
  const base = layer(0, [pkg('bash', { files: ['/bin/bash'], licenses: ['GPL-3+'] })]);
  // Layer 1 rewrites the status file (apt-get install curl): bash is listed again, without its lists.
  const apt = layer(1, [pkg('bash'), pkg('curl', { files: ['/usr/bin/curl'], licenses: ['curl'] })]);
  const inv = buildInventory([base, apt], { analyzers: [] });
  const bash = inv.packages.find((p) => p.name === 'bash')!;
  assert.deepEqual([bash.files, bash.licenses, bash.locations[0].layerIndex], [['/bin/bash'], ['GPL-3+'], 0]);
  const curl = inv.packages.find((p) => p.name === 'curl')!;
  assert.deepEqual([curl.files, curl.locations[0].layerIndex], [['/usr/bin/curl'], 1]);
});
