/** apt-get hygiene: no recommended packages, and package lists removed in the same layer. */
import { defineDockerfileCheck, runs } from './check.js';

const APT_INSTALL = /\bapt-get\s+(?:-\S+\s+)*install\b/;

export const dockerfileAptRecommends = defineDockerfileCheck({
  id: 'BW-DF-005',
  title: 'apt-get install without --no-install-recommends',
  severity: 'low',
  remediation: 'Use `apt-get install -y --no-install-recommends …` to keep unneeded packages (and their CVEs) out.',
  evaluate: (df) => runs(df).filter((r) => APT_INSTALL.test(r.args) && !/--no-install-recommends|APT::Install-Recommends\s*=?\s*"?(?:false|0)/.test(r.args))
    .map((r) => ({ line: r.line, message: 'apt-get install pulls in recommended packages' })),
});

export const dockerfileAptLists = defineDockerfileCheck({
  id: 'BW-DF-006',
  title: 'apt package lists not removed',
  severity: 'low',
  remediation: 'End the same RUN with `&& rm -rf /var/lib/apt/lists/*` (or use a cache mount).',
  evaluate: (df) => runs(df).filter((r) => APT_INSTALL.test(r.args) && !/\/var\/lib\/apt\/lists/.test(r.args) && !(r.flags.mount ?? '').includes('type=cache'))
    .map((r) => ({ line: r.line, message: 'apt-get install leaves /var/lib/apt/lists in the layer' })),
});
