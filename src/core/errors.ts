/** Typed errors: callers branch on `code`, never on message text (sigstore-js model). */

/** Every code the library can raise. The CLI maps each to an exit code in cli/exit-codes.ts. */
export type ErrorCode =
  // user input and sources
  | 'USAGE'
  | 'INPUT_NOT_FOUND'
  | 'INPUT_UNRECOGNIZED'
  | 'IMAGE_NOT_FOUND'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNSUPPORTED_SCHEMA'
  | 'PLATFORM_NOT_FOUND'
  | 'AUTH_FAILED'
  | 'ACCESS_DENIED'
  | 'REGISTRY_UNREACHABLE'
  | 'REGISTRY_ERROR'
  | 'CORRUPT_ARCHIVE'
  | 'CORRUPT_LAYER'
  | 'DIGEST_MISMATCH'
  | 'PATH_TRAVERSAL'
  | 'LIMIT_EXCEEDED'
  | 'MALFORMED_DOCUMENT'
  | 'OUTPUT_NOT_WRITABLE'
  // bulwark server uploads
  | 'UPLOAD_FAILED'
  // vulnerability database
  | 'DB_MISSING'
  | 'DB_SCHEMA_TOO_NEW'
  | 'DB_CORRUPT'
  | 'DB_UPDATE_FAILED'
  // signature trust material (TUF refresh of the Sigstore trusted root)
  | 'TRUST_UPDATE_FAILED'
  // configuration and policy
  | 'CONFIG_INVALID'
  | 'POLICY_INVALID'
  // bugs
  | 'INTERNAL';

export class BulwarkError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BulwarkError';
    this.code = code;
  }
}

export function isBulwarkError(e: unknown): e is BulwarkError {
  return e instanceof BulwarkError;
}
