/** `--server URL` on scan commands: after the report is written, POST it to a Bulwark server. */
import type { Command } from 'commander';
import { BulwarkError, redactText, type Report } from '../core/index.js';
import type { CliContext } from './context.js';

export interface ServerUploadOptions { server?: string; serverToken?: string; clusterName?: string }

export function addServerOptions(cmd: Command, opts: { cluster?: boolean } = {}): Command {
  cmd.option('--server <url>', 'also upload the report to this Bulwark server (e.g. https://bulwark.example.com)')
    .option('--server-token <token>', 'token with scope "scan" for --server (prefer BULWARK_SERVER_TOKEN)');
  if (opts.cluster) cmd.option('--cluster-name <name>', 'cluster name the server files the posture snapshot under', 'default');
  return cmd;
}

/** Checked before the scan starts: a bad URL or a missing token should not cost a scan. */
export function checkServerOptions(o: ServerUploadOptions): void {
  if (!o.server) return;
  let u: URL;
  try { u = new URL(o.server); } catch { throw new BulwarkError('USAGE', `--server: not a URL: ${redactText(o.server)}`); }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new BulwarkError('USAGE', '--server: use an http(s) URL');
  if (!o.serverToken) throw new BulwarkError('USAGE', '--server needs a token: --server-token or BULWARK_SERVER_TOKEN');
}

export async function uploadReport(report: Report, o: ServerUploadOptions, ctx: CliContext): Promise<void> {
  if (!o.server) return;
  const base = o.server.replace(/\/+$/, '');
  const path = report.target.type === 'kubernetes' ? `/api/clusters/${encodeURIComponent(o.clusterName ?? 'default')}/snapshots` : '/api/reports';
  let res: Response;
  try {
    res = await fetch(base + path, {
      method: 'POST', body: JSON.stringify(report),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${o.serverToken ?? ''}` },
      signal: AbortSignal.timeout(120_000),
    });
  } catch (e) {
    throw new BulwarkError('UPLOAD_FAILED', `upload to ${redactText(base)} failed: ${(e as Error).message}`, { cause: e });
  }
  const text = await res.text();
  if (!res.ok) {
    let msg = text.slice(0, 300);
    try { msg = (JSON.parse(text) as { message?: string }).message ?? msg; } catch { /* not JSON */ }
    throw new BulwarkError('UPLOAD_FAILED', `upload to ${redactText(base)} refused: HTTP ${res.status}: ${redactText(msg)}`);
  }
  const body = JSON.parse(text) as { imageId?: string; id?: string };
  ctx.logger.info(`uploaded to ${redactText(base)}${body.imageId ? ` as ${body.imageId}` : body.id ? ` (snapshot ${body.id})` : ''}`);
}
