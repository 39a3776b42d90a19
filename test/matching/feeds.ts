/** Builds a real SQLite advisory database (H7's importers + store) from the committed feed fixtures. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importPaths, openAdvisoryStore, type SqliteAdvisoryStore } from '../../src/vulndb/index.js';

export const FIXTURES = new URL('./testdata/', import.meta.url).pathname;

export function buildFixtureStore(dirs: readonly string[]): SqliteAdvisoryStore {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'bulwark-match-')), 'bulwark.db');
  importPaths({ dbPath, paths: dirs.map((d) => join(FIXTURES, d)), fresh: true });
  return openAdvisoryStore(dbPath);
}
