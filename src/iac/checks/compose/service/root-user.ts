/** Compose service that explicitly runs as root. */
import { defineCheck, failure } from '../../define.js';
import { isRootUser } from '../../shared/root-user.js';

export const composeRootUser = defineCheck({
  id: 'BW-IAC-5102', provider: 'compose', service: 'service', severity: 'medium',
  trivy: null, checkov: [],
  title: 'Compose service runs as root',
  rationale: 'A process running as UID 0 in the container keeps root on any host path, socket or kernel bug it reaches. Without `user:` the image\'s USER decides (the image scan reports that), so only an explicit root user fails here.',
  remediation: 'Set `user:` to a non-zero UID (for example `user: "10001:10001"`) or remove `user: root` and set USER in the image.',
  references: ['https://docs.docker.com/reference/compose-file/services/#user'],
  evaluate: (s) => s.compose.services.filter((svc) => isRootUser(svc.user))
    .map((svc) => failure(svc.meta, `service "${svc.name}" runs as user ${svc.user.known ? svc.user.value : ''}`, svc.user.loc)),
  examples: {
    fail: [{ 'docker-compose.yml': 'services:\n  app:\n    image: alpine:3.20\n    user: root\n' }, { 'compose.yaml': 'services:\n  app:\n    image: alpine:3.20\n    user: "0:0"\n' }],
    pass: [{ 'docker-compose.yml': 'services:\n  app:\n    image: alpine:3.20\n    user: "10001:10001"\n' }, { 'docker-compose.yml': 'services:\n  app:\n    image: alpine:3.20\n' }],
    unknown: [{ 'docker-compose.yml': 'services:\n  app:\n    image: alpine:3.20\n    user: ${APP_UID}\n' }],
  },
});
