import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ttyProgress } from './progress-bar.js';

/** A stand-in for process.stderr on a TTY: records what the bar draws. */
function fakeTty(columns = 100): { stream: NodeJS.WriteStream; frames: string[] } {
  const frames: string[] = [];
  const stream = { columns, write: (s: string) => { frames.push(s); return true; } } as unknown as NodeJS.WriteStream;
  return { stream, frames };
}

test('progress: a known total (a download with Content-Length) draws a bar with done/total', () => {
  const { stream, frames } = fakeTty();
  const p = ttyProgress(stream);
  p.start('layers', 2048, 'bytes');
  assert.match(frames.at(-1)!, /layers \[-{20}\] 0 B\/2\.0 KB/);
});

test('progress: an unknown total (a directory walk) shows a running count, never a bar stuck at 0', async () => {
  const { stream, frames } = fakeTty();
  const p = ttyProgress(stream);
  p.start('files', 0, 'files');
  assert.match(frames.at(-1)!, /files 0 files…/);
  await new Promise((r) => setTimeout(r, 120));
  p.advance('files', 1234);
  assert.match(frames.at(-1)!, /files 1234 files…/);
  assert.doesNotMatch(frames.join(''), /\[-+\]/);
  p.done('files');
  assert.equal(frames.at(-1), '\r\x1b[K');
});

test('a download of unknown length shows the bytes received, not a bar against 0', () => {
  const { stream, frames } = fakeTty();
  const p = ttyProgress(stream);
  p.start('download kev', 0, 'bytes');
  p.advance('download kev', 3 * 1024 * 1024);
  p.done('download kev');
  p.start('download osv', 0, 'bytes');
  const text = frames.join('');
  assert.match(text, /download kev 0 B/);
  assert.doesNotMatch(text, /\/0 B|\[-+\]/);
});
