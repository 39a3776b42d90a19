/**
 * Infrastructure-as-code and cloud posture: readers for Terraform (HCL and plan JSON), Compose and ECS documents
 * (CloudFormation and Cloud Run only detected) into one typed state (`model/`), the checks over that state (`checks/`, one registry),
 * inline ignores in Trivy/Checkov/Bulwark syntax, and Kubernetes manifests handed to the k8s engine.
 * Export here what another folder needs (the cloud use-case adds its adapters' inputs), nothing more.
 */
export { iacChecks, cloudChecks } from './checks/registry.js';
export { readCloud, type ReadCloudOptions } from './cloud/read.js';
export type { CloudProvider } from './cloud/snapshot.js';
export { permissionPolicy } from './cloud/permissions.js';
export { runChecks, type IacSuppression } from './engine/run.js';
export { runK8sChecks } from './engine/k8s-findings.js';
export { analyzeFiles } from './load/analyze.js';
export { readIacInputs } from './load/read-inputs.js';
export { renderIacCheckDocs } from './docs/check-docs.js';
export { nodeIdentityExits } from './engine/node-identities.js';
