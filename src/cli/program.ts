/** The command tree and one run of it: config file → BULWARK_* env → flags, errors mapped to exit codes. */
import type { Command, Option } from 'commander';
import { BulwarkError, TOOL_VERSION } from '../core/index.js';
import { emptyConfig, loadConfig, suggest, type BulwarkConfig } from '../config/index.js';
import { loadCommands, type RegisterCommand } from './commands/index.js';
import { describeFailure, EXIT_INPUT } from './exit-codes.js';
import { applyConfig, BulwarkCommand, checkConfigNames, fixEnvValues, lineage } from './sources.js';

interface Program {
  program: Command;
  /** The exit code an action asked for (`--exit-code` with findings). */
  exitCode(): number;
}

/** The root command with its own options, and `registers` added under it. */
function newProgram(registers: readonly RegisterCommand[], setExitCode: (code: number) => void, config: () => BulwarkConfig): Command {
  const program = new BulwarkCommand('bulwark')
    .description('Container security: images, root filesystems, SBOMs, vulnerabilities, secrets and Kubernetes posture')
    .version(TOOL_VERSION, '-v, --version')
    .option('--config <file>', 'config file (default: ./bulwark.yaml)')
    .option('--debug', 'verbose logs and stack traces')
    .option('-q, --quiet', 'no progress or info logs')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  for (const register of registers) register(program, setExitCode, config);
  return program;
}

/**
 * Builds the tree; the loaded config lives in this closure and reaches commands through `config()`. Only the
 * named command's module is loaded (commands/index.ts); a config file is still checked against every command.
 */
export async function buildProgram(argv: readonly string[], cwd = process.cwd()): Promise<Program> {
  let exitCode = 0;
  let config: BulwarkConfig = emptyConfig();
  const setExitCode = (code: number): void => { exitCode = code; };
  const name = commandWord(argv);
  // `bulwark --version` lists nothing: loading every command module (as `bulwark --help` must) cost it 0.5 s.
  const versionOnly = name === undefined && argv.some((a) => a === '--version' || a === '-v');
  const program = newProgram(versionOnly ? [] : await loadCommands(name), setExitCode, () => config);
  program.hook('preAction', async (_root, action) => {
    config = loadConfig(preScanConfigPath(argv), cwd);
    const configured = Object.keys(config.flags).length > 0 || Object.keys(config.commands).length > 0;
    // the file may set options of any command: check it against all of them, not only the one loaded
    const every = configured && name !== undefined ? newProgram(await loadCommands(), setExitCode, () => config) : program;
    checkConfigNames(every, config);
    for (const cmd of lineage(action)) fixEnvValues(cmd);
    applyConfig(action, config);
  });
  return { program, exitCode: () => exitCode };
}

/** The first word that is no root option or its value (`bulwark --config x.yaml fs .` → `fs`). */
function commandWord(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return undefined;
    if (a === '--config') { i++; continue; }
    if (!a.startsWith('-')) return a;
  }
  return undefined;
}

/** The config file is needed before parsing (it supplies defaults), so `--config` is looked up by hand. */
function preScanConfigPath(argv: readonly string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--config' || a.startsWith('--config='));
  if (i < 0) return process.env.BULWARK_CONFIG || undefined;
  return argv[i]!.includes('=') ? argv[i]!.slice(argv[i]!.indexOf('=') + 1) : argv[i + 1];
}

/** True when `flag` (`--config`, `-o`) is an option of `cmd` or a parent that takes a value in the next word. */
function takesValue(cmd: Command, flag: string): boolean {
  for (let c: Command | null = cmd; c; c = c.parent) {
    const opt = (c.options as Option[]).find((o) => o.long === flag || o.short === flag);
    if (opt) return opt.required || opt.optional;
  }
  return false;
}

/**
 * Commander prints a help page and exits 0 for `bulwark nosuch --help`, `bulwark db nosuch --help` and
 * `bulwark help nosuch` (it handles --help before it looks the command up), so a typo in a script passes
 * unnoticed; without --help it prints two lines. The command path is checked here first: one line, exit 2.
 */
function checkCommandPath(program: Command, argv: readonly string[]): void {
  let cmd = program;
  let afterHelp = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return;
    if (a.startsWith('-')) {
      if (!a.includes('=') && takesValue(cmd, a)) i++;
      continue;
    }
    if (!cmd.commands.length || cmd.registeredArguments.length) return;
    if (a === 'help' && !afterHelp) { afterHelp = true; continue; }
    const sub = cmd.commands.find((c) => c.name() === a || c.aliases().includes(a));
    if (!sub) {
      const names = cmd.commands.map((c) => c.name());
      const where = cmd === program ? '' : `${cmd.name()} `;
      throw new BulwarkError('USAGE', `unknown command "${where}${a}"${suggest(a, names)} (bulwark ${where}--help lists the commands)`);
    }
    cmd = sub;
  }
}

export async function run(argv: readonly string[]): Promise<number> {
  const { program, exitCode } = await buildProgram(argv);
  try {
    checkCommandPath(program, argv);
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode();
  } catch (err) {
    const e = err as { code?: string; exitCode?: number };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return EXIT_INPUT;
    }
    const debug = argv.includes('--debug') || Boolean(program.opts().debug);
    const { line, exitCode: code } = describeFailure(err, debug);
    if (line) process.stderr.write(`${line}\n`);
    return code;
  }
}
