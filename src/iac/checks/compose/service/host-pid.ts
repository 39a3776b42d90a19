/** Compose service shares the host PID namespace. */
import { defineCheck, failure } from '../../define.js';
import { isOneOf } from '../../../model/value.js';

export const composeHostPid = defineCheck({
  id: 'BW-IAC-5106', provider: 'compose', service: 'service', severity: 'high',
  trivy: null, checkov: [],
  title: 'Compose service shares the host PID namespace',
  rationale: 'With the host PID namespace the container sees and can signal every host process and read their environment through /proc.',
  remediation: 'Remove `pid: host`.',
  references: ['https://docs.docker.com/reference/compose-file/services/#pid'],
  evaluate: (s) => s.compose.services.filter((svc) => isOneOf(svc.pid, 'host'))
    .map((svc) => failure(svc.meta, `service "${svc.name}" uses pid: host`, svc.pid.loc)),
  examples: {
    fail: [{ 'docker-compose.yml': 'services:\n  app:\n    image: alpine:3.20\n    pid: host\n' }],
    pass: [{ 'docker-compose.yml': 'services:\n  app:\n    image: alpine:3.20\n' }],
    unknown: [{ 'docker-compose.yml': 'services:\n  app:\n    image: alpine:3.20\n    pid: ${PID_MODE}\n' }],
  },
});
