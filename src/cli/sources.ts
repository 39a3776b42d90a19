/**
 * Where option values come from: bulwark.yaml < BULWARK_* environment < flags. Commander reads the
 * environment itself (every option gets its variable when it is added, see BulwarkCommand); this module
 * fixes up what commander does not (booleans read as words, lists split on commas) and lays the config
 * file under both.
 */
import { Command, type Option } from 'commander';
import { BulwarkError } from '../core/index.js';
import { POLICY_SECTIONS, suggest, type BulwarkConfig, type FlagValue } from '../config/index.js';

/** `--ignore-unfixed` → `BULWARK_IGNORE_UNFIXED`, `--no-cache` → `BULWARK_NO_CACHE`. */
function envName(opt: Option): string | undefined {
  const long = opt.long?.replace(/^--/, '');
  return long ? `BULWARK_${long.replace(/-/g, '_').toUpperCase()}` : undefined;
}

/** A Command whose options (and subcommands' options) get their BULWARK_* variable as they are added. */
export class BulwarkCommand extends Command {
  override createCommand(name?: string): Command {
    return new BulwarkCommand(name);
  }

  override addOption(option: Option): this {
    const name = envName(option);
    // Commander wires its env listener inside addOption: the variable must be known by then.
    if (name && !option.envVar) option.env(name);
    return super.addOption(option);
  }
}

/** Takes no value (`--insecure`, `--no-cache`); commander's isBoolean() leaves out the negated ones. */
export const takesNoValue = (opt: Option): boolean => !opt.required && !opt.optional;

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off', '']);

/** The command and its parents, innermost first. */
export function lineage(cmd: Command): Command[] {
  const out: Command[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) out.push(c);
  return out;
}

/**
 * Commander sets a boolean from the environment when the variable merely exists (so
 * BULWARK_INSECURE=false would turn --insecure on) and keeps a list variable as one item.
 */
export function fixEnvValues(cmd: Command): void {
  for (const opt of cmd.options as Option[]) {
    const key = opt.attributeName();
    if (cmd.getOptionValueSource(key) !== 'env' || !opt.envVar) continue;
    const raw = process.env[opt.envVar] ?? '';
    if (takesNoValue(opt)) {
      const word = raw.trim().toLowerCase();
      if (!TRUE.has(word) && !FALSE.has(word)) throw new BulwarkError('USAGE', `${opt.envVar}: expected true or false, got ${JSON.stringify(raw)}`);
      // BULWARK_NO_CACHE=true turns the cache off; =false leaves it on (and still beats the config file).
      cmd.setOptionValueWithSource(key, opt.negate ? !TRUE.has(word) : TRUE.has(word), 'env');
    } else if (opt.variadic) {
      cmd.setOptionValueWithSource(key, raw.split(',').map((s) => s.trim()).filter(Boolean), 'env');
    }
  }
}

/** The config value of one option, converted to what commander would have stored for the flag. */
function fromConfig(opt: Option, value: FlagValue, where: string): unknown {
  const fail = (what: string) => new BulwarkError('CONFIG_INVALID', `${where}: expected ${what}`);
  if (takesNoValue(opt)) {
    if (typeof value !== 'boolean') throw fail('true or false');
    return value;
  }
  if (opt.variadic) {
    if (!Array.isArray(value)) throw fail(`a list (write [${String(value)}])`);
    return value.map(String);
  }
  // A comma-list flag (`--scanners vuln,secret`) also takes a YAML list; others take one value.
  const isList = /<list>/.test(opt.flags);
  if (Array.isArray(value) && !isList) throw fail('a single value');
  const text = Array.isArray(value) ? value.map(String).join(',') : String(value);
  if (opt.argChoices && !opt.argChoices.includes(text)) throw fail(`one of ${opt.argChoices.join(', ')}`);
  return text;
}

/** Config values apply only where neither env nor a flag set the option. */
export function applyConfig(action: Command, config: BulwarkConfig): void {
  const chain = lineage(action);
  const section = chain.length >= 2 ? chain[chain.length - 2]!.name() : undefined;
  for (const cmd of chain) {
    for (const opt of cmd.options as Option[]) {
      const key = opt.attributeName();
      const src = cmd.getOptionValueSource(key);
      if (src !== undefined && src !== 'default' && src !== 'implied') continue;
      const fromSection = section !== undefined ? config.commands[section]?.[key] : undefined;
      const value = fromSection ?? config.flags[key];
      if (value === undefined) continue;
      const where = `${config.path ?? 'bulwark.yaml'}: ${fromSection !== undefined ? `${section}.` : ''}${key}`;
      cmd.setOptionValueWithSource(key, fromConfig(opt, value, where), 'config');
    }
  }
}

function optionKeys(cmd: Command, into = new Set<string>()): Set<string> {
  for (const opt of cmd.options as Option[]) into.add(opt.attributeName());
  for (const sub of cmd.commands) optionKeys(sub, into);
  return into;
}

/** Flag defaults must name real flags (a typo would otherwise be silently ignored). */
export function checkConfigNames(program: Command, config: BulwarkConfig): void {
  const file = config.path ?? 'bulwark.yaml';
  const unknown = (path: string, known: Set<string>, what: string) =>
    new BulwarkError('CONFIG_INVALID', `${file}: ${path}: unknown ${what}${suggest(path.split('.').pop()!, known)}`);
  const rootKeys = new Set((program.options as Option[]).map((o) => o.attributeName()));
  const everyKey = optionKeys(program);
  for (const key of Object.keys(config.flags)) if (!everyKey.has(key)) throw unknown(key, everyKey, 'key');
  const names = new Set([...program.commands.map((c) => c.name()), ...POLICY_SECTIONS]);
  for (const [name, flags] of Object.entries(config.commands)) {
    const cmd = program.commands.find((c) => c.name() === name);
    if (!cmd) throw unknown(name, names, 'section (not a command or policy section)');
    const known = optionKeys(cmd, new Set(rootKeys));
    for (const key of Object.keys(flags)) if (!known.has(key)) throw unknown(`${name}.${key}`, known, `option of "${name}"`);
  }
}
