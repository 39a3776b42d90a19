/** Vulnerability database: importers → SQLite store → AdvisoryStore read port. Entry point for other folders. */
export * from './contract.js';
