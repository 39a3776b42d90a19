/** `bulwark fs <dir>`: a source tree (lockfiles, manifests) → report. */
import type { Command } from 'commander';
import { registerDirCommand } from './rootfs.js';
import type { SetExitCode } from './index.js';

export function register(program: Command, setExitCode: SetExitCode): void {
  registerDirCommand(program, setExitCode, 'fs');
}
