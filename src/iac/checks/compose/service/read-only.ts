/** Compose service whose root filesystem is writable. */
import { defineCheck, failure } from '../../define.js';
import { isFalse } from '../../../model/value.js';

export const composeReadOnly = defineCheck({
  id: 'BW-IAC-5103', provider: 'compose', service: 'service', severity: 'low',
  trivy: null, checkov: [],
  title: 'Compose service root filesystem is writable',
  rationale: 'A writable root filesystem lets an intruder drop tools and persist changes to the image\'s binaries for the life of the container.',
  remediation: 'Set `read_only: true` and mount writable paths explicitly (`tmpfs:` or volumes).',
  references: ['https://docs.docker.com/reference/compose-file/services/#read_only'],
  evaluate: (s) => s.compose.services.filter((svc) => isFalse(svc.readOnly))
    .map((svc) => failure(svc.meta, `service "${svc.name}" has a writable root filesystem`, svc.readOnly.loc)),
  examples: {
    fail: [{ 'docker-compose.yml': 'services:\n  web:\n    image: nginx:1.27\n' }],
    pass: [{ 'docker-compose.yml': 'services:\n  web:\n    image: nginx:1.27\n    read_only: true\n    tmpfs: [/tmp]\n' }],
    unknown: [{ 'docker-compose.yml': 'services:\n  web:\n    image: nginx:1.27\n    read_only: ${RO}\n' }],
  },
});
