/** admission.k8s.io/v1 AdmissionReview in and out: strict parsing (a malformed review is a 400, never a crash). */

interface GroupVersionKind { group: string; version: string; kind: string }
interface GroupVersionResource { group: string; version: string; resource: string }

type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface AdmissionRequest {
  uid: string;
  kind: GroupVersionKind;
  resource: GroupVersionResource;
  subResource?: string;
  name?: string;
  namespace?: string;
  operation: Operation;
  userInfo: { username?: string; uid?: string; groups?: string[] };
  object?: Record<string, unknown> | null;
  oldObject?: Record<string, unknown> | null;
  dryRun?: boolean;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { status?: string; code: number; reason?: string; message: string };
  warnings?: string[];
  auditAnnotations?: Record<string, string>;
  patchType?: 'JSONPatch';
  /** base64 of the JSONPatch document. */
  patch?: string;
}

/** A request the server cannot read: answered with HTTP 400 and this message. */
export class ReviewError extends Error {}

const OPERATIONS = new Set(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, what: string, required = true): string | undefined {
  if (v === undefined || v === null) {
    if (required) throw new ReviewError(`${what} is missing`);
    return undefined;
  }
  if (typeof v !== 'string') throw new ReviewError(`${what} must be a string`);
  return v;
}

function gvk(v: unknown): GroupVersionKind {
  if (!isObj(v)) throw new ReviewError('request.kind must be an object with group, version and kind');
  return { group: str(v.group, 'request.kind.group', false) ?? '', version: str(v.version, 'request.kind.version')!, kind: str(v.kind, 'request.kind.kind')! };
}

function gvr(v: unknown): GroupVersionResource {
  if (!isObj(v)) throw new ReviewError('request.resource must be an object with group, version and resource');
  return { group: str(v.group, 'request.resource.group', false) ?? '', version: str(v.version, 'request.resource.version')!, resource: str(v.resource, 'request.resource.resource')! };
}

function optObject(v: unknown, what: string): Record<string, unknown> | null | undefined {
  if (v === undefined || v === null) return v;
  if (!isObj(v)) throw new ReviewError(`${what} must be an object`);
  return v;
}

/** Parses the body of a POST; throws ReviewError with a one-line reason. */
export function parseReview(body: Buffer | string): AdmissionRequest {
  let doc: unknown;
  try {
    doc = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch (e) {
    throw new ReviewError(`body is not JSON: ${(e as Error).message}`);
  }
  if (!isObj(doc)) throw new ReviewError('body must be a JSON object (an AdmissionReview)');
  if (doc.kind !== 'AdmissionReview') throw new ReviewError(`kind must be AdmissionReview, got ${JSON.stringify(doc.kind ?? null)}`);
  if (doc.apiVersion !== 'admission.k8s.io/v1') {
    throw new ReviewError(`apiVersion must be admission.k8s.io/v1, got ${JSON.stringify(doc.apiVersion ?? null)} (set admissionReviewVersions: [v1])`);
  }
  const r = doc.request;
  if (!isObj(r)) throw new ReviewError('request is missing');
  return parseRequest(r);
}

function parseRequest(r: Record<string, unknown>): AdmissionRequest {
  const uid = str(r.uid, 'request.uid')!;
  if (!uid) throw new ReviewError('request.uid is empty');
  const operation = str(r.operation, 'request.operation')!;
  if (!OPERATIONS.has(operation)) throw new ReviewError(`request.operation must be CREATE, UPDATE, DELETE or CONNECT, got ${JSON.stringify(operation)}`);
  const userInfo = r.userInfo === undefined ? {} : r.userInfo;
  if (!isObj(userInfo)) throw new ReviewError('request.userInfo must be an object');
  const groups = userInfo.groups;
  if (groups !== undefined && (!Array.isArray(groups) || groups.some((g) => typeof g !== 'string'))) throw new ReviewError('request.userInfo.groups must be a list of strings');
  if (r.dryRun !== undefined && typeof r.dryRun !== 'boolean') throw new ReviewError('request.dryRun must be a boolean');
  // Assignments, not spreads of conditional literals: this runs for every review.
  const user: AdmissionRequest['userInfo'] = {};
  if (typeof userInfo.username === 'string') user.username = userInfo.username;
  if (typeof userInfo.uid === 'string') user.uid = userInfo.uid;
  if (groups) user.groups = groups as string[];
  const req: AdmissionRequest = {
    uid,
    kind: gvk(r.kind),
    resource: gvr(r.resource),
    operation: operation as Operation,
    userInfo: user,
    object: optObject(r.object, 'request.object'),
    oldObject: optObject(r.oldObject, 'request.oldObject'),
  };
  const sub = str(r.subResource, 'request.subResource', false);
  if (sub) req.subResource = sub;
  const name = str(r.name, 'request.name', false);
  if (name) req.name = name;
  const ns = str(r.namespace, 'request.namespace', false);
  if (ns) req.namespace = ns;
  if (r.dryRun === true) req.dryRun = true;
  if ((operation === 'CREATE' || operation === 'UPDATE') && !req.object) throw new ReviewError(`request.object is missing for ${operation}`);
  if (operation === 'UPDATE' && !req.oldObject) throw new ReviewError('request.oldObject is missing for UPDATE');
  return req;
}

export function reviewOf(response: AdmissionResponse): { apiVersion: string; kind: string; response: AdmissionResponse } {
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response };
}
