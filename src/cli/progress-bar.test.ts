import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ttyProgress } from './progress-bar.js';

function fakeTty(): { stream: NodeJS.WriteStream; text: () => string } {
  let out = '';
  const stream = { columns: 120, write: (s: string) => { out += s; return true; } } as unknown as NodeJS.WriteStream;
  return { stream, text: () => out };
}

test('a download of unknown length shows the bytes received, not a bar against 0', () => {
  const { stream, text } = fakeTty();
  const p = ttyProgress(stream);
  p.start('download kev', 0, 'bytes');
  p.advance('download kev', 3 * 1024 * 1024);
  p.done('download kev');
  p.start('download osv', 0, 'bytes');
  assert.match(text(), /download kev 0 B/);
  assert.doesNotMatch(text(), /\/0 B|\[-+\]/);
});

test('a download of known length shows a bar and the total', () => {
  const { stream, text } = fakeTty();
  const p = ttyProgress(stream);
  p.start('download kev', 2048, 'bytes');
  assert.match(text(), /download kev \[-{20}\] 0 B\/2\.0 KB/);
});
