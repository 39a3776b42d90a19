/** Build-context and privilege hygiene: whole-context copies, sudo, SSH ports, secrets in ENV/ARG, health. */
import { defineDockerfileCheck, finalStage, runs } from './check.js';

export const dockerfileCopyAll = defineDockerfileCheck({
  id: 'BW-DF-010',
  title: 'Whole build context copied without .dockerignore',
  severity: 'medium',
  remediation: 'Add a .dockerignore (exclude .git, .env, keys, node_modules) or copy only what the image needs.',
  evaluate: (df) => df.hasDockerignore ? [] : df.instructions
    .filter((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && !i.flags.from && i.argv.slice(0, -1).some((a) => a === '.' || a === './'))
    .map((i) => ({ line: i.line, message: `${i.keyword} ${i.args} copies the whole build context (.git, .env, keys…) and there is no .dockerignore` })),
});

export const dockerfileSudo = defineDockerfileCheck({
  id: 'BW-DF-011',
  title: 'sudo used in RUN',
  severity: 'medium',
  remediation: 'RUN already executes as the current USER; switch USER explicitly instead of using sudo.',
  evaluate: (df) => runs(df).filter((r) => /(?:^|[\s;&|(])sudo\s/.test(r.args)).map((r) => ({ line: r.line, message: 'sudo in a build step' })),
});

const SECRET_NAME = /(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)/i;

export const dockerfileSecretEnv = defineDockerfileCheck({
  id: 'BW-DF-012',
  title: 'Secret passed via ENV or ARG',
  severity: 'high',
  remediation: 'ENV and ARG values are stored in the image history; use `RUN --mount=type=secret` (BuildKit) instead.',
  evaluate: (df) => df.instructions.filter((i) => i.keyword === 'ENV' || i.keyword === 'ARG').flatMap((i) => {
    const names = i.argv.filter((a) => !a.startsWith('--')).map((a) => a.split('=', 1)[0]);
    // Legacy `ENV KEY value` form: only the first word is a name.
    const keys = i.keyword === 'ENV' && !i.args.includes('=') ? names.slice(0, 1) : names;
    return keys.filter((n) => SECRET_NAME.test(n)).map((n) => ({ line: i.line, message: `${i.keyword} ${n} puts a secret into the image metadata` }));
  }),
});

export const dockerfileExposeSsh = defineDockerfileCheck({
  id: 'BW-DF-013',
  title: 'SSH port exposed',
  severity: 'medium',
  remediation: 'Do not run SSH in containers; use `kubectl exec` / `docker exec` for debugging.',
  evaluate: (df) => df.instructions.filter((i) => i.keyword === 'EXPOSE' && i.argv.some((p) => /^22(?:\/tcp)?$/.test(p)))
    .map((i) => ({ line: i.line, message: 'EXPOSE 22' })),
});

export const dockerfileHealthcheck = defineDockerfileCheck({
  id: 'BW-DF-014',
  title: 'No HEALTHCHECK',
  severity: 'low',
  remediation: 'Add a HEALTHCHECK (or rely on Kubernetes probes and document it).',
  evaluate(df) {
    const final = finalStage(df);
    if (final.some((i) => i.keyword === 'HEALTHCHECK')) return [];
    const from = final.find((i) => i.keyword === 'FROM');
    return [{ line: from?.line ?? 1, message: 'the final stage defines no HEALTHCHECK' }];
  },
});
