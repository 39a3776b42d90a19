/**
 * Secret findings: analyzer hits from every layer (files deleted by a later layer included — they are
 * still extractable from the image) plus the image config (ENV, labels, history `created_by`: build
 * ARGs and ENV values stay in the image; so do entrypoint, cmd and healthcheck arguments). One finding per fingerprint.
 */
import { toSeverity, type OciImageConfig, type SecretFinding } from '../../core/index.js';
import { scannerFor, type SecretHit } from '../../analyzers/index.js';
import type { PlacedResult } from '../../inventory/index.js';
import { defineDetector } from '../contract.js';

interface Instance { hit: SecretHit; path: string; layerIndex: number; layer?: string; deleted: boolean; deletedIn?: string }

function toFinding(group: Instance[]): SecretFinding {
  const byLayer = [...group].sort((a, b) => a.layerIndex - b.layerIndex);
  const first = byLayer[0];
  const visible = byLayer.find((i) => !i.deleted);
  const last = byLayer[byLayer.length - 1];
  return {
    ruleId: first.hit.ruleId,
    title: first.hit.title,
    severity: toSeverity(first.hit.severity),
    path: first.path,
    ...(first.layer ? { layer: first.layer } : {}),
    ...(first.hit.line ? { line: first.hit.line } : {}),
    deleted: !visible,
    ...(!visible && last.deletedIn ? { deletedIn: last.deletedIn } : {}),
    match: first.hit.match,
    fingerprint: first.hit.fingerprint,
  };
}

function fromResults(results: readonly PlacedResult[]): Instance[] {
  return results.flatMap((r) => (r.result.secrets ?? []).map((hit) => ({
    hit, path: r.path, layerIndex: r.layer.index, layer: r.layer.digest || undefined, deleted: r.deleted, deletedIn: r.deletedIn,
  })));
}

/** ENV values, labels and history lines, each scanned under a readable pseudo path. */
function fromImageConfig(config: OciImageConfig | undefined, scan: (text: string, path: string) => SecretHit[]): Instance[] {
  if (!config) return [];
  const texts: Array<[string, string]> = [];
  for (const env of config.config?.Env ?? []) texts.push([`image config: ENV ${env.split('=', 1)[0]}`, env]);
  for (const [k, v] of Object.entries(config.config?.Labels ?? {})) texts.push([`image config: LABEL ${k}`, `${k}=${v}`]);
  // Run-time arguments are as baked in as ENV: `--token ghp_…` in an entrypoint ships with every pull.
  for (const [name, argv] of [['ENTRYPOINT', config.config?.Entrypoint], ['CMD', config.config?.Cmd], ['HEALTHCHECK', config.config?.Healthcheck?.Test]] as const) {
    if (argv?.length) texts.push([`image config: ${name}`, argv.join(' ')]);
  }
  (config.history ?? []).forEach((h, i) => { if (h.created_by) texts.push([`image history[${i}]`, h.created_by]); });
  return texts.flatMap(([path, text]) => scan(text, path).map((hit) => ({ hit: { ...hit, line: 0 }, path, layerIndex: -1, deleted: false })));
}

export const secretsDetector = defineDetector({
  id: 'secrets',
  scanner: 'secret',
  detect(ctx) {
    const scanner = scannerFor(ctx.options.config?.secrets);
    const instances = [...fromResults(ctx.inventory.results), ...fromImageConfig(ctx.imageConfig, (t, p) => scanner.scanString(t, p))];
    const groups = new Map<string, Instance[]>();
    for (const i of instances) {
      const g = groups.get(i.hit.fingerprint);
      if (g) g.push(i); else groups.set(i.hit.fingerprint, [i]);
    }
    const secrets = [...groups.values()].map(toFinding)
      .sort((a, b) => a.path.localeCompare(b.path) || (a.line ?? 0) - (b.line ?? 0) || a.ruleId.localeCompare(b.ruleId));
    return { secrets };
  },
});
