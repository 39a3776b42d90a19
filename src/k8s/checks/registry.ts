/** The one list of built-in Kubernetes posture checks, in report order. */
import { CIS_CHECKS } from '../cis/checks.js';
import { NETWORK_CHECKS } from '../network/checks.js';
import { RBAC_CHECKS } from '../rbac/checks.js';
import type { CheckDef } from './define.js';
import { pssCheck } from './pss.js';
import { WORKLOAD_CHECKS } from './workload.js';

export const builtinChecks: CheckDef[] = [pssCheck, ...WORKLOAD_CHECKS, ...NETWORK_CHECKS, ...RBAC_CHECKS, ...CIS_CHECKS];
