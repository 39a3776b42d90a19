/** GKE nodes do not run Container-Optimized OS. */
import { gkeNodeCheck, gke } from '../../shared/gke.js';

export const gkeCosImage = gkeNodeCheck({
  id: 'BW-IAC-2222', severity: 'low',
  title: 'GKE nodes do not run Container-Optimized OS',
  rationale: 'Container-Optimized OS has a read-only root filesystem, verified boot, a minimal package set and automatic updates; general-purpose images carry more attack surface that you must patch.',
  remediation: 'Set `node_config { image_type = "COS_CONTAINERD" }`.',
  cis: 'CIS GKE Benchmark 1.5.0 5.5.1', trivy: 'AVD-GCP-0054', checkov: ['CKV_GCP_22'],
  fails: (n) => (n.config.imageType.known && n.config.imageType.value && !/^cos/i.test(n.config.imageType.value) ? { loc: n.config.imageType.loc, message: `runs ${n.config.imageType.value} instead of Container-Optimized OS` } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1\n  node_config {\n    image_type = "UBUNTU_CONTAINERD"\n  }') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1\n  node_config {\n    image_type = "COS_CONTAINERD"\n  }') }],
    unknown: [{ 'main.tf': 'variable "img" {}\n' + gke('  initial_node_count = 1\n  node_config {\n    image_type = var.img\n  }') }],
  },
});
