/** The admission webhook: AdmissionReview in/out, PodSecurity semantics, Bulwark checks and CEL policies, image gates, TLS server. */
export { startAdmissionServer, type ServeOptions, type RunningServer } from './server.js';
export { startAdmissionCluster } from './cluster.js';
export { generateCerts, writeCerts } from './certs.js';
export { renderManifests } from './manifests.js';
export { onDemandScanner } from './on-demand.js';
export { parsePolicyFile } from './policy-file.js';
export { parsePsaConfig } from './psa-policy.js';
