#!/usr/bin/env node
/** Entry point: parse argv, apply bulwark.yaml → BULWARK_* env → flags, run one command, map errors to exit codes. */
import { Command, type Option } from 'commander';
import { TOOL_VERSION } from '../core/index.js';
import { loadConfig, configValue, type BulwarkConfig } from '../config/index.js';
import { commands } from './commands/index.js';
import { describeFailure, EXIT_INPUT } from './exit-codes.js';
import { setLoadedConfig } from './loaded-config.js';

/** `--ignore-unfixed` → `BULWARK_IGNORE_UNFIXED`, so every flag has an env twin. */
function envName(opt: Option): string | undefined {
  const long = opt.long?.replace(/^--(no-)?/, '');
  return long ? `BULWARK_${long.replace(/-/g, '_').toUpperCase()}` : undefined;
}

function addEnvTwins(cmd: Command): void {
  for (const opt of cmd.options as Option[]) {
    const name = envName(opt);
    // --version/--help are commander's own; BULWARK_CONFIG is read before parsing.
    if (name && !opt.envVar && !opt.negate && name !== 'BULWARK_VERSION') opt.env(name);
  }
  for (const sub of cmd.commands) addEnvTwins(sub);
}

/** Config values apply only where neither env nor a flag set the option. */
function applyConfig(cmd: Command, config: BulwarkConfig): void {
  for (const opt of cmd.options as Option[]) {
    const key = opt.attributeName();
    const src = cmd.getOptionValueSource(key);
    if (src !== undefined && src !== 'default' && src !== 'implied') continue;
    const value = configValue(config, key, cmd.name());
    if (value !== undefined) cmd.setOptionValueWithSource(key, value, 'config');
  }
}

function preScanConfigPath(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--config' || a.startsWith('--config='));
  if (i < 0) return process.env.BULWARK_CONFIG;
  return argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
}

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const program = new Command('bulwark')
    .description('Container security: images, root filesystems, SBOMs, vulnerabilities, secrets and Kubernetes posture')
    .version(TOOL_VERSION, '-v, --version')
    .option('--config <file>', 'config file (default: ./bulwark.yaml)')
    .option('--debug', 'verbose logs and stack traces')
    .option('-q, --quiet', 'no progress or info logs')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  let exitCode = 0;
  for (const register of commands) register(program, (code) => { exitCode = code; });
  addEnvTwins(program);
  program.hook('preAction', (_root, action) => {
    const loaded = loadConfig(preScanConfigPath(argv));
    setLoadedConfig(loaded);
    applyConfig(action, loaded.config);
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    const e = err as { code?: string; exitCode?: number };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return EXIT_INPUT;
    }
    const { line, exitCode: code } = describeFailure(err, debug);
    if (line) process.stderr.write(`${line}\n`);
    return code;
  }
}

// `bulwark … | head`: the reader went away. Stop quietly, like other Unix tools, instead of a crash dump.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
