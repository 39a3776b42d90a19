/**
 * Feeds a blob response into `sink`, resuming with `Range: bytes=<n>-` when the connection drops
 * mid-body and the server advertised `Accept-Ranges: bytes` — large layers survive a flaky link without
 * starting over. Backpressure is kept by pausing the response while the sink is full.
 */
import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';
import { isAbortError } from './errors.js';
import { sleep } from './retry.js';

export interface ResumeOptions {
  /** Opens the blob again from `offset` (resolves only with a 206 response). */
  reopen: (offset: number) => Promise<IncomingMessage>;
  maxResumes: number;
  delayMs: (resume: number) => number;
  signal?: AbortSignal;
  /** Turns a low-level stream error into the error the consumer sees. */
  wrap: (e: unknown) => Error;
}

const DROPPED = () => Object.assign(new Error('connection closed before the blob ended'), { code: 'ECONNRESET' });

function canResume(res: IncomingMessage): boolean {
  return /\bbytes\b/i.test(String(res.headers['accept-ranges'] ?? '')) || res.statusCode === 206;
}

export function pumpBlob(first: IncomingMessage, sink: Writable, o: ResumeOptions): void {
  let received = 0;
  let resumes = 0;
  let current = first;
  const rangeable = canResume(first);
  sink.on('close', () => current.destroy());

  const attach = (res: IncomingMessage): void => {
    current = res;
    let failed = false;
    const fail = (e: unknown) => {
      if (failed || sink.destroyed) return;
      failed = true;
      res.destroy();
      if (isAbortError(e) || !rangeable || resumes >= o.maxResumes) {
        sink.destroy(isAbortError(e) ? (e as Error) : o.wrap(e));
        return;
      }
      const delay = o.delayMs(resumes++);
      sleep(delay, o.signal).then(() => o.reopen(received)).then(attach, (err: unknown) => sink.destroy(isAbortError(err) ? (err as Error) : o.wrap(err)));
    };
    res.on('data', (c: Buffer) => {
      received += c.length;
      if (!sink.write(c)) {
        res.pause();
        sink.once('drain', () => res.resume());
      }
    });
    res.on('end', () => { if (res.complete) sink.end(); else fail(DROPPED()); });
    res.on('aborted', () => fail(DROPPED()));
    res.on('error', fail);
  };
  attach(first);
}
