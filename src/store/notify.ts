/**
 * Notifications of re-evaluation changes: a generic JSON webhook signed with HMAC-SHA256
 * (`X-Bulwark-Signature: sha256=<hex>` over the raw body, GitHub's scheme) or a Slack-compatible payload
 * (`{text, blocks}`, for Slack/Mattermost incoming webhooks). Each hook filters by minimum severity, KEV
 * only, and namespaces (through the image → namespace links from cluster snapshots and admission decisions).
 */
import { redact, signWebhookBody, WEBHOOK_SIGNATURE_HEADER, type Logger } from '../core/index.js';
import type { Db } from './db.js';
import type { Change } from './findings-diff.js';
import type { WebhookTable } from './schema.js';
import { isoNow, newId, SEVERITY_RANK } from './util.js';

export interface WebhookInput { url: string; format: 'json' | 'slack'; secret?: string; minSeverity?: string; kevOnly?: boolean; namespaces?: string[] }

interface WebhookInfo { id: string; url: string; format: string; secret: string | null; minSeverity: string; kevOnly: boolean; namespaces: string[] | null; createdAt: string }

/** Secrets never leave the server: the API shows them masked, and URLs lose their credentials. */
function info(r: WebhookTable): WebhookInfo {
  return {
    id: r.id, url: r.url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1****@'), format: r.format, secret: r.secret ? redact(r.secret, 2) : null,
    minSeverity: r.min_severity, kevOnly: !!r.kev_only, namespaces: r.namespaces_json ? JSON.parse(r.namespaces_json) as string[] : null, createdAt: r.created_at,
  };
}

export async function addWebhook(db: Db, w: WebhookInput): Promise<WebhookInfo> {
  const row: WebhookTable = {
    id: newId(), url: w.url, format: w.format, secret: w.secret ?? null, min_severity: w.minSeverity ?? 'high', kev_only: w.kevOnly ? 1 : 0,
    namespaces_json: w.namespaces?.length ? JSON.stringify(w.namespaces) : null, created_at: isoNow(),
  };
  await db.kysely.insertInto('webhooks').values(row).execute();
  return info(row);
}

export async function listWebhooks(db: Db): Promise<WebhookInfo[]> {
  return (await db.kysely.selectFrom('webhooks').selectAll().orderBy('created_at').execute()).map(info);
}

export async function deleteWebhook(db: Db, id: string): Promise<boolean> {
  return Number((await db.kysely.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst()).numDeletedRows) > 0;
}

export const sign = signWebhookBody;

interface Enriched extends Change { reference: string; namespaces: string[] }

function slackPayload(items: Enriched[]): unknown {
  const added = items.filter((i) => i.kind === 'new');
  const fixed = items.filter((i) => i.kind === 'fixed');
  const line = (i: Enriched) => `• *${i.vulnId}* (${i.severity}${i.kev ? ', KEV' : ''}) ${i.pkgName} ${i.pkgVersion} in \`${i.reference}\`${i.fixedVersion ? ` → fix ${i.fixedVersion}` : ''}`;
  const text = `Bulwark: ${added.length} newly affecting, ${fixed.length} fixed finding(s)`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${text}*` } },
      ...(added.length ? [{ type: 'section', text: { type: 'mrkdwn', text: added.slice(0, 20).map(line).join('\n') + (added.length > 20 ? `\n…and ${added.length - 20} more` : '') } }] : []),
    ],
  };
}

/** Sends every hook the changes it asks for; one POST per hook per batch, 10 s timeout, errors logged. */
export async function notifyChanges(db: Db, changes: readonly Change[], logger: Logger, fetchImpl: typeof fetch = fetch): Promise<number> {
  const hooks = await db.kysely.selectFrom('webhooks').selectAll().execute();
  if (!hooks.length || !changes.length) return 0;
  const ids = [...new Set(changes.map((c) => c.imageId))];
  const refs = new Map<string, string>();
  const nsOf = new Map<string, Set<string>>();
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    for (const r of await db.kysely.selectFrom('images').select(['id', 'reference']).where('id', 'in', part).execute()) refs.set(r.id, r.reference);
    const links = await db.kysely.selectFrom('image_refs').innerJoin('image_namespaces', 'image_namespaces.reference', 'image_refs.reference')
      .select(['image_refs.image_id', 'image_namespaces.namespace']).where('image_refs.image_id', 'in', part).execute();
    for (const l of links) (nsOf.get(l.image_id) ?? nsOf.set(l.image_id, new Set()).get(l.image_id)!).add(l.namespace);
  }
  const enriched: Enriched[] = changes.map((c) => ({ ...c, reference: refs.get(c.imageId) ?? c.imageId, namespaces: [...(nsOf.get(c.imageId) ?? [])] }));
  let sent = 0;
  for (const h of hooks) {
    const min = SEVERITY_RANK[h.min_severity] ?? 0;
    const nss = h.namespaces_json ? JSON.parse(h.namespaces_json) as string[] : undefined;
    const items = enriched.filter((c) => (SEVERITY_RANK[c.severity] ?? 0) >= min && (!h.kev_only || c.kev) && (!nss || c.namespaces.some((n) => nss.includes(n))));
    if (!items.length) continue;
    const body = JSON.stringify(h.format === 'slack' ? slackPayload(items) : {
      event: 'findings.changed', at: isoNow(),
      changes: items.map((i) => ({ kind: i.kind, image: { id: i.imageId, reference: i.reference, namespaces: i.namespaces }, vulnerability: i.vulnId, severity: i.severity, kev: i.kev, package: { name: i.pkgName, version: i.pkgVersion, purl: i.purl }, fixedVersion: i.fixedVersion })),
    });
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'bulwark-server' };
    if (h.secret) headers[WEBHOOK_SIGNATURE_HEADER] = sign(h.secret, body);
    try {
      const res = await fetchImpl(h.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
      if (!res.ok) logger.warn(`webhook ${h.id}: HTTP ${res.status}`);
      else sent++;
    } catch (e) {
      logger.warn(`webhook ${h.id}: ${(e as Error).message}`);
    }
  }
  return sent;
}
