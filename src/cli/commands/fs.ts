/** `bulwark fs <dir>`: a source tree (lockfiles, manifests) → report. */
import type { Command } from 'commander';
import type { GetConfig, SetExitCode } from '../options.js';
import { registerDirCommand } from './rootfs.js';

export function register(program: Command, setExitCode: SetExitCode, config: GetConfig): void {
  registerDirCommand(program, setExitCode, config, 'fs');
}
