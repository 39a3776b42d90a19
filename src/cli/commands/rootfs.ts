/** `bulwark rootfs <dir>`: an unpacked root filesystem as one pseudo-layer → report (shared with `fs`). */
import type { Command } from 'commander';
import { addScanOptions, contextFor, emitReport, toScanOptions, type GetConfig, type ScanCliOptions, type SetExitCode } from '../options.js';

export function registerDirCommand(program: Command, setExitCode: SetExitCode, config: GetConfig, kind: 'rootfs' | 'fs'): void {
  const about = kind === 'rootfs'
    ? 'scan an unpacked root filesystem (a container or VM root, or / itself): installed packages'
    : 'scan a source tree: lockfiles and manifests (.git skipped)';
  const examples = kind === 'rootfs'
    ? '\nExamples:\n  bulwark rootfs /\n  bulwark rootfs ./unpacked-root --format json -o report.json'
    : '\nExamples:\n  bulwark fs .\n  bulwark fs ./service --scanners vuln,secret --exit-code 1 --severity critical,high';
  addScanOptions(program.command(kind).description(about).argument('<dir>', 'directory to scan'))
    .addHelpText('after', examples)
    .action(async (dir: string, o: ScanCliOptions, c: Command) => {
      const ctx = contextFor(c, config());
      const opts = toScanOptions(o, ctx);
      // Loaded here, not at start-up: `bulwark --help` should not pay for the whole pipeline.
      const { scanFs, scanRootfs } = await import('../../scan/scan-image.js');
      const report = kind === 'rootfs' ? await scanRootfs(dir, opts) : await scanFs(dir, opts);
      await emitReport(report, o, ctx, setExitCode);
    });
}

export function register(program: Command, setExitCode: SetExitCode, config: GetConfig): void {
  registerDirCommand(program, setExitCode, config, 'rootfs');
}
