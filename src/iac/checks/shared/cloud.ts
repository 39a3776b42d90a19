/** Helpers shared by the cloud-resource checks (EKS/GKE/AKS/DOKS, registries, node IAM). */
import type { ResourceMeta } from '../../model/meta.js';
import type { Val } from '../../model/value.js';
import { sameAddress } from '../../adapters/cloud/refs.js';

/** CIDRs that mean "the whole internet". */
export function isOpenCidr(c: string): boolean {
  return c === '0.0.0.0/0' || c === '::/0' || c === '*' || c === 'Internet' || c === 'Any';
}

/** A readable name for messages: the written name, else the address. */
export function label(meta: ResourceMeta, name?: Val<string | undefined>): string {
  return name?.known && name.value ? name.value : meta.address;
}

/** Does a child (node group, add-on, attachment) belong to the parent: by reference, or by the parent's known name/ARN. */
export function belongsTo(child: { ref?: string; name?: Val<string | undefined> }, parent: { meta: ResourceMeta; name?: Val<string | undefined>; arn?: Val<string | undefined> }): boolean {
  if (child.ref && sameAddress(child.ref, parent.meta.address)) return true;
  const n = child.name;
  if (!n?.known || !n.value) return false;
  const names = [parent.name, parent.arn].map((v) => (v?.known ? v.value : undefined)).filter(Boolean);
  return names.includes(n.value) || (n.value.startsWith('arn:') && names.some((x) => x && n.value!.endsWith(`/${x}`)));
}
