/** Checks over the image config: user, ports, env names, history, reference pinning. */
import { defineImageCheck } from './check.js';

const ROOT_USER = /^(?:|root|0)(?::.*)?$/;
const SECRET_ENV = /(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)/i;
/** Names that look secret but conventionally hold paths or switches, not secrets. */
const SECRET_ENV_OK = /_(?:FILE|PATH|DIR|URL|ENDPOINT|NAME|ID|TYPE|LENGTH|SIZE|ENABLED)$/i;

export const imageRootUser = defineImageCheck({
  id: 'BW-IMG-001', title: 'Image runs as root', severity: 'high', needsConfig: true,
  remediation: 'Set a non-root USER in the Dockerfile (and runAsNonRoot in Kubernetes).',
  evaluate: (f) => ROOT_USER.test((f.config?.config?.User ?? '').trim())
    ? [{ message: f.config?.config?.User ? `USER is "${f.config.config.User}"` : 'no USER is set, so the container runs as root' }] : [],
});

export const imageRiskyPorts = defineImageCheck({
  id: 'BW-IMG-006', title: 'Remote-login port exposed', severity: 'medium', needsConfig: true,
  remediation: 'Do not run SSH or telnet in containers; use exec for debugging.',
  evaluate: (f) => Object.keys(f.config?.config?.ExposedPorts ?? {}).flatMap((p) => {
    const port = p.split('/')[0];
    if (port === '23') return [{ message: 'exposes 23 (telnet)', severity: 'high' as const }];
    if (port === '22') return [{ message: 'exposes 22 (ssh)' }];
    return [];
  }),
});

export const imageSecretEnvNames = defineImageCheck({
  id: 'BW-IMG-009', title: 'Secret-looking environment variable baked into the image', severity: 'medium', needsConfig: true,
  remediation: 'Pass secrets at run time (Kubernetes Secrets, mounted files), never as image ENV.',
  evaluate: (f) => (f.config?.config?.Env ?? []).map((e) => e.split('=', 1)[0])
    .filter((n) => SECRET_ENV.test(n) && !SECRET_ENV_OK.test(n)).map((n) => ({ message: `ENV ${n} is set in the image config` })),
});

export const imageAddUrl = defineImageCheck({
  id: 'BW-IMG-007', title: 'Layer built with ADD from a URL', severity: 'medium', needsConfig: true,
  remediation: 'Download with a checksum check (ADD --checksum or curl + sha256sum).',
  evaluate: (f) => (f.config?.history ?? []).filter((h) => /\bADD\b.*\bhttps?:\/\//.test(h.created_by ?? ''))
    .map((h) => ({ message: `history: ${(h.created_by ?? '').trim().slice(0, 160)}` })),
});

export const imageReferencePin = defineImageCheck({
  id: 'BW-IMG-008', title: 'Image referenced by a mutable tag', severity: 'low', needsConfig: true,
  remediation: 'Deploy by digest (`image@sha256:…`), or at least by an immutable version tag.',
  evaluate(f) {
    const ref = f.reference;
    // Only registry references are checked: archives and layouts have no tag to float.
    if (!ref || ref.includes('@sha256:')) return [];
    const tag = /:([\w][\w.-]{0,127})$/.exec(ref.slice(ref.lastIndexOf('/') + 1))?.[1];
    if (!tag || tag === 'latest') return [{ message: `${ref} ${tag ? 'uses :latest' : 'has no tag (implies :latest)'}`, severity: 'medium' }];
    return [{ message: `${ref} is not pinned by digest` }];
  },
});
