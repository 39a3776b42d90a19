/** Remote content fetched at build time: piping downloads into a shell, and ADD from URLs. */
import { defineDockerfileCheck, runs } from './check.js';

const PIPE_TO_SHELL = /\b(?:curl|wget)\b[^|;&]*\|\s*(?:sudo\s+)?(?:\S*\/)?(?:ba|z|da|k)?sh\b/;

export const dockerfileCurlPipeShell = defineDockerfileCheck({
  id: 'BW-DF-007',
  title: 'Download piped into a shell',
  severity: 'high',
  remediation: 'Download to a file, verify its checksum or signature, then run it.',
  evaluate: (df) => runs(df).filter((r) => PIPE_TO_SHELL.test(r.args))
    .map((r) => ({ line: r.line, message: `"${r.args.match(PIPE_TO_SHELL)?.[0]}" runs unverified remote code` })),
});

const URL = /^https?:\/\//i;
const ARCHIVE = /\.(?:tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst)$/i;

export const dockerfileAddUrl = defineDockerfileCheck({
  id: 'BW-DF-008',
  title: 'ADD fetches a remote URL',
  severity: 'medium',
  remediation: 'Use `ADD --checksum=sha256:…` or download with curl and verify the checksum in a RUN step.',
  evaluate: (df) => df.instructions.filter((i) => i.keyword === 'ADD' && !i.flags.checksum && i.argv.slice(0, -1).some((a) => URL.test(a)))
    .map((i) => ({ line: i.line, message: `ADD ${i.argv[0]} downloads without a checksum` })),
});

export const dockerfileAddLocal = defineDockerfileCheck({
  id: 'BW-DF-009',
  title: 'ADD used where COPY fits',
  severity: 'low',
  remediation: 'Use COPY for local files; ADD silently extracts archives and fetches URLs.',
  evaluate: (df) => df.instructions.filter((i) => i.keyword === 'ADD' && i.argv.length >= 2 && i.argv.slice(0, -1).every((a) => !URL.test(a) && !ARCHIVE.test(a) && !a.startsWith('--')))
    .map((i) => ({ line: i.line, message: `ADD ${i.argv.slice(0, -1).join(' ')} copies local files` })),
});
