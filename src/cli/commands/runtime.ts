/** `bulwark runtime rules|watch|check|manifests`: Falco-compatible runtime detection. */
import type { Command } from 'commander';
import { BulwarkError } from '../../core/index.js';
import { contextFor, type GetConfig, type SetExitCode } from '../options.js';

interface RulesOpts { rules?: string[]; format: string; output?: string }

export function register(program: Command, setExitCode: SetExitCode, config: GetConfig): void {
  const runtime = program.command('runtime').description('runtime detection: Falco rules over live process, file, network and Kubernetes audit events, plus drift');

  runtime.command('rules')
    .description('load rule files and list every rule: compiled true/false and, when false, the field, operator or macro it lacks')
    .option('--rules <file...>', 'Falco rules files (default: the bundled falco_rules.yaml + k8s_audit_rules.yaml; "default" adds them to yours)')
    .option('-f, --format <format>', 'table or json', 'table')
    .option('-o, --output <file>', 'write to a file')
    .addHelpText('after', `
Examples:
  bulwark runtime rules
  bulwark runtime rules --rules default --rules my_rules.yaml -f json
  bulwark runtime rules --rules /etc/falco/falco_rules.yaml --rules /etc/falco/falco_rules.local.yaml`)
    .action(async (o: RulesOpts, c: Command) => {
      const ctx = contextFor(c, config());
      if (o.format !== 'table' && o.format !== 'json') throw new BulwarkError('USAGE', `unknown format "${o.format}" (table, json)`);
      const uc = await import('../../scan/runtime.js');
      await ctx.writeOutput(uc.listRuntimeRules(o.rules ?? [], o.format), o.output);
      void setExitCode;
    });
}
