/** EKS API server log off. */
import { eksLogCheck } from '../../shared/eks-log.js';

export const eksApiLog = eksLogCheck({
  id: 'BW-IAC-1206', type: 'api', severity: 'low', title: 'EKS control-plane API server log is disabled',
  rationale: 'The API server log records the server\'s own errors and flags (admission failures, webhook timeouts, authorization errors); it is the first place to look when an admission control or an authentication path silently stops working.',
});
