/** Walks ECS containers of every task definition (definitions that could not be evaluated are skipped). */
import type { EcsContainer, EcsTaskDefinition } from '../../model/aws/ecs.js';
import type { State } from '../../model/state.js';
import { valueOf } from '../../model/value.js';
import { failure, type CheckFailure } from '../define.js';

export function eachContainer(s: State, test: (c: EcsContainer, td: EcsTaskDefinition) => { message: string; loc?: EcsContainer['loc'] } | undefined): CheckFailure[] {
  const out: CheckFailure[] = [];
  for (const td of s.aws.ecs.taskDefinitions) {
    for (const c of td.containers) {
      const hit = test(c, td);
      if (hit) out.push(failure(td.meta, `container "${valueOf(c.name) ?? '?'}": ${hit.message}`, hit.loc ?? c.loc));
    }
  }
  return out;
}
