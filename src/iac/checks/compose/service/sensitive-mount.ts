/** Compose service that bind-mounts a host system directory. */
import { defineCheck, failure } from '../../define.js';
import { isSensitiveHostPath } from '../../shared/host-paths.js';

export const composeSensitiveMount = defineCheck({
  id: 'BW-IAC-5110', provider: 'compose', service: 'service', severity: 'high',
  trivy: null, checkov: [],
  title: 'Compose service mounts a host system directory',
  rationale: 'Mounting /, /etc, /proc, /sys, /root, /var/lib/docker or similar host directories exposes host credentials and configuration, and with write access lets the container change the host.',
  remediation: 'Mount only the application\'s own data directory, or a named volume.',
  references: ['https://docs.docker.com/engine/storage/bind-mounts/'],
  evaluate: (s) => s.compose.services.flatMap((svc) => svc.volumes.filter((v) => v.source.known && isSensitiveHostPath(v.source.value))
    .map((v) => failure(svc.meta, `service "${svc.name}" mounts host path ${v.source.known ? v.source.value : ''}`, v.loc))),
  examples: {
    fail: [{ 'docker-compose.yml': 'services:\n  agent:\n    image: agent:2\n    volumes:\n      - /etc:/host/etc\n' },
      { 'docker-compose.yml': 'services:\n  agent:\n    image: agent:2\n    volumes:\n      - type: bind\n        source: /\n        target: /host\n' }],
    pass: [{ 'docker-compose.yml': 'services:\n  agent:\n    image: agent:2\n    volumes:\n      - ./config:/etc/agent:ro\n' }],
  },
});
