/** GKE cluster is not enrolled in a release channel. */
import { gkeClusterCheck, gke } from '../../shared/gke.js';

export const gkeReleaseChannel = gkeClusterCheck({
  id: 'BW-IAC-2215', severity: 'low',
  title: 'GKE cluster is not enrolled in a release channel',
  rationale: 'Release channels keep the control plane and nodes on supported, patched versions automatically; unenrolled clusters drift onto versions that no longer get security fixes.',
  remediation: 'Set `release_channel { channel = "REGULAR" }` (or STABLE/RAPID).',
  cis: 'CIS GKE Benchmark 1.5.0 5.5.4', trivy: null, checkov: ['CKV_GCP_70'],
  fails: (c) => (c.releaseChannel.known && (c.releaseChannel.value === undefined || c.releaseChannel.value === 'UNSPECIFIED') ? { loc: c.releaseChannel.loc, message: 'is not enrolled in a release channel' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1\n  release_channel {\n    channel = "REGULAR"\n  }') }],
    unknown: [{ 'main.tf': 'variable "ch" {}\n' + gke('  initial_node_count = 1\n  release_channel {\n    channel = var.ch\n  }') }],
  },
});
