/**
 * GKE settings beyond the CIS items already checked one per file: alpha clusters, authorized networks that admit all
 * of Google Cloud, node auto-provisioning with the default service account, node boot disks without CMEK, and the
 * kubelet's unauthenticated read-only port.
 */
import { gkeClusterCheck, gkeNodeCheck, gke, pool } from '../../shared/gke.js';
import { isTrue } from '../../../model/value.js';

const isDefaultSa = (sa: string | undefined) => sa === 'default' || /-compute@developer\.gserviceaccount\.com$/.test(sa ?? '');

export const gkeAlpha = gkeClusterCheck({
  id: 'BW-IAC-2228', severity: 'medium',
  trivy: null, checkov: ['CKV2_GCP_19'],
  title: 'GKE alpha cluster features are enabled',
  rationale: 'Alpha clusters run unreleased Kubernetes APIs that have had no security review, cannot be upgraded, get no security patches or support, and are deleted after 30 days.',
  remediation: 'Remove `enable_kubernetes_alpha` and recreate the cluster without it; try alpha features in a throw-away cluster.',
  cis: 'CIS GKE Benchmark 1.5.0 5.10.2',
  references: ['https://cloud.google.com/kubernetes-engine/docs/concepts/alpha-clusters'],
  fails: (c) => (isTrue(c.kubernetesAlpha) ? { loc: c.kubernetesAlpha.loc, message: 'enables Kubernetes alpha features' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count      = 1\n  enable_kubernetes_alpha = true') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1') }],
    unknown: [{ 'main.tf': 'variable "alpha" {}\n' + gke('  initial_node_count      = 1\n  enable_kubernetes_alpha = var.alpha') }],
  },
});

export const gkeGcpPublicCidrs = gkeClusterCheck({
  id: 'BW-IAC-2229', severity: 'high',
  trivy: null, checkov: [],
  title: 'GKE authorized networks admit every Google Cloud public IP',
  rationale: '`gcp_public_cidrs_access_enabled` adds all public IP ranges of Google Cloud to the control plane\'s authorized networks: anyone who rents a VM or Cloud Run service in any project reaches the API server.',
  remediation: 'Set `gcp_public_cidrs_access_enabled = false` and list only your own CIDRs (or use a private endpoint).',
  references: ['https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks'],
  fails: (c) => (isTrue(c.masterAuthorizedNetworksEnabled) && isTrue(c.gcpPublicCidrsAccess) ? { loc: c.gcpPublicCidrsAccess.loc, message: 'admits all Google Cloud public IP ranges to the control plane' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1\n  master_authorized_networks_config {\n    gcp_public_cidrs_access_enabled = true\n    cidr_blocks {\n      cidr_block = "10.0.0.0/8"\n    }\n  }') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1\n  master_authorized_networks_config {\n    cidr_blocks {\n      cidr_block = "10.0.0.0/8"\n    }\n  }') }],
    unknown: [{ 'main.tf': 'variable "gcp" {}\n' + gke('  initial_node_count = 1\n  master_authorized_networks_config {\n    gcp_public_cidrs_access_enabled = var.gcp\n  }') }],
  },
});

export const gkeAutoProvisioningSa = gkeClusterCheck({
  id: 'BW-IAC-2230', severity: 'medium',
  trivy: 'AVD-GCP-0050', checkov: [],
  title: 'GKE auto-provisioned nodes use the Compute Engine default service account',
  rationale: 'Node auto-provisioning creates node pools that take their service account from `auto_provisioning_defaults`; left out, they run as the default compute service account, which has Editor on the project in most projects — the same exposure BW-IAC-2219 finds on written node pools.',
  remediation: 'Set `cluster_autoscaling { auto_provisioning_defaults { service_account = google_service_account.nodes.email } }` with a least-privilege account.',
  cis: 'CIS GKE Benchmark 1.5.0 5.2.1',
  references: ['https://cloud.google.com/kubernetes-engine/docs/how-to/node-auto-provisioning#identity'],
  fails: (c) => (isTrue(c.autoProvisioning) && c.autoProvisioningServiceAccount.known && isDefaultSa(c.autoProvisioningServiceAccount.value)
    ? { loc: c.autoProvisioningServiceAccount.loc, message: 'auto-provisions nodes with the Compute Engine default service account' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1\n  cluster_autoscaling {\n    enabled = true\n    resource_limits {\n      resource_type = "cpu"\n      maximum       = 64\n    }\n  }') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1\n  cluster_autoscaling {\n    enabled = true\n    auto_provisioning_defaults {\n      service_account = "gke-nodes@acme-prod.iam.gserviceaccount.com"\n    }\n  }') }],
    unknown: [{ 'main.tf': 'variable "sa" {}\n' + gke('  initial_node_count = 1\n  cluster_autoscaling {\n    enabled = true\n    auto_provisioning_defaults {\n      service_account = var.sa\n    }\n  }') }],
  },
});

