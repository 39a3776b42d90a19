/** Terraform module directories → state (HCL via @cdktf/hcl2json, evaluated as far as knowable). */
import type { Analysis } from './analysis.js';

export async function readTerraform(a: Analysis, files: Map<string, string>): Promise<void> {
  for (const file of files.keys()) a.errors.push(`${file}: Terraform reading is not wired yet`);
  await Promise.resolve();
}
