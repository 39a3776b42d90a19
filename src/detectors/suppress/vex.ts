/**
 * VEX input: OpenVEX (v0.0.x and v0.2.x) and CycloneDX VEX (JSON) → normalised statements.
 * `not_affected` and `fixed` remove findings; `affected` / `under_investigation` keep them. For one
 * (flaw, product) the latest statement (by timestamp, then document order) is the one that counts.
 */
import { BulwarkError } from '../../core/index.js';

export type VexStatus = 'not_affected' | 'fixed' | 'affected' | 'under_investigation';

export interface VexStatement {
  /** Flaw id and its aliases as the document names them. */
  ids: string[];
  /** Package purls (or other product identifiers) the statement is about. */
  products: string[];
  /** Products that name the image itself (pkg:oci / pkg:docker / a bare digest) without subcomponents, or no product at all: every package. */
  wholeImage: boolean;
  /**
   * Bare image digests (`sha256:…`, as the Bulwark server exports image-scoped suppressions) the statement is
   * limited to: it applies only to a scan of an image with one of these digests. Empty: any image.
   */
  images: string[];
  status: VexStatus;
  justification?: string;
  detail?: string;
  timestamp?: string;
  /** Document order, to break timestamp ties. */
  order: number;
  /** 'vex:<file>' for the report. */
  source: string;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? v as Json : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

const isImagePurl = (p: string): boolean => /^pkg:(oci|docker)\//i.test(p);
const isDigest = (p: string): boolean => /^sha256:[0-9a-f]{64}$/i.test(p);

function openVexProduct(p: unknown): { ids: string[]; subs: string[] } {
  if (typeof p === 'string') return { ids: [p], subs: [] };
  const o = obj(p) ?? {};
  const ident = obj(o.identifiers);
  const ids = [str(o['@id']), str(ident?.purl)].filter((x): x is string => !!x);
  const subs = arr(o.subcomponents).flatMap((s) => openVexProduct(s).ids);
  return { ids, subs };
}

function parseOpenVex(doc: Json, source: string): VexStatement[] {
  const docTime = str(doc.timestamp);
  return arr(doc.statements).map((raw, order): VexStatement => {
    const s = obj(raw) ?? {};
    const v = s.vulnerability;
    const vo = obj(v);
    const ids = typeof v === 'string' ? [v] : [str(vo?.name), str(vo?.['@id']), ...arr(vo?.aliases).map(str)].filter((x): x is string => !!x);
    const prods = [...arr(s.products), ...(s.product !== undefined ? [s.product] : [])].map(openVexProduct);
    const subs = [...prods.flatMap((p) => p.subs), ...arr(s.subcomponents).flatMap((x) => openVexProduct(x).ids)];
    const top = prods.flatMap((p) => p.ids);
    const status = str(s.status) as VexStatus | undefined;
    if (!ids.length || !status) throw new BulwarkError('MALFORMED_DOCUMENT', `${source}: statement ${order + 1} lacks a vulnerability or status`);
    const images = top.filter(isDigest).map((d) => d.toLowerCase());
    const st: VexStatement = {
      ids, status, order, source, images,
      products: [...top.filter((p) => !isImagePurl(p) && !isDigest(p)), ...subs],
      // No product at all: the statement is about the vulnerability everywhere (the server's global suppressions).
      wholeImage: subs.length === 0 && (top.length === 0 || top.some((p) => isImagePurl(p) || isDigest(p))),
    };
    const just = str(s.justification);
    const detail = str(s.impact_statement) ?? str(s.action_statement) ?? str(s.status_notes);
    const ts = str(s.timestamp) ?? docTime;
    if (just) st.justification = just;
    if (detail) st.detail = detail;
    if (ts) st.timestamp = ts;
    return st;
  });
}

const CDX_STATE: Record<string, VexStatus> = {
  not_affected: 'not_affected', false_positive: 'not_affected', resolved: 'fixed', resolved_with_pedigree: 'fixed',
  exploitable: 'affected', in_triage: 'under_investigation',
};

/** bom-ref → purl over metadata.component and components (nested). */
function bomRefs(doc: Json): Map<string, string> {
  const refs = new Map<string, string>();
  const walk = (c: unknown): void => {
    const o = obj(c);
    if (!o) return;
    const ref = str(o['bom-ref']);
    const purl = str(o.purl);
    if (ref && purl) refs.set(ref, purl);
    arr(o.components).forEach(walk);
  };
  walk(obj(doc.metadata)?.component);
  arr(doc.components).forEach(walk);
  return refs;
}

function parseCycloneDx(doc: Json, source: string): VexStatement[] {
  const refs = bomRefs(doc);
  const imageRef = str(obj(obj(doc.metadata)?.component)?.['bom-ref']);
  const out: VexStatement[] = [];
  arr(doc.vulnerabilities).forEach((raw, order) => {
    const v = obj(raw) ?? {};
    const analysis = obj(v.analysis);
    const state = str(analysis?.state);
    const id = str(v.id);
    if (!id || !state || !CDX_STATE[state]) return; // no analysis: not a VEX statement
    const ids = [id, ...arr(v.references).map((r) => str(obj(r)?.id)).filter((x): x is string => !!x)];
    const affects = arr(v.affects).map((a) => str(obj(a)?.ref)).filter((x): x is string => !!x);
    const products = affects.map((r) => refs.get(r.replace(/^urn:cdx:[^#]*#/, '')) ?? r.replace(/^urn:cdx:[^#]*#/, ''));
    const st: VexStatement = {
      ids, status: CDX_STATE[state]!, order, source, images: [],
      products: products.filter((p) => !isImagePurl(p) && p !== imageRef),
      wholeImage: affects.length === 0 || products.some((p) => isImagePurl(p) || p === imageRef),
    };
    const just = str(analysis?.justification);
    const detail = str(analysis?.detail) ?? arr(analysis?.response).map(String).join(', ');
    const ts = str(analysis?.lastUpdated) ?? str(analysis?.firstIssued) ?? str(v.updated) ?? str(obj(doc.metadata)?.timestamp);
    if (just) st.justification = just;
    if (detail) st.detail = detail;
    if (ts) st.timestamp = ts;
    out.push(st);
  });
  return out;
}

/** Parses an OpenVEX or CycloneDX VEX JSON text (format sniffed from its content). */
export function parseVex(text: string, name: string): VexStatement[] {
  const source = `vex:${name}`;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new BulwarkError('MALFORMED_DOCUMENT', `${name}: not JSON: ${(err as Error).message}`, { cause: err });
  }
  const o = obj(doc);
  if (o && (String(o['@context'] ?? '').includes('openvex') || Array.isArray(o.statements))) return parseOpenVex(o, source);
  if (o && o.bomFormat === 'CycloneDX') return parseCycloneDx(o, source);
  throw new BulwarkError('INPUT_UNRECOGNIZED', `${name}: neither an OpenVEX nor a CycloneDX VEX document`);
}
