/** Compose service with a secret written into `environment`. */
import { defineCheck, failure } from '../../define.js';
import { plaintextSecrets } from '../../shared/secret-env.js';

export const composePlaintextSecrets = defineCheck({
  id: 'BW-IAC-5104', provider: 'compose', service: 'service', severity: 'high',
  trivy: null, checkov: [],
  title: 'Compose service has a secret in a plain environment variable',
  rationale: 'Values in the compose file are committed to source control and visible to anyone who can run `docker inspect`. Variables interpolated from the environment (`${DB_PASSWORD}`) are not reported.',
  remediation: 'Use Compose `secrets:` (mounted under /run/secrets) or interpolate the value from the environment at deploy time.',
  references: ['https://docs.docker.com/compose/how-tos/use-secrets/'],
  evaluate: (s) => s.compose.services.flatMap((svc) => plaintextSecrets(svc.environment)
    .map((e) => failure(svc.meta, `service "${svc.name}" sets ${e.name} in plain text`, e.loc))),
  examples: {
    fail: [{ 'docker-compose.yml': 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: hunter2\n' },
      { 'docker-compose.yml': 'services:\n  api:\n    image: api:1.0\n    environment:\n      - API_TOKEN=abc123\n' }],
    pass: [{ 'docker-compose.yml': 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n    secrets: [db]\nsecrets:\n  db:\n    file: ./db.txt\n' }],
    unknown: [{ 'docker-compose.yml': 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD}\n' }],
  },
});
