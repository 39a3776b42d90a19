/** Builders for check examples, so each check file shows only the lines that matter. */

/** A Terraform ECS task definition whose single container has `container` (HCL object body lines). */
export function ecsTf(container: string, task = '', prelude = ''): Record<string, string> {
  return {
    'main.tf': `${prelude}resource "aws_ecs_task_definition" "app" {
  family = "app"${task ? `\n  ${task.trim().split('\n').join('\n  ')}` : ''}
  container_definitions = jsonencode([
    {
      name  = "app"
      image = "registry.example.com/app:1.4.2"
${container.trim().split('\n').map((l) => `      ${l}`).join('\n')}
    }
  ])
}
`,
  };
}

/** A Terraform file. */
export function tf(text: string): Record<string, string> {
  return { 'main.tf': text.trim() + '\n' };
}
