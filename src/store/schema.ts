/**
 * Table types of the server's database. One schema for SQLite and PostgreSQL: text ids (digests, random
 * ids), ISO-8601 text timestamps (sortable in both), integer 0/1 booleans, JSON as text. No auto-increment
 * column, so no dialect-specific DDL is ever needed.
 */
interface TokenTable {
  id: string;
  /** sha256 of the token; the token itself is shown once and never stored. */
  hash: string;
  scope: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

interface SessionTable {
  /** sha256 of the cookie value. */
  id: string;
  token_id: string;
  scope: string;
  created_at: string;
  expires_at: string;
}

export interface ImageTable {
  /** Image digest (manifest, else config), or `sbom:sha256:…` of an SBOM without one. */
  id: string;
  kind: string;
  reference: string;
  repository: string | null;
  os_family: string | null;
  os_version: string | null;
  os_eol: number;
  os_eol_date: string | null;
  package_count: number;
  critical: number;
  high: number;
  medium: number;
  low: number;
  unknown: number;
  kev: number;
  first_seen: string;
  last_scanned: string;
  /** Vulnerability DB build time the findings were last matched against. */
  db_built_at: string | null;
  /** Digest of the last match result written to findings (null before migration 002): equal → nothing to diff. */
  match_hash: string | null;
}

interface ImageRefTable {
  reference: string;
  image_id: string;
  seen_at: string;
}

/** The stored inventory (packages JSON, OS) re-matched on every DB update, and the report parts not kept as rows. */
interface InventoryTable {
  image_id: string;
  os_json: string | null;
  packages_json: string;
  /** Report minus packages and vulnerabilities (layers, config, secrets, misconfigs, licenses, warnings). */
  extras_json: string;
}

interface PackageTable {
  image_id: string;
  name: string;
  version: string;
  ecosystem: string;
  type: string;
  purl: string;
}

export interface FindingTable {
  image_id: string;
  vuln_id: string;
  purl: string;
  pkg_name: string;
  pkg_version: string;
  ecosystem: string;
  severity: string;
  /** 4 critical … 0 unknown, for `severity >= x` filters. */
  severity_rank: number;
  status: string;
  fixed_version: string | null;
  kev: number;
  epss: number | null;
  layer: string | null;
  source: string;
  /** open | fixed (no longer matched) | suppressed */
  state: string;
  first_seen: string;
  resolved_at: string | null;
}

/** The finding text shared by every image it affects (description, CVSS, references…). */
interface VulnDetailTable {
  id: string;
  json: string;
  /** The advisory's one-line title, apart from the JSON so a list page needs no JSON parse (migration 003). */
  title: string | null;
}

interface FindingEventTable {
  id: string;
  at: string;
  image_id: string;
  vuln_id: string;
  purl: string;
  /** new | fixed */
  kind: string;
  severity: string;
  kev: number;
  /** scan | reevaluate */
  cause: string;
}

interface ClusterSnapshotTable {
  id: string;
  cluster: string;
  received_at: string;
  resources: number;
  findings: number;
  /** Per-namespace counts JSON: { ns: { critical, high, … } }. */
  namespaces_json: string;
  report_json: string;
}

interface ImageNamespaceTable {
  reference: string;
  cluster: string;
  namespace: string;
  seen_at: string;
}

interface DecisionTable {
  id: string;
  at: string;
  cluster: string;
  namespace: string | null;
  kind: string | null;
  name: string | null;
  operation: string | null;
  allowed: number;
  reason: string | null;
  images_json: string;
  json: string;
}

interface AlertTable {
  id: string;
  at: string;
  cluster: string;
  rule: string;
  priority: string;
  namespace: string | null;
  pod: string | null;
  container: string | null;
  image: string | null;
  output: string;
  json: string;
}

interface AuditTable {
  id: string;
  at: string;
  token_id: string | null;
  action: string;
  target: string | null;
  detail: string | null;
}

interface ScanRequestTable {
  id: string;
  reference: string;
  status: string;
  image_id: string | null;
  error: string | null;
  attempts: number;
  created_at: string;
  updated_at: string;
}

export interface WebhookTable {
  id: string;
  url: string;
  /** json | slack */
  format: string;
  secret: string | null;
  min_severity: string;
  kev_only: number;
  namespaces_json: string | null;
  created_at: string;
}

export interface SuppressionTable {
  id: string;
  vuln_id: string;
  /** purl prefix; null = every package. */
  purl: string | null;
  image_id: string | null;
  justification: string;
  statement: string;
  created_at: string;
  created_by: string | null;
}

interface MetaTable {
  key: string;
  value: string;
}

interface ReevaluationTable {
  id: string;
  started_at: string;
  finished_at: string | null;
  db_built_at: string | null;
  images: number;
  new_findings: number;
  fixed_findings: number;
  shards: number;
  shards_done: number;
  trigger: string;
}

export interface Schema {
  tokens: TokenTable;
  sessions: SessionTable;
  images: ImageTable;
  image_refs: ImageRefTable;
  inventories: InventoryTable;
  packages: PackageTable;
  findings: FindingTable;
  vuln_details: VulnDetailTable;
  finding_events: FindingEventTable;
  cluster_snapshots: ClusterSnapshotTable;
  image_namespaces: ImageNamespaceTable;
  decisions: DecisionTable;
  alerts: AlertTable;
  audit_log: AuditTable;
  scan_requests: ScanRequestTable;
  webhooks: WebhookTable;
  suppressions: SuppressionTable;
  meta: MetaTable;
  reevaluations: ReevaluationTable;
}
