/**
 * Cloud Run services → google.cloudRun: Terraform `google_cloud_run_service` (v1, Knative-shaped: annotations),
 * `google_cloud_run_v2_service` (first-class fields), their `_iam_member`/`_iam_binding` grants, and Knative
 * `serving.knative.dev/v1` Service YAML (`gcloud run services describe --format export`). Defaults are Cloud Run's:
 * ingress `all`, the Compute Engine default service account, no Binary Authorization, Google-managed keys.
 */
import type { EnvVar } from '../model/meta.js';
import { objectNode, type Node, type ObjectNode, type RawResource } from '../model/node.js';
import { at, bool, num, objects, str, strList } from '../model/read.js';
import type { State } from '../model/state.js';
import { known, unknown, type Loc, type Val } from '../model/value.js';
import { metaOf, setValue } from './cloud/aws.js';
import { refAt } from './cloud/refs.js';

const V2_INGRESS: Record<string, string> = {
  INGRESS_TRAFFIC_ALL: 'all', INGRESS_TRAFFIC_INTERNAL_ONLY: 'internal', INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER: 'internal-and-cloud-load-balancing',
};

/** An annotation (keys contain dots and slashes, so not a `read.ts` path). */
function annotation(b: Node, path: string, key: string): Val<string | undefined> {
  const anns = at(b, path);
  if (!anns) return known(undefined, b.loc, false);
  if (anns.kind === 'unknown') return unknown(anns.loc, anns.reason);
  if (anns.kind !== 'object') return known(undefined, anns.loc, false);
  const v = anns.fields.get(key);
  if (!v) return known(undefined, anns.loc, false);
  return str(objectNode(anns.loc, new Map([['v', v]])), 'v');
}

interface Keys { env: string; valueFrom: string[]; runAsUser: string; privileged: string }

function containers(b: Node, path: string): { list: ObjectNode[]; unknown: boolean } {
  const n = at(b, path);
  return { list: objects(b, path), unknown: n?.kind === 'unknown' };
}

function container(c: ObjectNode, k: Keys) {
  const environment: EnvVar[] = objects(c, k.env).flatMap((e) => {
    const name = str(e, 'name');
    if (!name.known || !name.value || k.valueFrom.some((f) => at(e, f) !== undefined)) return [];
    return [{ name: name.value, value: str(e, 'value'), loc: e.loc }];
  });
  return {
    loc: c.loc, image: str(c, 'image'), environment,
    privileged: bool(c, k.privileged, false), runAsUser: num(c, k.runAsUser),
  };
}

function push(r: RawResource, s: State, v: {
  ingress: Val<string>; serviceAccount: Val<string | undefined>; binaryAuthorization: Val<boolean>; encryptionKey: Val<string | undefined>;
  containersAt: string; keys: Keys;
}): void {
  const cs = containers(r.body, v.containersAt);
  s.google.cloudRun.services.push({
    meta: metaOf(r), name: str(r.body, r.source === 'cloud-run' ? 'metadata.name' : 'name'), ingress: v.ingress,
    serviceAccount: v.serviceAccount, binaryAuthorization: v.binaryAuthorization, encryptionKey: v.encryptionKey,
    containers: cs.list.map((c) => container(c, v.keys)), containersUnknown: cs.unknown,
  });
}

const isSet = (v: Val<string | undefined>, loc: Loc): Val<boolean> => (v.known ? known(v.value !== undefined && v.value !== '', v.value === undefined ? loc : v.loc, v.explicit) : v);

/** Knative YAML and Terraform v1 share the shape: annotations on `metadata`, containers under `template.spec`. */
function knativeShaped(r: RawResource, s: State, yaml: boolean): void {
  const b = r.body;
  const spec = yaml ? 'spec.template.spec' : 'template.spec';
  const tplMeta = yaml ? 'spec.template.metadata.annotations' : 'template.metadata.annotations';
  const ingress = annotation(b, 'metadata.annotations', 'run.googleapis.com/ingress');
  push(r, s, {
    ingress: ingress.known ? known(ingress.value ?? 'all', ingress.loc, ingress.explicit) : ingress,
    serviceAccount: str(b, `${spec}.${yaml ? 'serviceAccountName' : 'service_account_name'}`),
    binaryAuthorization: isSet(annotation(b, 'metadata.annotations', 'run.googleapis.com/binary-authorization'), b.loc),
    encryptionKey: annotation(b, tplMeta, 'run.googleapis.com/encryption-key'),
    containersAt: `${spec}.containers`,
    keys: yaml
      ? { env: 'env', valueFrom: ['valueFrom'], runAsUser: 'securityContext.runAsUser', privileged: 'securityContext.privileged' }
      : { env: 'env', valueFrom: ['value_from'], runAsUser: 'security_context.run_as_user', privileged: 'security_context.privileged' },
  });
}

function cloudRunV2(r: RawResource, s: State): void {
  const b = r.body;
  const ingress = str(b, 'ingress', 'INGRESS_TRAFFIC_ALL');
  const binAuth = at(b, 'binary_authorization');
  const useDefault = bool(b, 'binary_authorization.use_default', false);
  const policy = str(b, 'binary_authorization.policy');
  push(r, s, {
    ingress: ingress.known ? { ...ingress, value: V2_INGRESS[ingress.value] ?? ingress.value } : ingress,
    serviceAccount: str(b, 'template.service_account'),
    binaryAuthorization: !binAuth ? known(false, b.loc, false)
      : !useDefault.known ? useDefault : useDefault.value ? useDefault : isSet(policy, binAuth.loc),
    encryptionKey: setValue(b, 'template.encryption_key'),
    containersAt: 'template.containers',
    keys: { env: 'env', valueFrom: ['value_source'], runAsUser: '__none__', privileged: '__none__' },
  });
}

function cloudRunIam(kind: 'member' | 'binding', serviceKey: string) {
  return (r: RawResource, s: State): void => {
    const b = r.body;
    const ref = refAt(b, serviceKey, r.address);
    const service = str(b, serviceKey);
    s.google.cloudRun.iam.push({
      meta: metaOf(r), resource: ref ? known(ref, service.loc) : service, role: str(b, 'role'),
      members: strList(b, kind === 'member' ? 'member' : 'members'),
    });
  };
}

/** A Knative Service document read by `load/documents.ts`. */
export function cloudRunYaml(r: RawResource, s: State): void {
  knativeShaped(r, s, true);
}

export const CLOUD_RUN_ADAPTERS: Record<string, (r: RawResource, s: State) => void> = {
  google_cloud_run_service: (r, s) => knativeShaped(r, s, false),
  google_cloud_run_v2_service: cloudRunV2,
  google_cloud_run_service_iam_member: cloudRunIam('member', 'service'),
  google_cloud_run_service_iam_binding: cloudRunIam('binding', 'service'),
  google_cloud_run_v2_service_iam_member: cloudRunIam('member', 'name'),
  google_cloud_run_v2_service_iam_binding: cloudRunIam('binding', 'name'),
};
