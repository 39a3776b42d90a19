import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { isBulwarkError } from '../../core/index.js';
import { elfReadAddr, elfSection, findElfSection, isElf, parseElf } from './elf.js';
import { openFileSource } from './file-source.js';

const bin = process.execPath;
const hasReadelf = spawnSync('readelf', ['--version']).status === 0;

test('parseElf: section names, offsets and sizes equal readelf -S on the node binary', { skip: !hasReadelf || !existsSync(bin) }, () => {
  const buf = readFileSync(bin);
  const elf = parseElf(buf);
  const text = spawnSync('readelf', ['-SW', bin], { encoding: 'utf8', maxBuffer: 8 << 20 }).stdout;
  const rows = [...text.matchAll(/^\s*\[\s*(\d+)\]\s+(\S*)\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)/gm)]
    .map((m) => ({ name: m[2] === 'NULL' ? '' : m[2], addr: parseInt(m[3], 16), offset: parseInt(m[4], 16), size: parseInt(m[5], 16) }));
  assert.ok(rows.length > 10);
  assert.deepEqual(elf.sections.map((s) => ({ name: s.name, addr: s.addr, offset: s.offset, size: s.size })), rows);
  assert.equal(elf.bits, 64);
  const rodata = elf.sections.find((s) => s.name === '.rodata');
  if (rodata) assert.deepEqual(elfReadAddr(buf, elf, rodata.addr, 16), elfSection(buf, elf, '.rodata')?.subarray(0, 16));
  // By-name lookup through the name table gives the same section as the full parse, for every name.
  for (const sec of elf.sections.filter((x) => x.name)) {
    assert.deepEqual(findElfSection(buf, sec.name), elf.sections.find((x) => x.name === sec.name), sec.name);
  }
  assert.equal(findElfSection(buf, '.go.buildinfo'), undefined);
  assert.equal(findElfSection(buf, 'dyn'), undefined, 'a suffix of another name is not a section');
  // The same through on-demand reads from the file (what directory walks use).
  const opened = openFileSource(bin, buf.length);
  try {
    assert.deepEqual(parseElf(opened.source), elf);
    assert.deepEqual(elfSection(opened.source, elf, '.rodata'), elfSection(buf, elf, '.rodata'));
  } finally {
    opened.close();
  }
});

test('parseElf: not ELF, truncated header, truncated sections throw CORRUPT_ARCHIVE', () => {
  const buf = existsSync(bin) ? readFileSync(bin) : Buffer.alloc(0);
  assert.equal(isElf(Buffer.from('#!/bin/sh\n')), false);
  for (const bad of [Buffer.from('not an elf at all'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), buf.subarray(0, Math.min(buf.length, 300_000))]) {
    if (!bad.length) continue;
    assert.throws(() => parseElf(bad), (e: unknown) => isBulwarkError(e) && e.code === 'CORRUPT_ARCHIVE');
  }
});
