/** Live AKS clusters and container registries (ARM SDK models) → the typed state the Terraform adapter fills. */
import type { State } from '../../model/state.js';
import type { ResourceMeta } from '../../model/meta.js';
import { known, unknown, type Loc, type Val } from '../../model/value.js';
import type { AzureInventory, Json } from './collect.js';

const at = (id: string): Loc => ({ file: id, line: 0 });
const meta = (address: string, type: string): ResourceMeta => ({ address, type, source: 'cloud', loc: at(address) });
const v = <T>(value: T, loc: Loc): Val<T> => known(value, loc);
const o = (x: unknown): Json => (x && typeof x === 'object' ? x as Json : {});
const s = (x: unknown): string | undefined => (typeof x === 'string' && x ? x : undefined);
const on = (x: unknown) => o(x).enabled === true;
/** ARM policy status words: "enabled"/"Enabled". */
const enabled = (x: unknown) => typeof x === 'string' && x.toLowerCase() === 'enabled';

export function adaptAzure(inv: AzureInventory, st: State): void {
  for (const c of inv.clusters) {
    const address = String(c.id ?? c.name);
    const loc = at(address);
    const api = o(c.apiServerAccessProfile);
    const addons = o(c.addonProfiles);
    const sec = o(c.securityProfile);
    const aad = o(c.aadProfile);
    const pools = Array.isArray(c.agentPoolProfiles) ? c.agentPoolProfiles.map(o) : [];
    const poolOf = (p: Json) => ({
      meta: meta(`${address}/agentPools/${String(p.name ?? '')}`, 'cloud:aks:agentpool'), clusterRef: address,
      nodePublicIp: v(p.enableNodePublicIP === true, loc), hostEncryption: v(p.enableEncryptionAtHost === true, loc),
      osDiskType: v(s(p.osDiskType), loc),
      onlyCriticalAddons: v(Array.isArray(p.nodeTaints) && p.nodeTaints.some((t) => String(t).startsWith('CriticalAddonsOnly')), loc),
    });
    const first = pools[0];
    st.azure.aks.clusters.push({
      meta: meta(address, 'cloud:aks:cluster'),
      name: v(s(c.name), loc),
      privateCluster: v(api.enablePrivateCluster === true, loc),
      apiServerAuthorizedIpRanges: v(Array.isArray(api.authorizedIPRanges) ? api.authorizedIPRanges.map(String) : [], loc),
      rbacEnabled: v(c.enableRbac !== false, loc),
      azureAdManaged: v(aad.managed === true, loc),
      localAccountDisabled: v(c.disableLocalAccounts === true, loc),
      networkPolicy: v(s(o(c.networkProfile).networkPolicy) === 'none' ? undefined : s(o(c.networkProfile).networkPolicy), loc),
      azurePolicyEnabled: v(on(addons.azurepolicy) || on(addons.azurePolicy), loc),
      workloadIdentityEnabled: v(on(sec.workloadIdentity), loc),
      oidcIssuerEnabled: v(on(c.oidcIssuerProfile), loc),
      omsAgentEnabled: v(on(addons.omsagent) || on(addons.omsAgent), loc),
      diskEncryptionSetId: v(s(c.diskEncryptionSetID), loc),
      automaticUpgradeChannel: v(s(o(c.autoUpgradeProfile).upgradeChannel), loc),
      kmsKeyVaultKeyId: v(on(sec.azureKeyVaultKms) ? s(o(sec.azureKeyVaultKms).keyId) : undefined, loc),
      kubeDashboard: v(on(addons.kubeDashboard), loc),
      httpApplicationRouting: v(on(addons.httpApplicationRouting), loc),
      defenderEnabled: v(on(o(sec.defender).securityMonitoring), loc),
      imageCleanerEnabled: v(on(sec.imageCleaner), loc),
      azureRbacEnabled: v(aad.enableAzureRBAC === true, loc),
      runCommandEnabled: v(api.disableRunCommand !== true, loc),
      nodeOsUpgradeChannel: v(s(o(c.autoUpgradeProfile).nodeOSUpgradeChannel), loc),
      secretsProviderEnabled: v(on(addons.azureKeyvaultSecretsProvider), loc),
      secretRotationEnabled: v(o(o(addons.azureKeyvaultSecretsProvider).config).enableSecretRotation === 'true', loc),
      defaultPool: first ? poolOf(first) : { meta: meta(`${address}/agentPools`, 'cloud:aks:agentpool'), clusterRef: address, nodePublicIp: unknown(loc, 'no agent pool returned'), hostEncryption: unknown(loc, 'no agent pool returned'), osDiskType: unknown(loc, 'no agent pool returned') },
    });
    for (const p of pools.slice(1)) st.azure.aks.nodePools.push(poolOf(p));
  }
  for (const r of inv.registries) {
    const address = String(r.id ?? r.name);
    const loc = at(address);
    const pol = o(r.policies);
    const enc = o(r.encryption);
    const ret = o(pol.retentionPolicy);
    st.azure.acr.registries.push({
      meta: meta(address, 'cloud:acr:registry'),
      name: v(s(r.name), loc),
      adminEnabled: v(r.adminUserEnabled === true, loc),
      // Public network access counts as closed when the network rule set denies by default.
      publicNetworkAccess: v(s(r.publicNetworkAccess) !== 'Disabled' && s(o(r.networkRuleSet).defaultAction) !== 'Deny', loc),
      sku: v(s(o(r.sku).name), loc),
      trustPolicyEnabled: v(enabled(o(pol.trustPolicy).status), loc),
      quarantinePolicyEnabled: v(enabled(o(pol.quarantinePolicy).status), loc),
      retentionPolicyDays: v(enabled(ret.status) && typeof ret.days === 'number' ? ret.days : undefined, loc),
      encryptionKey: v(enabled(enc.status) ? s(o(enc.keyVaultProperties).keyIdentifier) : undefined, loc),
      anonymousPullEnabled: v(r.anonymousPullEnabled === true, loc),
      dataEndpointEnabled: v(r.dataEndpointEnabled === true, loc),
      exportPolicyEnabled: v(s(o(pol.exportPolicy).status) !== 'disabled', loc),
      ipRules: v((Array.isArray(o(r.networkRuleSet).ipRules) ? o(r.networkRuleSet).ipRules as unknown[] : []).map((x) => String(o(x).value ?? '')), loc),
    });
  }
}
