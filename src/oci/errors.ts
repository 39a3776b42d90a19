/** HTTP and network failures → BulwarkError codes, with one-line messages that name registry and repo. */
import { BulwarkError, redactText } from '../core/index.js';

export interface ErrorContext {
  registry: string;
  repository?: string;
  /** What was being fetched (`manifest latest`, `blob sha256:…`). */
  what: string;
}

export function where(ctx: ErrorContext): string {
  return ctx.repository ? `${ctx.registry}/${ctx.repository}` : ctx.registry;
}

/** First error of a distribution-spec error body (`{"errors":[{"code","message"}]}`), one line, ≤200 chars. */
export function errorDetail(body: Buffer | undefined): string {
  if (!body || body.length === 0) return '';
  let text = '';
  try {
    const doc = JSON.parse(body.toString('utf8')) as { errors?: Array<{ code?: string; message?: string }> };
    const e = doc.errors?.[0];
    if (e) text = [e.code, e.message].filter(Boolean).join(': ');
  } catch {
    text = body.toString('utf8');
  }
  text = redactText(text.replace(/\s+/g, ' ').trim());
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export function statusError(status: number, ctx: ErrorContext, body?: Buffer, hint = ''): BulwarkError {
  const detail = errorDetail(body);
  const tail = `${detail ? ` (${detail})` : ''}${hint ? `; ${hint}` : ''}`;
  const w = where(ctx);
  if (status === 401) return new BulwarkError('AUTH_FAILED', `${w}: authentication failed for ${ctx.what}${tail}`);
  if (status === 403) return new BulwarkError('ACCESS_DENIED', `${w}: access denied to ${ctx.what}${tail}`);
  if (status === 404) return new BulwarkError('IMAGE_NOT_FOUND', `${w}: ${ctx.what} not found${tail}`);
  return new BulwarkError('REGISTRY_ERROR', `${w}: registry answered HTTP ${status} for ${ctx.what}${tail}`);
}

/** Certificate verification failures (self-signed, unknown CA, wrong name, expired). */
export function isTlsCertError(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code);
}

/** A network-level failure (refused, unknown host, reset, timeout, bad certificate) after retries. */
export function networkError(e: unknown, ctx: ErrorContext): BulwarkError {
  const code = (e as { code?: unknown })?.code;
  const msg = redactText(String((e as Error)?.message ?? e).replace(/\s+/g, ' '));
  const reason = typeof code === 'string' ? `${code}${msg.includes(code) ? '' : ` ${msg}`}` : msg;
  const hint = isTlsCertError(e) ? ' (TLS certificate not trusted; --insecure skips verification for this registry)' : '';
  return new BulwarkError('REGISTRY_UNREACHABLE', `${where(ctx)}: cannot reach registry for ${ctx.what}: ${reason}${hint}`, { cause: e });
}

export function isAbortError(e: unknown): boolean {
  return (e as { name?: unknown })?.name === 'AbortError';
}
