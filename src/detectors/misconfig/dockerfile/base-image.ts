/** Base images should be pinned by digest and never float on `latest`. */
import { defineDockerfileCheck, isStageRef } from './check.js';
import type { DockerStage, ParsedDockerfile } from '../../../analyzers/index.js';

function externalStages(df: ParsedDockerfile): DockerStage[] {
  return df.stages.filter((s) => s.image && s.image !== 'scratch' && !isStageRef(df, s.image, s.index) && !s.image.includes('$'));
}

export const dockerfileDigestPin = defineDockerfileCheck({
  id: 'BW-DF-002',
  title: 'Base image not pinned by digest',
  severity: 'medium',
  remediation: 'Pin the base image: `FROM image:tag@sha256:<digest>` and let a bot (Renovate, Dependabot) update it.',
  evaluate: (df) => externalStages(df).filter((s) => !s.digest)
    .map((s) => ({ line: s.line, message: `FROM ${s.image}${s.tag ? `:${s.tag}` : ''} is not pinned by digest` })),
});

export const dockerfileLatestTag = defineDockerfileCheck({
  id: 'BW-DF-003',
  title: 'Base image uses the latest tag',
  severity: 'medium',
  remediation: 'Use an explicit version tag (and a digest) so builds are reproducible.',
  evaluate: (df) => externalStages(df).filter((s) => !s.digest && (!s.tag || s.tag === 'latest'))
    .map((s) => ({ line: s.line, message: `FROM ${s.image} ${s.tag ? 'uses :latest' : 'has no tag (implies :latest)'}` })),
});
