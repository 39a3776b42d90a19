/** The server's persistence (L6): Kysely repositories and migrations for SQLite and PostgreSQL, jobs. Entry point. */
export { openDb, isPostgresUrl, redactUrl, type Db } from './db.js';
export { SCOPES, allows, createToken, verifyToken, listTokens, revokeToken, createSession, sessionFor, deleteSession, type Scope } from './tokens.js';
export { ingestReport, ingestSbom, ingestSboms } from './ingest.js';
export { listImages, getImage, listFindings, imageReport, listEvents, findingsOverTime, vulnerabilityDetail, type ImageSummary } from './queries.js';
export { imagesWithPackage, whereIsVulnerability, imagesByOs } from './portfolio.js';
export { addSnapshot, listClusters, getSnapshot, addDecisions, listDecisions, addAlerts, listAlerts, audit, listAudit, type DecisionInput, type AlertInput, type Workload } from './records.js';
export { inProcessQueue, pgBossQueue, type JobQueue, type JobDeps, type BossOptions } from './jobs.js';
export { listRuns, getMeta } from './reevaluate.js';
export { addWebhook, listWebhooks, deleteWebhook, notifyChanges, sign, type WebhookInput } from './notify.js';
export { addSuppression, deleteSuppression, listSuppressions, openVex, JUSTIFICATIONS } from './suppressions.js';
export { getScanRequest, listScanRequests } from './scan-requests.js';
export { reportsForImages, saveClusterObjects, loadClusterObjects } from './graph-inputs.js';
