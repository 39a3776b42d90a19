/**
 * `bulwark/vulndb`: the vulnerability database a scan reads (`ScanOptions.store` / `dbDir`): build it from
 * feed files or downloads, open it, check its age. The same operations as `bulwark db …`.
 */
export {
  importPaths, updateDatabase, resolveSources, DEFAULT_SOURCES, openAdvisoryStore, dbStatus, dbAgeWarning, defaultDbPath,
  DB_FILE, SCHEMA_VERSION,
} from '../vulndb/index.js';
export type { AdvisoryStore, Advisory, FeedSource, UpdateResult, DbStatus, BuildSummary } from '../vulndb/index.js';
