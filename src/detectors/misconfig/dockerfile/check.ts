/** A Dockerfile check: a stable id, what it means, and a pure evaluation over parsed instructions. */
import type { Severity } from '../../../core/index.js';
import type { DockerInstruction, ParsedDockerfile } from '../../../analyzers/index.js';

export interface DockerfileViolation {
  line: number;
  message: string;
}

export interface DockerfileCheck {
  id: string;
  title: string;
  severity: Severity;
  remediation: string;
  evaluate(df: ParsedDockerfile): DockerfileViolation[];
}

export const defineDockerfileCheck = (c: DockerfileCheck): DockerfileCheck => c;

/** Instructions of the final stage (what ships). */
export function finalStage(df: ParsedDockerfile): DockerInstruction[] {
  const last = df.stages.length - 1;
  return df.instructions.filter((i) => i.stage === last);
}

export const runs = (df: ParsedDockerfile): DockerInstruction[] => df.instructions.filter((i) => i.keyword === 'RUN');

/** Images named by FROM that are earlier stages (`FROM build`), not registries. */
export function isStageRef(df: ParsedDockerfile, image: string, before: number): boolean {
  return df.stages.some((s) => s.index < before && s.name && s.name.toLowerCase() === image.toLowerCase());
}
