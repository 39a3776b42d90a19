/** Big Terraform scans parse in worker threads: same resources, same lines and the same one-line errors as inline. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFiles } from '../analyze.js';

test('500 files through the worker pool: every resource read with its line, a broken file is one input error', async () => {
  const files = new Map<string, string>();
  for (let i = 0; i < 500; i++) {
    files.set(`stacks/s${i}/main.tf`, `variable "n" {\n  default = ${i}\n}\n\nresource "aws_ecr_repository" "r" {\n  name                 = "repo-\${var.n}"\n  image_tag_mutability = "${i % 2 ? 'MUTABLE' : 'IMMUTABLE'}"\n}\n`);
  }
  files.set('stacks/bad/main.tf', 'resource "aws_ecr_repository" "x" {\n');
  const a = await analyzeFiles(files);
  assert.equal(a.state.aws.ecr.repositories.length, 500);
  assert.equal(a.errors.length, 1);
  assert.match(a.errors[0], /^stacks\/bad\/main\.tf: invalid Terraform: /);
  const r7 = a.state.aws.ecr.repositories.find((r) => r.meta.loc.file === 'stacks/s7/main.tf');
  assert.equal(r7?.meta.loc.line, 5);
  assert.deepEqual(r7?.name, { known: true, value: 'repo-7', loc: { file: 'stacks/s7/main.tf', line: 6 }, explicit: true });
  assert.equal(r7?.imageTagMutability.known && r7.imageTagMutability.value, 'MUTABLE');
});
