/** Compose service uses the host network. */
import { defineCheck, failure } from '../../define.js';
import { isOneOf } from '../../../model/value.js';

export const composeHostNetwork = defineCheck({
  id: 'BW-IAC-5105', provider: 'compose', service: 'service', severity: 'high',
  trivy: null, checkov: [],
  title: 'Compose service uses the host network',
  rationale: 'With the host network namespace the container can bind any host port, reach services listening on localhost and sniff host traffic.',
  remediation: 'Remove `network_mode: host`; publish only the ports needed with `ports:`.',
  references: ['https://docs.docker.com/reference/compose-file/services/#network_mode'],
  evaluate: (s) => s.compose.services.filter((svc) => isOneOf(svc.networkMode, 'host'))
    .map((svc) => failure(svc.meta, `service "${svc.name}" uses network_mode: host`, svc.networkMode.loc)),
  examples: {
    fail: [{ 'docker-compose.yml': 'services:\n  app:\n    image: alpine:3.20\n    network_mode: host\n' }],
    pass: [{ 'docker-compose.yml': 'services:\n  app:\n    image: alpine:3.20\n' }],
    unknown: [{ 'docker-compose.yml': 'services:\n  app:\n    image: alpine:3.20\n    network_mode: ${NET}\n' }],
  },
});
