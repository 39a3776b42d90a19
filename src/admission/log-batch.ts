/**
 * The decision log's writer: lines are collected and written together every `ms` (or once `maxBytes` are
 * waiting), so thousands of decisions a second cost tens of writes, not thousands. Nothing is dropped: `flush()`
 * writes what is waiting (the server calls it when it stops; stdout writers also flush on process exit).
 */
export interface LineBatcher {
  log(line: string): void;
  flush(): void;
}

export function lineBatcher(write: (text: string) => void, ms = 20, maxBytes = 64 * 1024): LineBatcher {
  let buf: string[] = [];
  let bytes = 0;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!buf.length) return;
    const text = buf.join('');
    buf = [];
    bytes = 0;
    write(text);
  };
  return {
    log(line) {
      buf.push(`${line}\n`);
      bytes += line.length + 1;
      if (bytes >= maxBytes) flush();
      // unref: a waiting batch never keeps the process alive; close() and process exit flush it.
      else if (!timer) timer = setTimeout(flush, ms).unref();
    },
    flush,
  };
}

/**
 * The decision line: `{"time", ["worker",] "level":"info", "msg":"decision", …record, "latencyMs"}` — the same text as
 * JSON.stringify of that merged object, built around one JSON.stringify of the record (no merged copy per review).
 */
export function decisionLine(worker?: number): (rec: object, latencyMs: number, now?: Date) => string {
  const head = worker === undefined ? '","level":"info","msg":"decision",' : `","worker":${worker},"level":"info","msg":"decision",`;
  return (rec, latencyMs, now) => {
    const body = JSON.stringify(rec).slice(1, -1);
    return `{"time":"${now ? now.toISOString() : isoNow()}${head}${body}${body ? ',' : ''}"latencyMs":${JSON.stringify(latencyMs)}}`;
  };
}

let lastMs = Number.NaN;
let lastIso = '';

/**
 * `new Date().toISOString()`, formatted once per millisecond: the clock is read as Date.now() (what `new Date()`
 * reads), and the lines of one millisecond share its text (formatting it was a fifth of the line's cost).
 */
function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastIso;
}
