/** EKS authenticator log off. */
import { eksLogCheck } from '../../shared/eks-log.js';

export const eksAuthenticatorLog = eksLogCheck({
  id: 'BW-IAC-1205', type: 'authenticator', severity: 'low', title: 'EKS control-plane authenticator log is disabled',
  rationale: 'The authenticator log maps each API request to the IAM role or user behind it. The audit log alone names only the Kubernetes user (`kubernetes-admin`, a mapped group), so which IAM credential was used — the thing to revoke — stays unknown.',
  cis: 'CIS Amazon EKS Benchmark 1.5.0 2.1.1',
});
