/** The JSON report: the Report envelope as is (docs/report.schema.json), two-space indented. */
import { knownDate, type Report, type VulnerabilityFinding } from '../core/index.js';

/** Drops zero-time placeholder dates (Go's 0001-01-01) a finding may carry from a database built before the importer dropped them. */
function withKnownDates(v: VulnerabilityFinding): VulnerabilityFinding {
  if (v.published === knownDate(v.published) && v.modified === knownDate(v.modified)) return v;
  const { published, modified, ...rest } = v;
  const p = knownDate(published);
  const m = knownDate(modified);
  return { ...rest, ...(p ? { published: p } : {}), ...(m ? { modified: m } : {}) };
}

function envelope(report: Report): Report {
  return report.vulnerabilities.some((v) => v !== withKnownDates(v))
    ? { ...report, vulnerabilities: report.vulnerabilities.map(withKnownDates) } : report;
}

export function writeJson(report: Report): string {
  return `${JSON.stringify(envelope(report), null, 2)}\n`;
}

/**
 * Elements per piece of a streamed array: ~60 KB of text for packages. Below V8's large-object size (128 KB) a
 * piece is an ordinary young-generation string whose memory is reused; 0.5 MB pieces each took fresh pages.
 */
const PIECE = 100;

/**
 * The same text as writeJson, in pieces: a 120k-package report is a 62 MB string, and its UTF-8 copy as
 * much again, which cost more in page faults than in serialising. Each top-level member is serialised by
 * JSON.stringify itself inside a one-member object (so omission of undefined, toJSON and indentation are
 * JSON.stringify's own), and long arrays are serialised PIECE elements at a time the same way.
 */
export function* jsonPieces(report: Report): Generator<string> {
  const doc = envelope(report) as unknown as Record<string, unknown>;
  let first = true;
  yield '{';
  for (const key of Object.keys(doc)) {
    const value = doc[key];
    if (Array.isArray(value) && value.length > PIECE && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
      // `{ "key": [ …elements… ] }` at depth 1: the elements' text depends only on their depth.
      const head = `{\n  ${JSON.stringify(key)}: [\n`;
      const tail = '\n  ]\n}';
      yield `${first ? '\n' : ',\n'}  ${JSON.stringify(key)}: [\n`;
      for (let i = 0; i < value.length; i += PIECE) {
        const s = JSON.stringify({ [key]: value.slice(i, i + PIECE) }, null, 2);
        yield (i ? ',\n' : '') + s.slice(head.length, s.length - tail.length);
      }
      yield '\n  ]';
      first = false;
      continue;
    }
    const s = JSON.stringify({ [key]: value }, null, 2);
    if (s === '{}') continue; // undefined, a function: omitted, as JSON.stringify omits it
    yield (first ? '\n' : ',\n') + s.slice(2, -2);
    first = false;
  }
  yield first ? '}\n' : '\n}\n';
}
