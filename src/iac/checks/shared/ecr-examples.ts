/** Terraform snippets the ECR check examples share. */
export const repo = (body = '', name = 'app') => `resource "aws_ecr_repository" "${name}" {
  name = "${name}"
${body}}
`;
