/**
 * The one list of CLI commands. Each module exports `register(program, setExitCode, config)`. A run loads only
 * the module of the command it names: importing every command pulled the whole platform (IaC checks, graph,
 * runtime rules, admission, …: ~500 modules, ~0.5 s of CPU) into `bulwark fs .`. Help, unknown words and
 * config-file checks still see every command (`loadCommands()` without a name).
 */
import type { Command } from 'commander';
import type { BulwarkConfig } from '../../config/index.js';

export type SetExitCode = (code: number) => void;
/** `config()` is the checked bulwark.yaml of this run (loaded before any action runs). */
export type RegisterCommand = (program: Command, setExitCode: SetExitCode, config: () => BulwarkConfig) => void;

interface CommandModule {
  /** The top-level command names the module registers (checked by program.test.ts). */
  names: readonly string[];
  load(): Promise<RegisterCommand[]>;
}

/** In help order. */
export const commandModules: readonly CommandModule[] = [
  { names: ['image'], load: async () => { const { register } = await import('./image.js'); return [register]; } },
  { names: ['rootfs'], load: async () => { const { register } = await import('./rootfs.js'); return [register]; } },
  { names: ['fs'], load: async () => { const { register } = await import('./fs.js'); return [register]; } },
  { names: ['cache'], load: async () => { const { register } = await import('./cache.js'); return [register]; } },
  { names: ['db'], load: async () => { const { register } = await import('./db.js'); return [register]; } },
  { names: ['k8s'], load: async () => { const { register } = await import('./k8s.js'); return [register]; } },
  { names: ['sbom'], load: async () => { const { register } = await import('./sbom.js'); return [register]; } },
  { names: ['graph'], load: async () => { const { register } = await import('./graph.js'); return [register]; } },
  { names: ['verify', 'verify-attestation', 'verify-blob', 'verify-blob-attestation'], load: async () => { const { register } = await import('./verify.js'); return [register]; } },
  { names: ['generate-key-pair', 'sign', 'attest', 'sign-blob'], load: async () => { const { register } = await import('./sign.js'); return [register]; } },
  { names: ['admission'], load: async () => { const { register } = await import('./admission.js'); return [register]; } },
  { names: ['iac'], load: async () => { const { register } = await import('./iac.js'); return [register]; } },
  { names: ['server', 'worker'], load: async () => { const { register, registerWorker } = await import('./server.js'); return [register, registerWorker]; } },
  { names: ['registry'], load: async () => { const { register } = await import('./registry.js'); return [register]; } },
  { names: ['runtime'], load: async () => { const { register } = await import('./runtime.js'); return [register]; } },
  { names: ['cloud'], load: async () => { const { register } = await import('./cloud.js'); return [register]; } },
];

/** The register functions for `name`'s module, or for every command when `name` is not one (help, typos). */
export async function loadCommands(name?: string): Promise<RegisterCommand[]> {
  const one = name === undefined ? undefined : commandModules.find((m) => m.names.includes(name));
  const mods = one ? [one] : commandModules;
  return (await Promise.all(mods.map((m) => m.load()))).flat();
}
