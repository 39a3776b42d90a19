/**
 * The local registry state (SQLite under the cache dir): what each image's last scan found, every tag →
 * digest observation over time (mutable tags, push times), pull times from `registry listen`, and the
 * progress of registry scans so an interrupted one resumes. `scan`, `listen` and `report` may run at the
 * same time in different processes: WAL mode and a busy timeout let them share the file.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { BulwarkError } from '../core/index.js';

/** What the hygiene report needs from one image scan (the full report goes to -o DIR or the server). */
export interface ImageScanSummary {
  digest: string;
  scannedAt: string;
  os?: string;
  eol?: boolean;
  critical: number;
  high: number;
  medium: number;
  low: number;
  /** Vulnerabilities listed in CISA KEV. */
  kev: number;
  secrets: number;
  packages: number;
  /** Compressed size of config + layers, as the manifest declares it. */
  sizeBytes: number;
}

interface TagObservation {
  repository: string;
  tag: string;
  digest: string;
  firstSeen: string;
  lastSeen: string;
  /** Latest push of this tag → digest a notification reported. */
  pushedAt?: string;
}

interface PullRecord { repository: string; digest: string; lastPull: string; count: number }

const DDL = `
CREATE TABLE IF NOT EXISTS images(host TEXT NOT NULL, digest TEXT NOT NULL, scanned_at TEXT NOT NULL, doc TEXT NOT NULL,
  PRIMARY KEY(host, digest)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tags(host TEXT NOT NULL, repo TEXT NOT NULL, tag TEXT NOT NULL, digest TEXT NOT NULL,
  first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, pushed_at TEXT, PRIMARY KEY(host, repo, tag, digest)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pulls(host TEXT NOT NULL, repo TEXT NOT NULL, digest TEXT NOT NULL, last_pull TEXT NOT NULL,
  count INTEGER NOT NULL, PRIMARY KEY(host, repo, digest)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS listening(host TEXT PRIMARY KEY, since TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS scan_runs(key TEXT PRIMARY KEY, host TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS scan_done(key TEXT NOT NULL, digest TEXT NOT NULL, PRIMARY KEY(key, digest)) WITHOUT ROWID;
`;

/** `<cacheDir>/registry/state.db`. */
export function defaultStatePath(cacheDir: string): string {
  return join(cacheDir, 'registry', 'state.db');
}

export class RegistryStore {
  private readonly db: Database.Database;

  constructor(readonly path: string) {
    try {
      mkdirSync(dirname(path), { recursive: true });
      this.db = new Database(path);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('busy_timeout = 5000');
      this.db.exec(DDL);
    } catch (e) {
      throw new BulwarkError('OUTPUT_NOT_WRITABLE', `cannot open the registry state ${path}: ${(e as Error).message}`, { cause: e });
    }
  }

  close(): void {
    this.db.close();
  }

  putImage(host: string, s: ImageScanSummary): void {
    this.db.prepare('INSERT OR REPLACE INTO images(host, digest, scanned_at, doc) VALUES (?, ?, ?, ?)').run(host, s.digest, s.scannedAt, JSON.stringify(s));
  }

  image(host: string, digest: string): ImageScanSummary | undefined {
    const row = this.db.prepare('SELECT doc FROM images WHERE host = ? AND digest = ?').get(host, digest) as { doc: string } | undefined;
    return row ? JSON.parse(row.doc) as ImageScanSummary : undefined;
  }

  /** Records that `repo:tag` pointed at `digest` at `at` (a listing or a push notification). */
  observeTag(host: string, repository: string, tag: string, digest: string, at: string, pushed = false): void {
    this.db.prepare(`INSERT INTO tags(host, repo, tag, digest, first_seen, last_seen, pushed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(host, repo, tag, digest) DO UPDATE SET
        first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen),
        pushed_at = CASE WHEN excluded.pushed_at IS NULL THEN pushed_at WHEN pushed_at IS NULL THEN excluded.pushed_at
                         ELSE max(pushed_at, excluded.pushed_at) END`)
      .run(host, repository, tag, digest, at, at, pushed ? at : null);
  }

  tagHistory(host: string): TagObservation[] {
    const rows = this.db.prepare('SELECT repo, tag, digest, first_seen, last_seen, pushed_at FROM tags WHERE host = ? ORDER BY repo, tag, first_seen').all(host) as Array<{
      repo: string; tag: string; digest: string; first_seen: string; last_seen: string; pushed_at: string | null;
    }>;
    return rows.map((r) => ({ repository: r.repo, tag: r.tag, digest: r.digest, firstSeen: r.first_seen, lastSeen: r.last_seen, ...(r.pushed_at ? { pushedAt: r.pushed_at } : {}) }));
  }

  recordPull(host: string, repository: string, digest: string, at: string): void {
    this.db.prepare(`INSERT INTO pulls(host, repo, digest, last_pull, count) VALUES (?, ?, ?, ?, 1)
      ON CONFLICT(host, repo, digest) DO UPDATE SET last_pull = max(last_pull, excluded.last_pull), count = count + 1`).run(host, repository, digest, at);
  }

  pulls(host: string): PullRecord[] {
    return (this.db.prepare('SELECT repo, digest, last_pull, count FROM pulls WHERE host = ?').all(host) as Array<{ repo: string; digest: string; last_pull: string; count: number }>)
      .map((r) => ({ repository: r.repo, digest: r.digest, lastPull: r.last_pull, count: r.count }));
  }

  /** The first notification from `host`: "never pulled" only means something for the time since. */
  markListening(host: string, at: string): void {
    this.db.prepare('INSERT OR IGNORE INTO listening(host, since) VALUES (?, ?)').run(host, at);
  }

  listeningSince(host: string): string | undefined {
    return (this.db.prepare('SELECT since FROM listening WHERE host = ?').get(host) as { since: string } | undefined)?.since;
  }

  /** An unfinished run with this key → the digests it already scanned; else a new run starts. */
  beginRun(key: string, host: string, at: string, fresh: boolean): { resumed: boolean; done: Set<string> } {
    const row = this.db.prepare('SELECT finished_at FROM scan_runs WHERE key = ?').get(key) as { finished_at: string | null } | undefined;
    if (row && row.finished_at === null && !fresh) {
      const done = (this.db.prepare('SELECT digest FROM scan_done WHERE key = ?').all(key) as Array<{ digest: string }>).map((r) => r.digest);
      return { resumed: true, done: new Set(done) };
    }
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM scan_done WHERE key = ?').run(key);
      this.db.prepare('INSERT OR REPLACE INTO scan_runs(key, host, started_at, finished_at) VALUES (?, ?, ?, NULL)').run(key, host, at);
    })();
    return { resumed: false, done: new Set() };
  }

  markDone(key: string, digest: string): void {
    this.db.prepare('INSERT OR IGNORE INTO scan_done(key, digest) VALUES (?, ?)').run(key, digest);
  }

  finishRun(key: string, at: string): void {
    this.db.prepare('UPDATE scan_runs SET finished_at = ? WHERE key = ?').run(at, key);
  }
}
