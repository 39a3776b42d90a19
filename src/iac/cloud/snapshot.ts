/**
 * Every read a cloud collector makes goes through one `call(service, operation, input, region)`.
 * Live: the provider's SDK answers (and `--snapshot DIR` writes each answer to a file). Replay
 * (`--from-snapshot DIR`): the file answers and the SDK is never loaded. The collectors are the same code
 * in both modes, so a snapshot exercises the collector's paging, follow-up calls and error handling.
 *
 * Layout (docs/cloud.md): DIR/snapshot.json (provider, scope, time) and one file per call,
 * DIR/calls/<service>/<Operation>/<key>.json = { service, operation, region?, input, output } or
 * { …, error: { name, message, status? } }. `output` is the SDK's response object as documented
 * (without `$metadata`; dates as ISO strings).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BulwarkError } from '../../core/index.js';

export type CloudProvider = 'aws' | 'gcp' | 'azure' | 'digitalocean';
const CLOUD_PROVIDERS: readonly CloudProvider[] = ['aws', 'gcp', 'azure', 'digitalocean'];

/** Why a read gave no answer: decides whether the resource counts as absent or as unknown. */
type CallErrorKind = 'denied' | 'not-found' | 'not-in-snapshot' | 'other';

export interface CallError {
  name: string;
  message: string;
  status?: number;
  kind: CallErrorKind;
}

export type Outcome<T> = { ok: true; output: T } | { ok: false; error: CallError };

export type Input = Record<string, unknown>;

/** One read: the collectors' only way to reach a provider. */
export type Caller = <T>(service: string, operation: string, input: Input, region?: string) => Promise<Outcome<T>>;

/** What a live backend does for one call; it throws the SDK's error, classified by `classify`. */
export type LiveSend = (service: string, operation: string, input: Input, region?: string) => Promise<unknown>;

interface SnapshotManifest {
  schemaVersion: 1;
  provider: CloudProvider;
  recordedAt: string;
  /** Account / project / subscription / team the snapshot covers, and the regions read. */
  scope: Record<string, string | string[]>;
  calls: number;
}

interface CallFile {
  service: string;
  operation: string;
  region?: string;
  input: Input;
  output?: unknown;
  error?: Omit<CallError, 'kind'> & { kind?: CallErrorKind };
}

/** A file name from the input: readable (region, names) and stable; the file itself holds the exact input. */
export function callKey(input: Input, region?: string): string {
  const parts = [region, ...Object.keys(input).sort().map((k) => scalar(input[k]))].filter((p): p is string => Boolean(p));
  const key = parts.join('__').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 180);
  return key || '_';
}

function scalar(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

const callPath = (dir: string, service: string, operation: string, input: Input, region?: string): string =>
  join(dir, 'calls', service, operation, `${callKey(input, region)}.json`);

/** Dates become ISO strings and SDK bookkeeping (`$metadata`, `$response`) is dropped, so a snapshot is plain JSON. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (k, v: unknown) => (k === '$metadata' || k === '$response' ? undefined : v)) ?? 'null');
}

/** The SDK error families of the four providers, reduced to what the checks need to know. */
function classify(err: unknown): CallError {
  const e = err as { name?: string; code?: string | number; message?: string; statusCode?: number; status?: number; $metadata?: { httpStatusCode?: number }; responseStatusCode?: number };
  const status = e?.$metadata?.httpStatusCode ?? e?.statusCode ?? e?.responseStatusCode ?? (typeof e?.status === 'number' ? e.status : undefined)
    ?? grpcStatus(e?.code);
  const name = String(e?.name && e.name !== 'Error' ? e.name : e?.code ?? 'Error');
  const message = String(e?.message ?? err).split('\n')[0].slice(0, 300);
  const kind: CallErrorKind = status === 401 || status === 403 || /AccessDenied|Unauthori[sz]ed|Forbidden|PERMISSION_DENIED|AuthorizationFailed/i.test(name)
    ? 'denied'
    : status === 404 || /NotFound/i.test(name) ? 'not-found' : 'other';
  return { name, message, ...(status !== undefined ? { status } : {}), kind };
}

/** gRPC status codes (GCP's SDK) → the HTTP status they map to. */
function grpcStatus(code: unknown): number | undefined {
  if (typeof code !== 'number') return undefined;
  return ({ 5: 404, 7: 403, 16: 401 } as Record<number, number>)[code];
}

/** Live reads, optionally recorded. */
export function liveCaller(send: LiveSend, record?: { dir: string; counter: { calls: number } }): Caller {
  return async <T>(service: string, operation: string, input: Input, region?: string): Promise<Outcome<T>> => {
    let file: CallFile;
    let result: Outcome<T>;
    try {
      const output = plain(await send(service, operation, input, region)) as T;
      result = { ok: true, output };
      file = { service, operation, ...(region ? { region } : {}), input, output };
    } catch (err) {
      if (err instanceof BulwarkError) throw err;
      const error = classify(err);
      result = { ok: false, error };
      file = { service, operation, ...(region ? { region } : {}), input, error };
    }
    if (record) {
      const path = callPath(record.dir, service, operation, input, region);
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, `${JSON.stringify(file, null, 2)}\n`);
      record.counter.calls++;
    }
    return result;
  };
}

/** Offline reads from a snapshot directory. A call that was never recorded is "unknown", never "absent". */
export function replayCaller(dir: string): Caller {
  return async <T>(service: string, operation: string, input: Input, region?: string): Promise<Outcome<T>> => {
    const path = callPath(dir, service, operation, input, region);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return { ok: false, error: { name: 'NotInSnapshot', message: `${service}:${operation} ${callKey(input, region)} was not recorded`, kind: 'not-in-snapshot' } };
    }
    let file: CallFile;
    try {
      file = JSON.parse(text) as CallFile;
    } catch (e) {
      throw new BulwarkError('MALFORMED_DOCUMENT', `${path}: not JSON (${(e as Error).message})`);
    }
    if (file.error) {
      const kind = file.error.kind ?? classify({ name: file.error.name, message: file.error.message, statusCode: file.error.status }).kind;
      return { ok: false, error: { name: file.error.name, message: file.error.message, ...(file.error.status ? { status: file.error.status } : {}), kind } };
    }
    if (!('output' in file)) throw new BulwarkError('MALFORMED_DOCUMENT', `${path}: neither "output" nor "error"`);
    return { ok: true, output: file.output as T };
  };
}

export async function readManifest(dir: string): Promise<SnapshotManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, 'snapshot.json'), 'utf8');
  } catch {
    throw new BulwarkError('INPUT_NOT_FOUND', `${dir}: not a Bulwark cloud snapshot (no snapshot.json)`);
  }
  let m: SnapshotManifest;
  try {
    m = JSON.parse(text) as SnapshotManifest;
  } catch (e) {
    throw new BulwarkError('MALFORMED_DOCUMENT', `${join(dir, 'snapshot.json')}: not JSON (${(e as Error).message})`);
  }
  if (m.schemaVersion !== 1) throw new BulwarkError('UNSUPPORTED_SCHEMA', `${dir}: snapshot schemaVersion ${String(m.schemaVersion)} (this Bulwark reads 1)`);
  if (!CLOUD_PROVIDERS.includes(m.provider)) throw new BulwarkError('MALFORMED_DOCUMENT', `${dir}: unknown provider ${String(m.provider)}`);
  return m;
}

export async function writeManifest(dir: string, m: SnapshotManifest): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'snapshot.json'), `${JSON.stringify(m, null, 2)}\n`);
}
