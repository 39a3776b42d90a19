/** Dockerfile → plain instruction list (JSON, cacheable) via dockerfile-ast, with 1-based lines. */
import { createRequire } from 'node:module';
import type { DockerfileParser as Parser } from 'dockerfile-ast';
import type { DockerInstruction, DockerStage, ParsedDockerfile } from '../facts.js';

// Loaded on the first Dockerfile, not with the analyzer registry: most scans never see one (~40 ms).
const require = createRequire(import.meta.url);
let parser: typeof Parser | undefined;
const DockerfileParser = (): typeof Parser => (parser ??= (require('dockerfile-ast') as { DockerfileParser: typeof Parser }).DockerfileParser);

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