export const gkeBootDiskCmek = gkeNodeCheck({
  id: 'BW-IAC-2231', severity: 'low',
  trivy: null, checkov: [],
  title: 'GKE node boot disks are not encrypted with a customer-managed key',
  rationale: 'Node boot disks hold container images, emptyDir volumes and the kubelet\'s credentials. With Google-managed keys you cannot revoke access to the data or see key use in your own audit logs.',
  remediation: 'Set `node_config { boot_disk_kms_key = google_kms_crypto_key.nodes.id }` (the GKE service agent needs roles/cloudkms.cryptoKeyEncrypterDecrypter on it).',
  cis: 'CIS GKE Benchmark 1.5.0 5.9.1',
  references: ['https://cloud.google.com/kubernetes-engine/docs/how-to/using-cmek'],
  fails: (n) => (n.config.bootDiskKmsKey.known && !n.config.bootDiskKmsKey.value ? { loc: n.config.bootDiskKmsKey.loc, message: 'boot disks are not encrypted with a customer-managed key' } : undefined),
  examples: {
    fail: [{ 'main.tf': pool('  node_config {\n    machine_type = "e2-standard-4"\n  }') }],
    pass: [{ 'main.tf': pool('  node_config {\n    boot_disk_kms_key = google_kms_crypto_key.nodes.id\n  }') }],
    unknown: [{ 'main.tf': 'variable "key" {}\n' + pool('  node_config {\n    boot_disk_kms_key = var.key\n  }') }],
  },
});

export const gkeKubeletReadonlyPort = gkeNodeCheck({
  id: 'BW-IAC-2232', severity: 'medium',
  trivy: null, checkov: [],
  title: 'GKE nodes open the kubelet\'s unauthenticated read-only port',
  rationale: 'Port 10255 serves the kubelet\'s pod list, specs and metrics without authentication to anything that reaches the node: every pod\'s environment, images and volumes, a map for the next step.',
  remediation: 'Set `node_config { kubelet_config { insecure_kubelet_readonly_port_enabled = "FALSE" } }` (and `node_pool_defaults` for new pools).',
  cis: 'CIS GKE Benchmark 1.5.0 3.2.4',
  references: ['https://cloud.google.com/kubernetes-engine/docs/how-to/disable-kubelet-readonly-port'],
  fails: (n) => (isTrue(n.config.kubeletReadonlyPort) ? { loc: n.config.kubeletReadonlyPort.loc, message: 'enable the kubelet read-only port 10255' } : undefined),
  examples: {
    fail: [{ 'main.tf': pool('  node_config {\n    kubelet_config {\n      cpu_manager_policy                     = "none"\n      insecure_kubelet_readonly_port_enabled = "TRUE"\n    }\n  }') }],
    pass: [{ 'main.tf': pool('  node_config {\n    kubelet_config {\n      cpu_manager_policy                     = "none"\n      insecure_kubelet_readonly_port_enabled = "FALSE"\n    }\n  }') }],
    unknown: [{ 'main.tf': 'variable "ro" {}\n' + pool('  node_config {\n    kubelet_config {\n      insecure_kubelet_readonly_port_enabled = var.ro\n    }\n  }') }],
  },
});

export const gkeWorkloadLogs = gkeClusterCheck({
  id: 'BW-IAC-2233', severity: 'low',
  trivy: null, checkov: [],
  title: 'GKE does not collect workload logs',
  rationale: '`logging_config.enable_components` without WORKLOADS keeps only system logs: the containers\' own output — the stack traces, shells and requests of an intrusion — is lost with the pod.',
  remediation: 'Add "WORKLOADS" to `logging_config { enable_components = ["SYSTEM_COMPONENTS", "WORKLOADS"] }`.',
  cis: 'CIS GKE Benchmark 1.5.0 5.7.1',
  references: ['https://cloud.google.com/kubernetes-engine/docs/how-to/adjust-log-compute'],
  fails: (c) => (c.loggingComponents.known && !c.loggingComponents.partial && c.loggingComponents.value.length > 0 && !c.loggingComponents.value.includes('WORKLOADS')
    ? { loc: c.loggingComponents.loc, message: 'does not collect workload logs' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1\n  logging_config {\n    enable_components = ["SYSTEM_COMPONENTS"]\n  }') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1\n  logging_config {\n    enable_components = ["SYSTEM_COMPONENTS", "WORKLOADS"]\n  }') }, { 'main.tf': gke('  initial_node_count = 1') }],
    unknown: [{ 'main.tf': 'variable "c" {}\n' + gke('  initial_node_count = 1\n  logging_config {\n    enable_components = var.c\n  }') }],
  },
});
