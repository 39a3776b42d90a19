/** Terraform snippets the EKS check examples share. */
export const vpc = (extra = '') => `  vpc_config {
    subnet_ids              = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
    endpoint_public_access  = false
    endpoint_private_access = true${extra}
  }`;

export const cluster = (body: string, name = 'main') => `resource "aws_eks_cluster" "${name}" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
${body}
}
`;
