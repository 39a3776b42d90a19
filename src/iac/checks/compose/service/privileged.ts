/** Compose service with `privileged: true`. */
import { defineCheck, failure } from '../../define.js';
import { isTrue } from '../../../model/value.js';

export const composePrivileged = defineCheck({
  id: 'BW-IAC-5101', provider: 'compose', service: 'service', severity: 'critical',
  trivy: null, checkov: [],
  title: 'Compose service runs privileged',
  rationale: 'A privileged container has every capability and all host devices, and AppArmor/seccomp are off: root in the container is root on the host.',
  remediation: 'Remove `privileged: true`; add only the capabilities (`cap_add`) or devices the service needs.',
  references: ['https://docs.docker.com/reference/compose-file/services/#privileged'],
  evaluate: (s) => s.compose.services.filter((svc) => isTrue(svc.privileged))
    .map((svc) => failure(svc.meta, `service "${svc.name}" runs privileged`, svc.privileged.loc)),
  examples: {
    fail: [{ 'docker-compose.yml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n' }],
    pass: [{ 'docker-compose.yml': 'services:\n  web:\n    image: nginx:1.27\n' }],
    unknown: [{ 'docker-compose.yml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: ${PRIV}\n' }],
  },
});
