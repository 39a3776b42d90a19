/** Artifact Registry repository readable by everyone. */
import { defineCheck, failure } from '../../define.js';
import { ar } from '../../shared/cloud-factories.js';

const PUBLIC = new Set(['allUsers', 'allAuthenticatedUsers']);

export const arPublic = defineCheck({
  id: 'BW-IAC-2305', provider: 'google', service: 'artifact-registry', severity: 'high',
  title: 'Artifact Registry repository is readable by everyone',
  rationale: 'A binding to allUsers or allAuthenticatedUsers lets anyone (any Google account) pull every image, with the source, configuration and secrets their layers contain.',
  remediation: 'Remove allUsers/allAuthenticatedUsers from the repository IAM policy; grant roles/artifactregistry.reader to the node and CI service accounts.',
  trivy: null, checkov: ['CKV_GCP_101'],
  references: ['https://cloud.google.com/artifact-registry/docs/access-control'],
  evaluate: (s) => s.google.artifactRegistry.iam.flatMap((g) => {
    if (!g.members.known) return [];
    const who = g.members.value.filter((m) => PUBLIC.has(m));
    if (!who.length) return [];
    const repo = g.resource.known && g.resource.value ? g.resource.value : g.meta.address;
    return [failure(g.meta, `repository ${repo} grants ${g.role.known ? g.role.value ?? 'a role' : 'a role'} to ${who.join(', ')}`, g.members.loc)];
  }),
  examples: {
    fail: [{ 'main.tf': ar('', '\nresource "google_artifact_registry_repository_iam_member" "public" {\n  repository = google_artifact_registry_repository.images.name\n  location   = "us-central1"\n  role       = "roles/artifactregistry.reader"\n  member     = "allUsers"\n}\n') }],
    pass: [{ 'main.tf': ar('', '\nresource "google_artifact_registry_repository_iam_member" "nodes" {\n  repository = google_artifact_registry_repository.images.name\n  location   = "us-central1"\n  role       = "roles/artifactregistry.reader"\n  member     = "serviceAccount:gke-nodes@acme-prod.iam.gserviceaccount.com"\n}\n') }],
    unknown: [{ 'main.tf': 'variable "m" {}\n' + ar('', '\nresource "google_artifact_registry_repository_iam_member" "x" {\n  repository = google_artifact_registry_repository.images.name\n  location   = "us-central1"\n  role       = "roles/artifactregistry.reader"\n  member     = var.m\n}\n') }],
  },
});
