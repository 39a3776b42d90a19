/**
 * SBOM input: a CycloneDX (1.2-1.7) or SPDX (2.1-2.3) JSON document, bare or wrapped in an in-toto statement /
 * DSSE envelope (cosign attestations), → packages and OS. Skips the layer walk entirely.
 */
import { BulwarkError } from '../../core/index.js';
import { parseCycloneDx } from './cyclonedx.js';
import { isObject } from './json-shape.js';
import { parseSpdx } from './spdx.js';
import type { SbomDocument } from './to-package.js';

export type { SbomDocument } from './to-package.js';

/** DSSE envelope → in-toto statement → predicate; anything else is returned as is. */
function unwrap(doc: Record<string, unknown>): Record<string, unknown> {
  let d = doc;
  if (typeof d.payloadType === 'string' && typeof d.payload === 'string') {
    try {
      const inner: unknown = JSON.parse(Buffer.from(d.payload, 'base64').toString('utf8'));
      if (isObject(inner)) d = inner;
    } catch {
      throw new BulwarkError('MALFORMED_DOCUMENT', 'DSSE envelope payload is not base64 JSON');
    }
  }
  if (typeof d._type === 'string' && d._type.startsWith('https://in-toto.io/Statement') && isObject(d.predicate)) {
    const p = d.predicate;
    // cosign's CycloneDX/SPDX predicates are the document itself (older cosign nests it under `Data`).
    return isObject(p.Data) ? p.Data : p;
  }
  return d;
}

/** Parses SBOM bytes; `label` names the file in error messages. */
export function parseSbom(data: string | Buffer, label: string): SbomDocument {
  const text = (typeof data === 'string' ? data : data.toString('utf8')).replace(/^\uFEFF/, '');
  const head = text.trimStart().slice(0, 512);
  if (head.startsWith('<')) {
    throw new BulwarkError('UNSUPPORTED_SCHEMA', `${label}: XML SBOMs are not supported; use CycloneDX or SPDX JSON`);
  }
  if (/^SPDXVersion:/m.test(head)) {
    throw new BulwarkError('UNSUPPORTED_SCHEMA', `${label}: SPDX tag-value is not supported; use SPDX JSON`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new BulwarkError('MALFORMED_DOCUMENT', `${label}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
  if (!isObject(parsed)) throw new BulwarkError('MALFORMED_DOCUMENT', `${label}: an SBOM must be a JSON object`);
  const doc = unwrap(parsed);
  try {
    if (doc.bomFormat === 'CycloneDX') return parseCycloneDx(doc);
    if (typeof doc.spdxVersion === 'string') return parseSpdx(doc);
  } catch (e) {
    if (e instanceof BulwarkError) throw new BulwarkError(e.code, `${label}: ${e.message}`, { cause: e });
    throw e;
  }
  throw new BulwarkError('MALFORMED_DOCUMENT', `${label}: neither CycloneDX (bomFormat) nor SPDX (spdxVersion) JSON`);
}
