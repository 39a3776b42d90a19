/** The one table mapping library error codes to process exit codes and one-line messages. */
import { type ErrorCode, isBulwarkError } from '../core/index.js';
import { redactText } from '../core/index.js';

/** 0 = ok, 1 = findings at/over the threshold (--exit-code), 2 = usage or input error, 3 = internal bug. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_INPUT = 2;
export const EXIT_INTERNAL = 3;

const EXIT_BY_CODE: Record<ErrorCode, number> = {
  USAGE: EXIT_INPUT,
  INPUT_NOT_FOUND: EXIT_INPUT,
  INPUT_UNRECOGNIZED: EXIT_INPUT,
  IMAGE_NOT_FOUND: EXIT_INPUT,
  UNSUPPORTED_MEDIA_TYPE: EXIT_INPUT,
  UNSUPPORTED_SCHEMA: EXIT_INPUT,
  PLATFORM_NOT_FOUND: EXIT_INPUT,
  AUTH_FAILED: EXIT_INPUT,
  ACCESS_DENIED: EXIT_INPUT,
  REGISTRY_UNREACHABLE: EXIT_INPUT,
  REGISTRY_ERROR: EXIT_INPUT,
  CORRUPT_ARCHIVE: EXIT_INPUT,
  CORRUPT_LAYER: EXIT_INPUT,
  DIGEST_MISMATCH: EXIT_INPUT,
  PATH_TRAVERSAL: EXIT_INPUT,
  LIMIT_EXCEEDED: EXIT_INPUT,
  MALFORMED_DOCUMENT: EXIT_INPUT,
  OUTPUT_NOT_WRITABLE: EXIT_INPUT,
  UPLOAD_FAILED: EXIT_INPUT,
  DB_MISSING: EXIT_INPUT,
  DB_SCHEMA_TOO_NEW: EXIT_INPUT,
  DB_CORRUPT: EXIT_INPUT,
  DB_UPDATE_FAILED: EXIT_INPUT,
  TRUST_UPDATE_FAILED: EXIT_INPUT,
  CONFIG_INVALID: EXIT_INPUT,
  POLICY_INVALID: EXIT_INPUT,
  INTERNAL: EXIT_INTERNAL,
};

/** One line for the user and the exit code; stack traces only with --debug. */
export function describeFailure(err: unknown, debug: boolean): { line: string; exitCode: number } {
  if (isBulwarkError(err)) {
    const detail = debug && err.stack ? `\n${err.stack}` : '';
    return { line: `bulwark: ${redactText(err.message)} [${err.code}]${detail}`, exitCode: EXIT_BY_CODE[err.code] };
  }
  const e = err as { code?: string; message?: string; stack?: string };
  if (e && e.code === 'commander.helpDisplayed') return { line: '', exitCode: EXIT_OK };
  const msg = redactText(e?.message ?? String(err));
  return { line: `bulwark: internal error: ${msg}${debug && e?.stack ? `\n${e.stack}` : ' (run with --debug for details)'}`, exitCode: EXIT_INTERNAL };
}
