/** Live DOKS clusters and container registries (dots models) → the typed state the Terraform adapter fills. */
import type { State } from '../../model/state.js';
import type { ResourceMeta } from '../../model/meta.js';
import { known, unknown, type Loc, type Val } from '../../model/value.js';
import type { DoInventory, Json } from './collect.js';

const at = (id: string): Loc => ({ file: id, line: 0 });
const meta = (address: string, type: string): ResourceMeta => ({ address, type, source: 'cloud', loc: at(address) });
const v = <T>(value: T, loc: Loc): Val<T> => known(value, loc);
const o = (x: unknown): Json => (x && typeof x === 'object' ? x as Json : {});

export function adaptDigitalOcean(inv: DoInventory, st: State): void {
  for (const c of inv.clusters) {
    const address = `do:kubernetes/${String(c.id ?? c.name)}`;
    const loc = at(address);
    const fw = o(c.controlPlaneFirewall);
    st.digitalocean.kubernetes.clusters.push({
      meta: meta(address, 'cloud:doks:cluster'),
      name: v(typeof c.name === 'string' ? c.name : undefined, loc),
      autoUpgrade: v(c.autoUpgrade === true, loc),
      surgeUpgrade: v(c.surgeUpgrade === true, loc),
      ha: v(c.ha === true, loc),
      version: v(typeof c.version === 'string' ? c.version : undefined, loc),
      controlPlaneFirewall: v(fw.enabled === true, loc),
      controlPlaneAllowedAddresses: v(Array.isArray(fw.allowedAddresses) ? fw.allowedAddresses.map(String) : [], loc),
      // The API always names a VPC; whether it is the region's default one needs another read (vpcs), not made.
      vpcUuid: unknown(loc, 'whether the cluster VPC is the region default is not read'),
    });
  }
  for (const r of inv.registries) {
    const address = `do:registry/${String(r.name)}`;
    st.digitalocean.registry.registries.push({ meta: meta(address, 'cloud:docr:registry'), name: v(typeof r.name === 'string' ? r.name : undefined, at(address)), subscriptionTier: v(undefined, at(address)) });
  }
}
