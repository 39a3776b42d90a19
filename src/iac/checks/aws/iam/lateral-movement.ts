/**
 * Node-role permissions that turn one compromised pod into movement across the account: sharing snapshots, running
 * commands on other instances, opening security groups, decrypting with any key, reaching every S3 object,
 * deleting images, switching off audit logs, holding the VPC CNI's ENI rights. Every pod on a node can use the
 * node role (through IMDS, or after an escape), so each of these is a pod's permission too.
 */
import { nodeRoleCheck } from '../../shared/node-role-check.js';
import { defineCheck } from '../../define.js';
import { label } from '../../shared/cloud.js';
import { grantFailure, inlinePolicy, managedAttachment, nodeRoles, NODE_ROLE_TF } from '../../shared/node-roles.js';

const NODE_ROLE_DOCS = 'https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html';
const unknownActions = { 'main.tf': `variable "actions" {}\n${NODE_ROLE_TF(inlinePolicy('var.actions'))}` };

export const nodeRoleShareSnapshots = nodeRoleCheck({
  id: 'BW-IAC-1407', severity: 'high', title: 'EKS node role can share disk snapshots and images with other accounts',
  trivy: null, checkov: [],
  what: 'can share snapshots or machine images outside the account', actions: ['ec2:ModifySnapshotAttribute', 'ec2:ModifyImageAttribute', 'rds:ModifyDBSnapshotAttribute', 'rds:ModifyDBClusterSnapshotAttribute'], anyResource: true,
  rationale: 'Adding another account (or `all`) to a snapshot\'s or AMI\'s create-volume permission copies whole disks — databases, other nodes\' file systems with their credentials — out of the account in one API call, without moving a byte through the network controls.',
  remediation: 'Remove the Modify*SnapshotAttribute / ModifyImageAttribute actions from the node role (AmazonEC2FullAccess included); backup tooling gets its own role.',
  references: ['https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html', NODE_ROLE_DOCS],
  examples: {
    fail: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["ec2:CreateSnapshot", "ec2:ModifySnapshotAttribute"]')) }],
    pass: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["ec2:CreateSnapshot"]')) }],
    unknown: [unknownActions],
  },
});

export const nodeRoleRunCommand = nodeRoleCheck({
  id: 'BW-IAC-1408', severity: 'high', title: 'EKS node role can run commands on any instance',
  trivy: null, checkov: [],
  what: 'can run commands on other instances', actions: ['ssm:SendCommand', 'ssm:StartSession', 'ec2-instance-connect:SendSSHPublicKey'], anyResource: true,
  rationale: 'ssm:SendCommand / ssm:StartSession on `*` run shell commands as root on every managed instance in the account — other clusters\' nodes, bastions, databases on EC2. A pod that reads the node role moves laterally to all of them.',
  remediation: 'Keep AmazonSSMManagedInstanceCore (it lets the node be managed; it does not let it manage others) and remove SendCommand/StartSession/SendSSHPublicKey from the node role; operators get them in their own roles, scoped by tag.',
  references: ['https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-restrict-access-examples.html', NODE_ROLE_DOCS],
  examples: {
    fail: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["ssm:SendCommand"]')) }, { 'main.tf': NODE_ROLE_TF(managedAttachment('AmazonSSMFullAccess')) }],
    pass: [{ 'main.tf': NODE_ROLE_TF(managedAttachment('AmazonSSMManagedInstanceCore')) }],
    unknown: [unknownActions],
  },
});

export const nodeRoleSecurityGroups = nodeRoleCheck({
  id: 'BW-IAC-1409', severity: 'medium', title: 'EKS node role can change security groups',
  trivy: null, checkov: [],
  what: 'can open security groups', actions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupEgress', 'ec2:ModifySecurityGroupRules'], anyResource: true,
  rationale: 'Adding ingress rules to any security group opens databases, control planes and other nodes to the internet or to the attacker\'s foothold; adding egress rules removes exfiltration controls. Nodes never need to change firewall rules.',
  remediation: 'Remove the security-group write actions from the node role (AmazonEC2FullAccess included); controllers that manage security groups (the AWS Load Balancer Controller) get their own IRSA role.',
  references: ['https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html', NODE_ROLE_DOCS],
  examples: {
    fail: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["ec2:AuthorizeSecurityGroupIngress"]')) }, { 'main.tf': NODE_ROLE_TF(managedAttachment('AmazonEC2FullAccess')) }],
    pass: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["ec2:DescribeSecurityGroups"]')) }],
    unknown: [unknownActions],
  },
});

