/**
 * The text inside binary content, as `strings` sees it: runs of at least `minRun` printable ASCII
 * bytes (and tabs) are kept in place, every other byte becomes a line feed. The output has the input's
 * length, so offsets stay valid and a run cut by a chunk boundary is rebuilt from the raw bytes.
 */

/** gitleaks and `strings -n 8`: shorter runs are noise in machine code, and no credential is shorter. */
const MIN_TEXT_RUN = 8;

const PRINTABLE = new Uint8Array(256);
for (let b = 0x20; b < 0x7f; b++) PRINTABLE[b] = 1;
PRINTABLE[9] = 1;

export function textRuns(src: Uint8Array, dst: Uint8Array, minRun = MIN_TEXT_RUN): void {
  let run = 0;
  const n = src.length;
  for (let i = 0; i < n; i++) {
    const b = src[i];
    if (PRINTABLE[b] === 1) {
      dst[i] = b;
      run++;
      continue;
    }
    // Short runs are overwritten in place: machine code has one every few bytes, and a
    // `fill` call per run cost more than the whole loop.
    if (run > 0 && run < minRun) for (let k = i - run; k < i; k++) dst[k] = 10;
    run = 0;
    dst[i] = 10;
  }
  if (run > 0 && run < minRun) for (let k = n - run; k < n; k++) dst[k] = 10;
}

/** True when every byte is zero (sparse holes, zero-filled files): such a chunk holds no text. */
export function allZero(buf: Uint8Array): boolean {
  // memcmp against a zero page beats a JS loop by an order of magnitude.
  for (let off = 0; off < buf.length; off += ZERO.length) {
    const len = Math.min(ZERO.length, buf.length - off);
    if (Buffer.compare(Buffer.from(buf.buffer, buf.byteOffset + off, len), ZERO.subarray(0, len)) !== 0) return false;
  }
  return true;
}

const ZERO = Buffer.alloc(64 * 1024);
