/** Vulnerability database: importers → SQLite store → AdvisoryStore read port. Entry point for other folders. */
export * from './contract.js';
export { openAdvisoryStore, SqliteAdvisoryStore } from './store.js';
export { SCHEMA_VERSION } from './schema.js';
export { defaultDbPath, dbStatus, dbAgeWarning, DEFAULT_MAX_AGE_DAYS, DB_FILE, type DbStatus } from './status.js';
export { buildDatabase, type BuildSummary } from './build.js';
export { importPaths } from './import.js';
export { builtinKnownBad, readKnownBadList, BUILTIN_KNOWN_BAD_PATH } from './known-bad.js';
export { KNOWN_BAD_SCHEMA, type KnownBadEntries } from './importers/index.js';
export { updateDatabase, resolveSources, DEFAULT_SOURCES, type FeedSource, type UpdateResult } from './update.js';
export { exportArchive, installArchive, pushDatabase, pullDatabase, DB_ARTIFACT_TYPE, DB_LAYER_MEDIA_TYPE } from './distribute.js';