export const nodeRoleKmsDecrypt = nodeRoleCheck({
  id: 'BW-IAC-1410', severity: 'medium', title: 'EKS node role can decrypt with any KMS key',
  trivy: null, checkov: [],
  what: 'can decrypt with any key', actions: ['kms:Decrypt'], anyResource: true,
  rationale: 'kms:Decrypt on `*` defeats envelope encryption everywhere the key policies defer to IAM: encrypted snapshots, S3 objects, SSM SecureString parameters and Secrets Manager values of other workloads become readable from any pod on the node.',
  remediation: 'Scope kms:Decrypt to the key ARNs the node needs (the EBS key, through `kms:ViaService = ec2.<region>.amazonaws.com`), or remove it.',
  references: ['https://docs.aws.amazon.com/kms/latest/developerguide/iam-policies-best-practices.html', NODE_ROLE_DOCS],
  examples: {
    fail: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["kms:Decrypt"]')) }],
    pass: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["kms:Decrypt"]', '"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"')) }],
    unknown: [unknownActions],
  },
});

export const nodeRoleS3All = nodeRoleCheck({
  id: 'BW-IAC-1411', severity: 'medium', title: 'EKS node role can read or write every S3 object',
  trivy: null, checkov: [],
  what: 'can reach every S3 object', actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], anyResource: true,
  rationale: 'Object access on `*` covers every bucket of the account (and any bucket elsewhere whose policy trusts the account): backups, Terraform state with its secrets, data lakes. One compromised pod can read or overwrite all of it.',
  remediation: 'Give S3 access to the workloads that need it through IRSA / Pod Identity, scoped to their bucket ARNs; the node role needs none.',
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-policies-s3.html', NODE_ROLE_DOCS],
  examples: {
    fail: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["s3:GetObject", "s3:PutObject"]')) }, { 'main.tf': NODE_ROLE_TF(managedAttachment('AmazonS3FullAccess')) }],
    pass: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["s3:GetObject"]', '"arn:aws:s3:::node-bootstrap/*"')) }],
    unknown: [unknownActions],
  },
});

export const nodeRoleImageDelete = nodeRoleCheck({
  id: 'BW-IAC-1412', severity: 'medium', title: 'EKS node role can delete container images',
  trivy: null, checkov: [],
  what: 'can delete images or repositories', actions: ['ecr:BatchDeleteImage', 'ecr:DeleteRepository', 'ecr:PutLifecyclePolicy', 'ecr:SetRepositoryPolicy'],
  rationale: 'Deleting images (or rewriting a repository\'s lifecycle or access policy) from a pod lets an attacker break deployments, remove the evidence of a pushed image, or make a repository public. Nodes only pull.',
  remediation: 'Use AmazonEC2ContainerRegistryReadOnly / PullOnly on the node role; repository administration belongs to CI or platform roles.',
  references: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/security-iam-awsmanpol.html', NODE_ROLE_DOCS],
  examples: {
    fail: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["ecr:BatchDeleteImage"]')) }, { 'main.tf': NODE_ROLE_TF(managedAttachment('AmazonEC2ContainerRegistryFullAccess')) }],
    pass: [{ 'main.tf': NODE_ROLE_TF(managedAttachment('AmazonEC2ContainerRegistryReadOnly')) }],
    unknown: [unknownActions],
  },
});

export const nodeRoleAuditTamper = nodeRoleCheck({
  id: 'BW-IAC-1413', severity: 'high', title: 'EKS node role can switch off audit logging',
  trivy: null, checkov: [],
  what: 'can stop or delete audit logs', actions: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors', 'logs:DeleteLogGroup', 'logs:DeleteLogStream', 'guardduty:DeleteDetector', 'guardduty:UpdateDetector'],
  rationale: 'Stopping CloudTrail, deleting the EKS control-plane log groups or disabling GuardDuty is how attackers hide (MITRE ATT&CK T1562.008). A node role that can do it lets any compromised pod erase its own trail.',
  remediation: 'Remove cloudtrail:*, logs:Delete* and guardduty:* write actions from the node role; protect trails with an SCP.',
  references: ['https://attack.mitre.org/techniques/T1562/008/', NODE_ROLE_DOCS],
  examples: {
    fail: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["cloudtrail:StopLogging"]')) }, { 'main.tf': NODE_ROLE_TF(inlinePolicy('["logs:*"]')) }],
    pass: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["logs:CreateLogStream", "logs:PutLogEvents"]')) }],
    unknown: [unknownActions],
  },
});

