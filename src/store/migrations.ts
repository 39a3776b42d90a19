/**
 * The one set of migrations, run by Kysely's Migrator on SQLite and PostgreSQL alike. Only portable
 * column types (text, integer, real) and no auto-increment: the same DDL means the same schema on both.
 * Never edit a released migration; add the next one.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was then, not the current Schema
type AnyDb = Kysely<any>;

async function tables1(db: AnyDb): Promise<void> {
  await db.schema.createTable('tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_id', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('images')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('repository', 'text')
    .addColumn('os_family', 'text')
    .addColumn('os_version', 'text')
    .addColumn('os_eol', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('os_eol_date', 'text')
    .addColumn('package_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('critical', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('high', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('medium', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('low', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unknown', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('kev', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_scanned', 'text', (c) => c.notNull())
    .addColumn('db_built_at', 'text')
    .execute();
  await db.schema.createIndex('images_last_scanned').on('images').columns(['last_scanned', 'id']).execute();
  await db.schema.createIndex('images_os').on('images').columns(['os_family', 'os_version']).execute();
  await db.schema.createTable('image_refs')
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('image_id', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('image_refs_pk', ['reference', 'image_id'])
    .execute();
  await db.schema.createIndex('image_refs_image').on('image_refs').column('image_id').execute();
}

async function tables2(db: AnyDb): Promise<void> {
  await db.schema.createTable('inventories')
    .addColumn('image_id', 'text', (c) => c.primaryKey())
    .addColumn('os_json', 'text')
    .addColumn('packages_json', 'text', (c) => c.notNull())
    .addColumn('extras_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('packages')
    .addColumn('image_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('ecosystem', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('purl', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('packages_image').on('packages').column('image_id').execute();
  await db.schema.createIndex('packages_name').on('packages').columns(['name', 'ecosystem']).execute();
  await db.schema.createTable('findings')
    .addColumn('image_id', 'text', (c) => c.notNull())
    .addColumn('vuln_id', 'text', (c) => c.notNull())
    .addColumn('purl', 'text', (c) => c.notNull())
    .addColumn('pkg_name', 'text', (c) => c.notNull())
    .addColumn('pkg_version', 'text', (c) => c.notNull())
    .addColumn('ecosystem', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('severity_rank', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('fixed_version', 'text')
    .addColumn('kev', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('epss', 'real')
    .addColumn('layer', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addPrimaryKeyConstraint('findings_pk', ['image_id', 'vuln_id', 'purl'])
    .execute();
  // The list endpoint's filters, each ending in the paging key.
  await db.schema.createIndex('findings_state_sev').on('findings').columns(['state', 'severity_rank', 'image_id', 'vuln_id', 'purl']).execute();
  await db.schema.createIndex('findings_vuln').on('findings').columns(['vuln_id', 'state']).execute();
  await db.schema.createIndex('findings_pkg').on('findings').columns(['pkg_name', 'state']).execute();
  await db.schema.createTable('vuln_details')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('json', 'text', (c) => c.notNull())
    .execute();
}

async function tables3(db: AnyDb): Promise<void> {
  await db.schema.createTable('finding_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('image_id', 'text', (c) => c.notNull())
    .addColumn('vuln_id', 'text', (c) => c.notNull())
    .addColumn('purl', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('kev', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cause', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('finding_events_at').on('finding_events').columns(['at', 'id']).execute();
  await db.schema.createIndex('finding_events_image').on('finding_events').column('image_id').execute();
  await db.schema.createTable('cluster_snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cluster', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('resources', 'integer', (c) => c.notNull())
    .addColumn('findings', 'integer', (c) => c.notNull())
    .addColumn('namespaces_json', 'text', (c) => c.notNull())
    .addColumn('report_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cluster_snapshots_cluster').on('cluster_snapshots').columns(['cluster', 'received_at']).execute();
  await db.schema.createTable('image_namespaces')
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('cluster', 'text', (c) => c.notNull())
    .addColumn('namespace', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('image_namespaces_pk', ['reference', 'cluster', 'namespace'])
    .execute();
  await db.schema.createTable('decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('cluster', 'text', (c) => c.notNull())
    .addColumn('namespace', 'text')
    .addColumn('kind', 'text')
    .addColumn('name', 'text')
    .addColumn('operation', 'text')
    .addColumn('allowed', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('images_json', 'text', (c) => c.notNull())
    .addColumn('json', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('decisions_at').on('decisions').columns(['at', 'id']).execute();
}

async function tables4(db: AnyDb): Promise<void> {
  await db.schema.createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('cluster', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('namespace', 'text')
    .addColumn('pod', 'text')
    .addColumn('container', 'text')
    .addColumn('image', 'text')
    .addColumn('output', 'text', (c) => c.notNull())
    .addColumn('json', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alerts_at').on('alerts').columns(['at', 'id']).execute();
  await db.schema.createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('token_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at', 'id']).execute();
  await db.schema.createTable('scan_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('image_id', 'text')
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('secret', 'text')
    .addColumn('min_severity', 'text', (c) => c.notNull())
    .addColumn('kev_only', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('namespaces_json', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

async function tables5(db: AnyDb): Promise<void> {
  await db.schema.createTable('suppressions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('vuln_id', 'text', (c) => c.notNull())
    .addColumn('purl', 'text')
    .addColumn('image_id', 'text')
    .addColumn('justification', 'text', (c) => c.notNull())
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema.createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('reevaluations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('db_built_at', 'text')
    .addColumn('images', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('new_findings', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fixed_findings', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('shards', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('shards_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('trigger', 'text', (c) => c.notNull())
    .execute();
}

const m001: Migration = {
  async up(db: AnyDb) {
    await tables1(db);
    await tables2(db);
    await tables3(db);
    await tables4(db);
    await tables5(db);
  },
};

/**
 * Scale (issue 14 performance): the match digest that lets a re-evaluation skip unchanged images; a covering
 * index for the package-in-portfolio query (distinct versions of a name without touching the table); the
 * package and vulnerability filters of the findings list indexed down to the paging key (an ordered index read
 * that stops after a page, not a sort of every match); KEV findings (few) in a partial index of their own; the
 * events-by-image index no query used (a million event rows per large DB update paid for it).
 */
