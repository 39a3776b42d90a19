/** A UUID derived from the report's identity, so the same report always yields the same document ids. */
import { createHash } from 'node:crypto';
import type { Report } from '../core/index.js';

/** RFC 4122 layout (version 5 nibble, RFC variant) over SHA-256 of target, time and image config digest. */
export function reportUuid(report: Report): string {
  const h = createHash('sha256')
    .update(`${report.target.type}\0${report.target.name}\0${report.createdAt}\0${report.target.image?.configDigest ?? ''}`)
    .digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
