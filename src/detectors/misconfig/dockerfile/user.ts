/** The shipped stage must switch to a non-root USER (CIS Docker 4.1). */
import { defineDockerfileCheck, finalStage } from './check.js';

const ROOT = /^(?:root|0)(?::.*)?$/;

export const dockerfileUser = defineDockerfileCheck({
  id: 'BW-DF-001',
  title: 'Image runs as root',
  severity: 'high',
  remediation: 'Add `USER <non-root uid>` to the final stage after installing packages.',
  evaluate(df) {
    const final = finalStage(df);
    const users = final.filter((i) => i.keyword === 'USER');
    const last = users[users.length - 1];
    if (!last) {
      const from = final.find((i) => i.keyword === 'FROM');
      return [{ line: from?.line ?? 1, message: 'the final stage has no USER instruction, so the container runs as root' }];
    }
    return ROOT.test(last.args.trim()) ? [{ line: last.line, message: `the last USER is "${last.args.trim()}"` }] : [];
  },
});
