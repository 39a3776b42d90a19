/** Terraform snippets the ECR check examples share. */
export const repo = (body = '', name = 'app') => `resource "aws_ecr_repository" "${name}" {
  name = "${name}"
${body}}
`;

export const SECURE = `  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }
`;
