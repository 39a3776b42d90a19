/**
 * Image config → the report's config summary and layer list. Env values never leave this module; every other
 * text (history, labels, entrypoint…) is redacted with the findings by `redactReport` before a writer sees it.
 */
import type { ImageConfigSummary, ImageLayerInfo, OciImageConfig } from '../core/index.js';
import type { LayerAnalysis } from '../analyzers/index.js';
import type { SourceLayer } from '../sources/index.js';

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
      ...(h.created_by ? { createdBy: h.created_by } : {}),
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
    ...(l.createdBy ? { createdBy: l.createdBy } : {}),
    size: l.size,
    mediaType: l.mediaType,
  }));
}