const m002: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('images').addColumn('match_hash', 'text').execute();
    await db.schema.dropIndex('packages_name').execute();
    await db.schema.createIndex('packages_name_version').on('packages').columns(['name', 'ecosystem', 'version', 'image_id']).execute();
    await db.schema.dropIndex('findings_pkg').execute();
    await db.schema.createIndex('findings_pkg_page').on('findings').columns(['pkg_name', 'state', 'severity_rank', 'image_id', 'vuln_id', 'purl']).execute();
    await db.schema.dropIndex('findings_vuln').execute();
    await db.schema.createIndex('findings_vuln_page').on('findings').columns(['vuln_id', 'state', 'severity_rank', 'image_id', 'purl']).execute();
    await db.schema.createIndex('findings_kev_page').on('findings').columns(['state', 'severity_rank', 'image_id', 'vuln_id', 'purl'])
      .where(sql.ref('kev'), '=', sql.lit(1)).execute();
    await db.schema.dropIndex('finding_events_image').execute();
  },
};

/**
 * List pages without per-row work (issue 14, uncached reads): the advisory title as a column of its own (a page
 * of 50 findings parsed 50 advisory JSON documents for it; backfilled here from the stored JSON); the ecosystem
 * filter indexed down to the paging key (a rare ecosystem walked the whole open-findings index); fixable findings
 * (`fixed_version is not null`) in a partial index in paging order; images by reference (the portfolio query
 * sorts its hits by reference, and the images list's `q` is a reference filter).
 */
const m003: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('vuln_details').addColumn('title', 'text').execute();
    let after = '';
    for (;;) {
      const rows = await db.selectFrom('vuln_details').select(['id', 'json']).where('id', '>', after).orderBy('id').limit(1000).execute() as Array<{ id: string; json: string }>;
      if (!rows.length) break;
      for (const r of rows) {
        let title: string | null = null;
        try { title = (JSON.parse(r.json) as { title?: unknown }).title as string ?? null; } catch { title = null; }
        if (typeof title === 'string') await db.updateTable('vuln_details').set({ title }).where('id', '=', r.id).execute();
      }
      after = rows[rows.length - 1]!.id;
    }
    await db.schema.createIndex('findings_eco_page').on('findings').columns(['ecosystem', 'state', 'severity_rank', 'image_id', 'vuln_id', 'purl']).execute();
    await db.schema.createIndex('findings_fixable_page').on('findings').columns(['state', 'severity_rank', 'image_id', 'vuln_id', 'purl'])
      .where(sql<boolean>`${sql.ref('fixed_version')} is not null`).execute();
    await db.schema.createIndex('images_reference').on('images').columns(['reference', 'id']).execute();
  },
};

const MIGRATIONS: Record<string, Migration> = { '001_initial': m001, '002_scale': m002, '003_list_pages': m003 };

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Brings the schema up to date; concurrent servers/workers on PostgreSQL are serialised by Kysely's lock table. */
export async function migrate(db: AnyDb): Promise<string[]> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'bulwark_migrations', migrationLockTableName: 'bulwark_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
