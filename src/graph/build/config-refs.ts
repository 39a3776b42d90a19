/**
 * What a container reads from the API's configuration objects: Secrets (env, envFrom, volumes, projected
 * volumes) and ConfigMaps (the same). A compromised container holds all of them; ConfigMaps often carry
 * connection strings and, misused, credentials.
 */
import { asArray, asJson, asString, type Json } from '../../k8s/index.js';
import type { GraphBuilder } from '../builder.js';
import type { ContainerInfo, PodInfo } from './pods.js';

interface Refs { secrets: Map<string, string>; configMaps: Map<string, string> }

function fromEnv(c: ContainerInfo, refs: Refs): void {
  asArray(c.spec.env).forEach((e, i) => {
    const from = asJson(asJson(e).valueFrom);
    const s = asString(asJson(from.secretKeyRef).name);
    if (s && !refs.secrets.has(s)) refs.secrets.set(s, `${c.path}.env[${i}].valueFrom.secretKeyRef`);
    const m = asString(asJson(from.configMapKeyRef).name);
    if (m && !refs.configMaps.has(m)) refs.configMaps.set(m, `${c.path}.env[${i}].valueFrom.configMapKeyRef`);
  });
  asArray(c.spec.envFrom).forEach((e, i) => {
    const s = asString(asJson(asJson(e).secretRef).name);
    if (s && !refs.secrets.has(s)) refs.secrets.set(s, `${c.path}.envFrom[${i}].secretRef`);
    const m = asString(asJson(asJson(e).configMapRef).name);
    if (m && !refs.configMaps.has(m)) refs.configMaps.set(m, `${c.path}.envFrom[${i}].configMapRef`);
  });
}

/** Secret and ConfigMap volumes the container mounts, projected sources included. */
function fromVolumes(c: ContainerInfo, volumes: Map<string, Json>, refs: Refs): void {
  for (const m of asArray(c.spec.volumeMounts)) {
    const name = asString(asJson(m).name) ?? '';
    const v = volumes.get(name);
    if (!v) continue;
    const why = `${c.path}.volumeMounts: ${name} at ${asString(asJson(m).mountPath) ?? '?'}`;
    const sources = [v, ...asArray(asJson(v.projected).sources).map(asJson)];
    for (const src of sources) {
      const s = asString(asJson(src.secret).secretName) ?? asString(asJson(src.secret).name);
      if (s && !refs.secrets.has(s)) refs.secrets.set(s, why);
      const cm = asString(asJson(src.configMap).name);
      if (cm && !refs.configMaps.has(cm)) refs.configMaps.set(cm, why);
    }
  }
}

export function addConfigRefEdges(b: GraphBuilder, pod: PodInfo, c: ContainerInfo, volumes: Map<string, Json>): void {
  const refs: Refs = { secrets: new Map(), configMaps: new Map() };
  fromEnv(c, refs);
  fromVolumes(c, volumes, refs);
  for (const [n, why] of refs.secrets) {
    const id = `secret:${pod.namespace}/${n}`;
    b.node({ id, kind: 'secret', name: `Secret ${n}`, namespace: pod.namespace });
    b.edge(c.id, id, why.includes('volumeMounts') ? 'SECRET_MOUNT' : 'ENV_SECRET', `${why} reads Secret ${n}`);
  }
  for (const [n, why] of refs.configMaps) {
    const id = `configmap:${pod.namespace}/${n}`;
    b.node({ id, kind: 'configmap', name: `ConfigMap ${n}`, namespace: pod.namespace });
    b.edge(c.id, id, 'CONFIGMAP_READ', `${why} reads ConfigMap ${n}`);
  }
}
