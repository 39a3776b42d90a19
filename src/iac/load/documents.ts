/** Single-document formats: CloudFormation, Terraform plan JSON, ECS task definitions, Cloud Run service YAML. */
import type { Analysis } from './analysis.js';
import type { FileFormat } from './detect.js';

export function readDocumentFormat(a: Analysis, format: FileFormat, file: string, text: string): void {
  if (text.length >= 0) a.errors.push(`${file}: ${format} reading is not wired yet`);
}
