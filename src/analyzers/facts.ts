/**
 * Typed facts analyzers report beyond packages, secrets, licenses and OS (`AnalyzerResult.facts`): each
 * field belongs to one analyzer and is read by one consumer, so neither side casts or checks ids.
 * Plain JSON (results are cached per layer): a change of shape bumps the analyzer's `version`.
 * Types only; the analyzers and their consumers (inventory, detectors) both import them from here.
 */
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

export type ToolCategory = 'shell' | 'package-manager' | 'compiler' | 'debugger' | 'network' | 'ssh-server';

export type FileMetaFact =
  | { kind: 'setuid' | 'setgid'; mode: number }
  | { kind: 'world-writable'; mode: number }
  | { kind: 'tool'; category: ToolCategory; name: string };

export type MalwareFact =
  | { kind: 'hash'; sha256: string; size: number }
  | { kind: 'miner'; markers: string[] }
  | { kind: 'reverse-shell'; pattern: string; line: number };

export interface AnalyzerFacts {
  /** os-release: how authoritative this identification file is (lower wins; inventory/os.ts). */
  osPriority?: number;
  /** dockerfile: one parsed Dockerfile (detectors/misconfig/dockerfile). */
  dockerfile?: ParsedDockerfile;
  /** file-meta: setuid/setgid bits, world-writable directories, attack-surface tools (detectors/misconfig/image). */
  fileMeta?: FileMetaFact[];
  /** malware: hashes, miner markers, reverse shells of one file (detectors/malware). */
  malware?: MalwareFact[];
  /**
   * Analyzers from outside this package (`ScanOptions.analyzers`) pass their own JSON to their own
   * detectors here; built-in analyzers never use it (they get a typed field above).
   */
  custom?: unknown;
}
