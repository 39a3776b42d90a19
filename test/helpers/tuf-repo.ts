/**
 * A real TUF repository (root, timestamp, snapshot, targets, each signed with an ECDSA P-256 key by
 * @tufjs/models, the metadata model tuf-js itself uses) served over HTTP on 127.0.0.1, as a private
 * Sigstore deployment's TUF mirror is. Tests point `--tuf-mirror-url` and `--tuf-root-path` at it, so the
 * whole TUF client (@sigstore/tuf → tuf-js) runs for real: signatures, expiry, versions, target hashes.
 */
import http from 'node:http';
import { createHash, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Key, Metadata, MetaFile, Root, Signature, Snapshot, TargetFile, Targets, Timestamp } from '@tufjs/models';

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

class Signer {
  readonly key: Key;
  private readonly privateKey: KeyObject;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = privateKey;
    const meta = { keyType: 'ecdsa-sha2-nistp256', scheme: 'ecdsa-sha2-nistp256', keyVal: { public: publicKey.export({ format: 'pem', type: 'spki' }).toString() } };
    this.key = new Key({ keyID: sha256(JSON.stringify(meta)), ...meta });
  }

  sign(data: Buffer): Signature {
    return new Signature({ keyID: this.key.keyID, sig: createSign('sha256').update(data).sign(this.privateKey).toString('hex') });
  }
}

export interface TufRepoOptions {
  /** Expiry of timestamp.json (default a year ahead): a past date makes the client refuse the refresh. */
  timestampExpires?: Date;
  /** Served in place of the target named here (its recorded length and hash stay those of the real one). */
  substitute?: { name: string; content: Buffer };
}

export interface TufRepo {
  url: string;
  /** root.json (version 1), the bytes a client is given with --tuf-root-path. */
  rootJson: Buffer;
  /** Paths requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

const inAYear = (): string => new Date(Date.now() + 365 * 24 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Builds a one-key repository holding `targets` and serves it; consistent snapshots off, as sigstore's mock is. */
export async function startTufRepo(targets: Record<string, Buffer>, opts: TufRepoOptions = {}): Promise<TufRepo> {
  const signer = new Signer();
  const sign = <T extends Root | Targets | Snapshot | Timestamp>(m: Metadata<T>): Buffer => {
    m.sign((data) => signer.sign(data));
    return Buffer.from(JSON.stringify(m));
  };
  const targetsMeta = new Metadata(new Targets({ version: 1, specVersion: '1.0.0', expires: inAYear() }));
  for (const [name, content] of Object.entries(targets)) {
    targetsMeta.signed.addTarget(new TargetFile({ path: name, length: content.length, hashes: { sha256: sha256(content) } }));
  }
  const targetsJson = sign(targetsMeta);
  const snapshotJson = sign(new Metadata(new Snapshot({
    version: 1, specVersion: '1.0.0', expires: inAYear(),
    meta: { 'targets.json': new MetaFile({ version: 1, length: targetsJson.length, hashes: { sha256: sha256(targetsJson) } }) },
  })));
  const timestampJson = sign(new Metadata(new Timestamp({
    version: 1, specVersion: '1.0.0', expires: opts.timestampExpires ? iso(opts.timestampExpires) : inAYear(),
    snapshotMeta: new MetaFile({ version: 1, length: snapshotJson.length, hashes: { sha256: sha256(snapshotJson) } }),
  })));
  const root = new Metadata(new Root({ version: 1, specVersion: '1.0.0', expires: inAYear(), consistentSnapshot: false }));
  for (const role of ['root', 'snapshot', 'targets', 'timestamp']) root.signed.addKey(signer.key, role);
  const rootJson = sign(root);

  const files = new Map<string, Buffer>([
    ['/1.root.json', rootJson], ['/timestamp.json', timestampJson], ['/snapshot.json', snapshotJson], ['/targets.json', targetsJson],
  ]);
  for (const [name, content] of Object.entries(targets)) {
    files.set(`/targets/${name}`, opts.substitute?.name === name ? opts.substitute.content : content);
  }
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push(path);
    const body = files.get(path);
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, rootJson, requests,
    close: () => new Promise<void>((res) => { server.closeAllConnections(); server.close(() => res()); }),
  };
}
