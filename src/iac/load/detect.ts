/** Which reader a file goes to, from its name and a look at its first bytes (no full parse). */
export type FileFormat =
  | 'terraform' | 'terraform-json' | 'tfvars' | 'terraform-plan' | 'cloudformation' | 'compose' | 'ecs' | 'cloud-run' | 'kubernetes' | 'none';

const COMPOSE_NAME = /(^|\/)(docker-)?compose(\.[\w-]+)?\.ya?ml$/i;

export function detectFormat(path: string, text: string): FileFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith('.tf')) return 'terraform';
  if (lower.endsWith('.tf.json')) return 'terraform-json';
  if (lower.endsWith('.tfvars') || lower.endsWith('.tfvars.json')) return 'tfvars';
  const isJson = lower.endsWith('.json');
  const isYaml = /\.ya?ml$/.test(lower) || lower.endsWith('.template');
  if (!isJson && !isYaml) return 'none';
  const head = text.length > 65536 ? text.slice(0, 65536) : text;
  if (isJson && /"planned_values"\s*:/.test(head) && /"terraform_version"\s*:/.test(head)) return 'terraform-plan';
  if (/AWSTemplateFormatVersion|"?Resources"?\s*:[\s\S]*"?Type"?\s*:\s*"?(AWS|Alexa)::/.test(head)) return 'cloudformation';
  if (isJson && /"containerDefinitions"\s*:/.test(head)) return 'ecs';
  if (/serving\.knative\.dev\/v1|run\.googleapis\.com\/v1/.test(head) && /kind"?\s*:\s*"?Service/.test(head)) return 'cloud-run';
  if (isYaml && (COMPOSE_NAME.test(lower) || (/^services\s*:/m.test(head) && !/^apiVersion\s*:/m.test(head)))) return 'compose';
  if (/^\s*"?apiVersion"?\s*:/m.test(head) && /^\s*"?kind"?\s*:/m.test(head)) return 'kubernetes';
  return 'none';
}
