/** Image config → the report's config summary and layer list (env values never leave this module). */
import type { ImageConfigSummary, ImageLayerInfo, OciImageConfig } from '../core/index.js';
import type { LayerAnalysis } from '../analyzers/index.js';
import type { SourceLayer } from '../sources/index.js';

/**
 * History lines of `ENV`/`ARG` instructions carry values (often tokens): keep the names, mask the values.
 * `/bin/sh -c #(nop)  ENV API_TOKEN=abc` → `/bin/sh -c #(nop)  ENV API_TOKEN=****`.
 */
export function maskHistoryLine(line: string): string {
  return line.replace(/\b(ENV|ARG)(\s+)(.*)$/s, (_m, kw: string, sp: string, rest: string) => {
    const masked = /=/.test(rest)
      ? rest.replace(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g, (_x, k: string, v: string) => (v ? `${k}=****` : `${k}=`))
      : rest.replace(/^(\S+)\s+.+$/, '$1 ****');
    return `${kw}${sp}${masked}`;
  });
}

export function summarizeConfig(config: OciImageConfig): ImageConfigSummary {
  const c = config.config ?? {};
  return {
    user: c.User ?? '',
    // Values may hold secrets: names only.
    envNames: (c.Env ?? []).map((e) => e.split('=', 1)[0]).filter(Boolean),
    entrypoint: c.Entrypoint ?? [],
    cmd: c.Cmd ?? [],
    ...(c.WorkingDir ? { workingDir: c.WorkingDir } : {}),
    exposedPorts: Object.keys(c.ExposedPorts ?? {}).sort(),
    labels: { ...(c.Labels ?? {}) },
    ...(c.Healthcheck?.Test ? { healthcheck: c.Healthcheck.Test } : {}),
    ...(c.StopSignal ? { stopSignal: c.StopSignal } : {}),
    ...(config.created ? { created: config.created } : {}),
    history: (config.history ?? []).map((h) => ({
      ...(h.created ? { created: h.created } : {}),
      ...(h.created_by ? { createdBy: maskHistoryLine(h.created_by) } : {}),
      ...(h.comment ? { comment: h.comment } : {}),
      emptyLayer: Boolean(h.empty_layer),
    })),
  };
}

/** Layers as the report lists them; digests the walk found (legacy docker-archive) fill gaps. */
export function layerInfos(layers: readonly SourceLayer[], walked: readonly LayerAnalysis[]): ImageLayerInfo[] {
  return layers.map((l, i) => ({
    index: l.index,
    digest: l.digest || walked[i]?.layer.digest || '',
    diffId: l.diffId,
    ...(l.createdBy ? { createdBy: maskHistoryLine(l.createdBy) } : {}),
    size: l.size,
    mediaType: l.mediaType,
  }));
}