export const nodeRoleCniPolicy = nodeRoleCheck({
  id: 'BW-IAC-1414', severity: 'medium', title: 'EKS node role holds the VPC CNI permissions',
  trivy: null, checkov: [],
  what: 'holds the VPC CNI\'s network-interface permissions (use IRSA / Pod Identity for aws-node)', actions: ['ec2:CreateNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:ModifyNetworkInterfaceAttribute'], anyResource: true,
  rationale: 'AmazonEKS_CNI_Policy lets its holder create, attach and re-address network interfaces and change their security groups in the whole account. Attached to the node role, every pod on the node can use it, not just the aws-node DaemonSet that needs it.',
  remediation: 'Attach AmazonEKS_CNI_Policy to an IRSA / Pod Identity role for the `aws-node` service account (`service_account_role_arn` on the vpc-cni add-on) and detach it from the node role.',
  cis: 'CIS Amazon EKS Benchmark 1.5.0 5.1.3',
  references: ['https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html', 'https://aws.github.io/aws-eks-best-practices/security/docs/iam/#update-the-aws-node-daemonset-to-use-irsa'],
  examples: {
    fail: [{ 'main.tf': NODE_ROLE_TF(managedAttachment('AmazonEKS_CNI_Policy')) }],
    pass: [{ 'main.tf': NODE_ROLE_TF(managedAttachment('AmazonEC2ContainerRegistryReadOnly')) }],
    unknown: [unknownActions],
  },
});

export const nodeRoleServiceWildcard = defineCheck({
  id: 'BW-IAC-1415', provider: 'aws', service: 'iam', severity: 'medium', title: 'EKS node role grants whole services on every resource',
  trivy: 'AVD-AWS-0057', checkov: [],
  rationale: 'A statement such as `ec2:*` or `dynamodb:*` on `*` gives every pod on the node every present and future action of that service in the whole account. Wildcards also hide what the role really needs, so nobody notices when a new action becomes dangerous.',
  remediation: 'List the actions the node needs (the AmazonEKSWorkerNodePolicy, CNI and ECR read-only policies cover a standard node) and scope resources to ARNs; move application permissions to IRSA / Pod Identity roles.',
  references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege', NODE_ROLE_DOCS],
  evaluate: (s) => nodeRoles(s).flatMap((nr) => {
    for (const g of nr.grants) {
      const st = g.statement;
      if (!st.actions.known || !st.resources.known || !st.resources.value.includes('*')) continue;
      // `*` alone is BW-IAC-1403; here a service-wide wildcard.
      const wild = st.actions.value.find((a) => /^[a-z0-9-]+:\*$/i.test(a));
      if (wild) return [grantFailure(nr, `node role ${nr.label} (node group ${nr.groups.map((x) => label(x.meta, x.name)).join(', ')}) grants ${wild} on * via ${g.policy}`, g)];
    }
    return [];
  }),
  examples: {
    fail: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["dynamodb:*"]')) }],
    pass: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["dynamodb:*"]', '"arn:aws:dynamodb:us-east-1:111122223333:table/node-state"')) }, { 'main.tf': NODE_ROLE_TF(inlinePolicy('["ec2:DescribeInstances"]')) }],
    unknown: [unknownActions],
  },
});

export const nodeRoleRegistryReplication = nodeRoleCheck({
  id: 'BW-IAC-1416', severity: 'high', title: 'EKS node role can replicate or expose the whole registry',
  trivy: null, checkov: [],
  what: 'can copy every image out of the account or open the registry', actions: ['ecr:PutReplicationConfiguration', 'ecr:PutRegistryPolicy', 'ecr:CreatePullThroughCacheRule'], anyResource: true,
  rationale: 'A replication rule to another account copies every image pushed from then on — with the secrets and code baked into them — to the attacker; a registry policy can grant another account pull or push on every repository. Both are one API call from a pod holding the node role.',
  remediation: 'Remove registry-level ECR actions from the node role; registry replication and policy belong to the platform account\'s administrators.',
  references: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html', NODE_ROLE_DOCS],
  examples: {
    fail: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["ecr:PutReplicationConfiguration"]')) }],
    pass: [{ 'main.tf': NODE_ROLE_TF(managedAttachment('AmazonEC2ContainerRegistryReadOnly')) }],
    unknown: [unknownActions],
  },
});

