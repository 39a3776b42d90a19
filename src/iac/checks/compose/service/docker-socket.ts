/** Compose service that mounts the Docker daemon socket. */
import { defineCheck, failure } from '../../define.js';
import { isDockerSocket } from '../../shared/host-paths.js';

export const composeDockerSocket = defineCheck({
  id: 'BW-IAC-5109', provider: 'compose', service: 'service', severity: 'critical',
  trivy: null, checkov: [],
  title: 'Compose service mounts the Docker socket',
  rationale: 'Whoever can talk to the Docker socket can start a privileged container with the host\'s root filesystem mounted: it is root on the host, read-only mount or not.',
  remediation: 'Do not mount /var/run/docker.sock; use a socket proxy that allows only the API calls needed, or rootless Docker.',
  references: ['https://docs.docker.com/engine/security/#docker-daemon-attack-surface'],
  evaluate: (s) => s.compose.services.flatMap((svc) => svc.volumes.filter((v) => v.source.known && isDockerSocket(v.source.value))
    .map((v) => failure(svc.meta, `service "${svc.name}" mounts ${v.source.known ? v.source.value : ''}`, v.loc))),
  examples: {
    fail: [{ 'docker-compose.yml': 'services:\n  ci:\n    image: docker:27\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n' }],
    pass: [{ 'docker-compose.yml': 'services:\n  ci:\n    image: docker:27\n    volumes:\n      - data:/data\nvolumes:\n  data: {}\n' }],
    unknown: [{ 'docker-compose.yml': 'services:\n  ci:\n    image: docker:27\n    volumes:\n      - ${SOCK}:/var/run/docker.sock\n' }],
  },
});
