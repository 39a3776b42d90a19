/** Compose service opts out of user-namespace remapping. */
import { defineCheck, failure } from '../../define.js';
import { isOneOf } from '../../../model/value.js';

export const composeHostUserns = defineCheck({
  id: 'BW-IAC-5108', provider: 'compose', service: 'service', severity: 'medium',
  trivy: null, checkov: [],
  title: 'Compose service opts out of user-namespace remapping',
  rationale: 'With `userns_mode: host` the daemon\'s user-namespace remapping is disabled for this service, so root in the container is root on the host.',
  remediation: 'Remove `userns_mode: host`.',
  references: ['https://docs.docker.com/engine/security/userns-remap/'],
  evaluate: (s) => s.compose.services.filter((svc) => isOneOf(svc.usernsMode, 'host'))
    .map((svc) => failure(svc.meta, `service "${svc.name}" uses userns_mode: host`, svc.usernsMode.loc)),
  examples: {
    fail: [{ 'docker-compose.yml': 'services:\n  app:\n    image: alpine:3.20\n    userns_mode: host\n' }],
    pass: [{ 'docker-compose.yml': 'services:\n  app:\n    image: alpine:3.20\n' }],
    unknown: [{ 'docker-compose.yml': 'services:\n  app:\n    image: alpine:3.20\n    userns_mode: ${USERNS}\n' }],
  },
});
