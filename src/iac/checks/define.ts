/**
 * How an IaC/cloud check is defined: one object per check (one file each under `checks/<provider>/<service>/`),
 * listed once in `checks/registry.ts`. A check reads only the typed state (`model/state.ts`) and returns its
 * failures; it must treat unknown values as passing (use `isTrue`/`isFalse`/`isOneOf`, never `!isTrue`).
 * Its examples are the fixtures: `checks.test.ts` scans every `fail` example (a finding with a line is required),
 * every `pass` and `unknown` example (no finding allowed), and the doc page shows the first of each.
 */
import type { Severity } from '../../core/index.js';
import type { ResourceMeta } from '../model/meta.js';
import type { State } from '../model/state.js';
import type { Loc } from '../model/value.js';

export type IacProvider = 'aws' | 'google' | 'azure' | 'digitalocean' | 'compose' | 'terraform';

/**
 * Id ranges (`BW-IAC-NNNN`): the first digit is the provider, the second the service. Two helpers add checks at
 * the same time, so each service owns a block of 100 ids.
 */
export const ID_BLOCKS: Record<IacProvider, Record<string, number>> = {
  aws: { ecs: 1100, eks: 1200, ecr: 1300, iam: 1400 },
  google: { 'cloud-run': 2100, gke: 2200, 'artifact-registry': 2300, iam: 2400 },
  azure: { aks: 3100, acr: 3200 },
  digitalocean: { kubernetes: 4100, registry: 4200 },
  compose: { service: 5100 },
  terraform: { config: 6100 },
};

/** A tiny virtual directory: file name → content (`main.tf`, `terraform.tfvars`, `modules/x/main.tf`, `docker-compose.yml`). */
export type Example = Record<string, string>;

export interface CheckFailure {
  meta: ResourceMeta;
  message: string;
  /** The failing value's location (the resource's when the value was not written). */
  loc: Loc;
  /**
   * Other resource blocks the failing value was written in (the policy resource behind a node role's grant), where
   * Checkov and Trivy report it: a `#checkov:skip` inside them, or a `#trivy:ignore` on their first line, counts too.
   */
  alsoIn?: Loc[];
}

export interface IacCheck {
  id: string;
  provider: IacProvider;
  service: string;
  severity: Severity;
  title: string;
  /** Why it matters (the threat), a few sentences. */
  rationale: string;
  remediation: string;
  /** CIS benchmark reference (`CIS EKS 1.5.0 5.4.2`). */
  cis?: string;
  /** Trivy/defsec equivalent (`AVD-AWS-0040`); `null` once checked against trivy-checks and none exists. */
  trivy?: string | null;
  /** Checkov equivalents (`CKV_AWS_39`); `[]` once checked against Checkov and none exists. */
  checkov?: string[];
  references?: string[];
  evaluate(state: State): CheckFailure[];
  examples: { fail: Example[]; pass: Example[]; unknown?: Example[] };
}

export function defineCheck(def: IacCheck): IacCheck {
  return def;
}

/** A failure at `loc` (default: the resource). */
export function failure(meta: ResourceMeta, message: string, loc: Loc = meta.loc): CheckFailure {
  return { meta, message, loc };
}
