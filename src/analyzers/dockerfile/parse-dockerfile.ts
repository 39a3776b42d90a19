/** Dockerfile → plain instruction list (JSON, cacheable) via dockerfile-ast, with 1-based lines. */
import { createRequire } from 'node:module';
import type { DockerfileParser as Parser } from 'dockerfile-ast';

// Loaded on the first Dockerfile, not with the analyzer registry: most scans never see one (~40 ms).
const require = createRequire(import.meta.url);
let parser: typeof Parser | undefined;
const DockerfileParser = (): typeof Parser => (parser ??= (require('dockerfile-ast') as { DockerfileParser: typeof Parser }).DockerfileParser);

export interface DockerInstruction {
  keyword: string;
  /** Argument text with line continuations joined. */
  args: string;
  /** Arguments split the way the parser tokenises them. */
  argv: string[];
  /** `--from=builder`, `--chown=1`… as name → value. */
  flags: Record<string, string>;
  /** 1-based line of the instruction's first line. */
  line: number;
  /** Index of the build stage (FROM) this instruction belongs to. */
  stage: number;
}

export interface DockerStage {
  index: number;
  line: number;
  image: string;
  tag?: string;
  digest?: string;
  /** `AS <name>` */
  name?: string;
}

export interface ParsedDockerfile {
  stages: DockerStage[];
  instructions: DockerInstruction[];
  /** A `.dockerignore` sits beside the Dockerfile. */
  hasDockerignore: boolean;
}

export function parseDockerfile(text: string, hasDockerignore: boolean): ParsedDockerfile {
  const df = DockerfileParser().parse(text);
  const stages: DockerStage[] = df.getFROMs().map((f, index) => ({
    index,
    line: f.getRange().start.line + 1,
    image: f.getImageName() ?? '',
    ...(f.getImageTag() ? { tag: f.getImageTag()! } : {}),
    ...(f.getImageDigest() ? { digest: f.getImageDigest()! } : {}),
    ...(f.getBuildStage() ? { name: f.getBuildStage()! } : {}),
  }));
  let stage = -1;
  const instructions = df.getInstructions().map((i): DockerInstruction => {
    const keyword = i.getKeyword().toUpperCase();
    if (keyword === 'FROM') stage++;
    const flagged = i as unknown as { getFlags?: () => Array<{ getName(): string; getValue(): string | null }> };
    const flags = Object.fromEntries((flagged.getFlags?.() ?? []).map((f) => [f.getName(), f.getValue() ?? '']));
    return {
      keyword,
      args: i.getArgumentsContent() ?? '',
      argv: i.getArguments().map((a) => a.getValue()),
      flags,
      line: i.getRange().start.line + 1,
      stage: Math.max(stage, 0),
    };
  });
  return { stages, instructions, hasDockerignore };
}
