import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyReport } from '../core/index.js';
import { scannerFor } from '../analyzers/index.js';
import { maskEnvInstruction, redactReport, textRedactor } from './redact-report.js';

const r = textRedactor(scannerFor(undefined));

test('ENV/ARG values in history lines are masked, names kept', () => {
  assert.equal(maskEnvInstruction('/bin/sh -c #(nop)  ENV API_TOKEN=abc OTHER="x y"'), '/bin/sh -c #(nop)  ENV API_TOKEN=**** OTHER=****');
  assert.equal(maskEnvInstruction('/bin/sh -c #(nop)  ENV LEGACY value with spaces'), '/bin/sh -c #(nop)  ENV LEGACY ****');
  assert.equal(maskEnvInstruction('ARG VERSION'), 'ARG VERSION');
});

test('credential-named assignments and flags are masked; other words are left alone', () => {
  assert.equal(r('RUN DB_PASSWORD=hunter2 ./migrate --verbose 3'), 'RUN DB_PASSWORD=**** ./migrate --verbose 3');
  assert.equal(r('/bin/sh -c mytool --api-key s3cr3tvalue --region eu'), '/bin/sh -c mytool --api-key **** --region eu');
  assert.equal(r('/bin/sh -c docker login --password-stdin < /run/pw'), '/bin/sh -c docker login --password-stdin < /run/pw');
  assert.equal(r('apt-get install -y curl'), 'apt-get install -y curl');
  assert.equal(r('git clone https://user:pa55@example.com/r.git'), 'git clone https://user:****@example.com/r.git');
});

test('redactReport: argv pairs, credential-named labels, history, layers, misconfig messages and warnings', () => {
  const report = emptyReport({ type: 'image', name: 'x' }, '0.0.0');
  report.config = {
    user: '', envNames: [], entrypoint: ['/run', '--password', 'hunter2', '-v'], cmd: [], exposedPorts: [],
    labels: { 'db.password': 'hunter2', 'org.opencontainers.image.authors': 'Jane' },
    history: [{ createdBy: '/bin/sh -c #(nop)  ARG TOKEN=abc', emptyLayer: true }],
  };
  report.layers = [{ index: 0, digest: 'sha256:1', diffId: 'sha256:2', size: 1, mediaType: 'm', createdBy: 'RUN SECRET_KEY=zzz make' }];
  report.misconfigurations = [{ id: 'X', severity: 'low', title: 't', category: 'image', message: 'history: RUN PASSWORD=pw make' }];
  report.warnings = ['fetch https://u:p@host/x failed'];
  redactReport(report, r);
  assert.deepEqual(report.config.entrypoint, ['/run', '--password', '****', '-v']);
  assert.deepEqual(report.config.labels, { 'db.password': '****', 'org.opencontainers.image.authors': 'Jane' });
  assert.equal(report.config.history[0].createdBy, '/bin/sh -c #(nop)  ARG TOKEN=****');
  assert.equal(report.layers[0].createdBy, 'RUN SECRET_KEY=**** make');
  assert.equal(report.misconfigurations[0].message, 'history: RUN PASSWORD=**** make');
  assert.deepEqual(report.warnings, ['fetch https://u:****@host/x failed']);
});
