/** Compose service shares the host IPC namespace. */
import { defineCheck, failure } from '../../define.js';
import { isOneOf } from '../../../model/value.js';

export const composeHostIpc = defineCheck({
  id: 'BW-IAC-5107', provider: 'compose', service: 'service', severity: 'medium',
  trivy: null, checkov: [],
  title: 'Compose service shares the host IPC namespace',
  rationale: 'With the host IPC namespace the container can read and write the shared memory and semaphores of host processes.',
  remediation: 'Remove `ipc: host` (use `ipc: shareable` between services that need it).',
  references: ['https://docs.docker.com/reference/compose-file/services/#ipc'],
  evaluate: (s) => s.compose.services.filter((svc) => isOneOf(svc.ipc, 'host'))
    .map((svc) => failure(svc.meta, `service "${svc.name}" uses ipc: host`, svc.ipc.loc)),
  examples: {
    fail: [{ 'docker-compose.yml': 'services:\n  app:\n    image: alpine:3.20\n    ipc: host\n' }],
    pass: [{ 'docker-compose.yml': 'services:\n  app:\n    image: alpine:3.20\n' }],
    unknown: [{ 'docker-compose.yml': 'services:\n  app:\n    image: alpine:3.20\n    ipc: ${IPC}\n' }],
  },
});
