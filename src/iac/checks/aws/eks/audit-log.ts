/** EKS audit log off. */
import { eksLogCheck } from '../../shared/eks-log.js';

export const eksAuditLog = eksLogCheck({
  id: 'BW-IAC-1204', type: 'audit', severity: 'medium', title: 'EKS control-plane audit log is disabled',
  rationale: 'The Kubernetes audit log is the record of who read which Secret, who exec\'d into which pod and who changed RBAC. Without it an intrusion cannot be reconstructed and runtime detections that read it (Falco k8saudit, GuardDuty EKS audit) see nothing.',
  cis: 'CIS Amazon EKS Benchmark 1.5.0 2.1.1',
});