export const nodeRoleLambdaCode = nodeRoleCheck({
  id: 'BW-IAC-1417', severity: 'high', title: 'EKS node role can change Lambda function code',
  trivy: null, checkov: [],
  what: 'can replace the code of Lambda functions', actions: ['lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration', 'lambda:CreateEventSourceMapping'], anyResource: true,
  rationale: 'Replacing a function\'s code runs the attacker\'s code with that function\'s execution role — often far broader than the node\'s — on the next invocation (a privilege-escalation path Rhino Security Labs catalogued).',
  remediation: 'Remove Lambda write actions from the node role; deployments go through CI roles scoped to their functions.',
  references: ['https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/', NODE_ROLE_DOCS],
  examples: {
    fail: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["lambda:UpdateFunctionCode"]')) }],
    pass: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["lambda:InvokeFunction"]', '"arn:aws:lambda:us-east-1:111122223333:function:thumbnail"')) }],
    unknown: [unknownActions],
  },
});

export const nodeRoleInstanceProfile = nodeRoleCheck({
  id: 'BW-IAC-1418', severity: 'high', title: 'EKS node role can change instance profiles or user data',
  trivy: null, checkov: [],
  what: 'can swap instance profiles or user data', actions: ['ec2:AssociateIamInstanceProfile', 'ec2:ReplaceIamInstanceProfileAssociation', 'ec2:ModifyInstanceAttribute'], anyResource: true,
  rationale: 'Attaching a more privileged instance profile to an instance the attacker controls, or rewriting an instance\'s user data to run a script at the next boot, turns a pod foothold into another instance\'s role or root on other hosts.',
  remediation: 'Remove these EC2 actions from the node role (AmazonEC2FullAccess included).',
  references: ['https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html', NODE_ROLE_DOCS],
  examples: {
    fail: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["ec2:ModifyInstanceAttribute"]')) }],
    pass: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["ec2:DescribeInstances"]')) }],
    unknown: [unknownActions],
  },
});

export const nodeRoleClusterLifecycle = nodeRoleCheck({
  id: 'BW-IAC-1419', severity: 'high', title: 'EKS node role can delete or reshape clusters',
  trivy: null, checkov: [],
  what: 'can delete or change clusters and node groups', actions: ['eks:DeleteCluster', 'eks:DeleteNodegroup', 'eks:CreateNodegroup', 'eks:UpdateNodegroupConfig', 'eks:UpdateNodegroupVersion', 'eks:DeleteAddon', 'eks:UpdateAddon'], anyResource: true,
  rationale: 'Deleting a cluster or its node groups takes every workload down; creating a node group with an attacker-chosen role, AMI or launch template plants a persistent foothold; replacing an add-on swaps the CNI or CSI driver that runs privileged on every node.',
  remediation: 'Remove eks:* lifecycle actions from the node role; nodes need only eks:DescribeCluster (AmazonEKSWorkerNodePolicy).',
  references: ['https://docs.aws.amazon.com/eks/latest/userguide/security-iam-id-based-policy-examples.html', NODE_ROLE_DOCS],
  examples: {
    fail: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["eks:DeleteNodegroup"]')) }],
    pass: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["eks:DescribeCluster"]')) }],
    unknown: [unknownActions],
  },
});

export const nodeRoleDnsWrite = nodeRoleCheck({
  id: 'BW-IAC-1420', severity: 'medium', title: 'EKS node role can change DNS records',
  trivy: null, checkov: [],
  what: 'can rewrite DNS records', actions: ['route53:ChangeResourceRecordSets', 'route53:AssociateVPCWithHostedZone'], anyResource: true,
  rationale: 'Rewriting records in any hosted zone redirects users and internal services to the attacker (credential phishing on your own domain, traffic interception, certificate issuance through DNS validation).',
  remediation: 'Give record changes to external-dns or cert-manager through their own IRSA / Pod Identity roles, scoped to the hosted zone ARNs they manage.',
  references: ['https://kubernetes-sigs.github.io/external-dns/latest/docs/tutorials/aws/#iam-policy', NODE_ROLE_DOCS],
  examples: {
    fail: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["route53:ChangeResourceRecordSets"]')) }],
    pass: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["route53:ChangeResourceRecordSets"]', '"arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"')) }],
    unknown: [unknownActions],
  },
});
