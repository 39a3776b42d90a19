/** Cloud Run service invocable by anyone. */
import { defineCheck, failure } from '../../define.js';
import { runV2 } from '../../shared/cloud-run-examples.js';

const PUBLIC = new Set(['allUsers', 'allAuthenticatedUsers']);
const INVOKE = new Set(['roles/run.invoker', 'roles/run.admin', 'roles/run.developer', 'roles/editor', 'roles/owner']);

const grant = (member: string) => `\nresource "google_cloud_run_v2_service_iam_member" "invoke" {\n  name     = google_cloud_run_v2_service.api.name\n  location = "us-central1"\n  role     = "roles/run.invoker"\n  member   = ${member}\n}\n`;

export const runPublicInvoker = defineCheck({
  id: 'BW-IAC-2101', provider: 'google', service: 'cloud-run', severity: 'high',
  trivy: null, checkov: ['CKV_GCP_102'],
  title: 'Cloud Run service can be invoked by anyone',
  rationale: 'Granting roles/run.invoker to allUsers (or allAuthenticatedUsers, any Google account) turns off Cloud Run\'s IAM check: every endpoint of the container, including admin and debug routes, is reachable without credentials.',
  remediation: 'Remove allUsers/allAuthenticatedUsers from the service\'s IAM policy; grant roles/run.invoker to the calling service accounts, or front the service with IAP or a load balancer with Cloud Armor.',
  references: ['https://cloud.google.com/run/docs/authenticating/public', 'https://cloud.google.com/run/docs/securing/managing-access'],
  evaluate: (s) => s.google.cloudRun.iam.flatMap((g) => {
    if (!g.members.known || !g.role.known || !g.role.value || !INVOKE.has(g.role.value)) return [];
    const who = g.members.value.filter((m) => PUBLIC.has(m));
    if (!who.length) return [];
    const svc = g.resource.known && g.resource.value ? g.resource.value : g.meta.address;
    return [failure(g.meta, `service ${svc} grants ${g.role.value} to ${who.join(', ')}`, g.members.loc)];
  }),
  examples: {
    fail: [{ 'main.tf': runV2({ extra: grant('"allUsers"') }) }, {
      'main.tf': `resource "google_cloud_run_service" "web" {\n  name     = "web"\n  location = "us-central1"\n  template {\n    spec {\n      containers {\n        image = "gcr.io/acme/web:1"\n      }\n    }\n  }\n}\nresource "google_cloud_run_service_iam_binding" "public" {\n  service = google_cloud_run_service.web.name\n  role    = "roles/run.invoker"\n  members = ["allAuthenticatedUsers"]\n}\n`,
    }],
    pass: [{ 'main.tf': runV2({ extra: grant('"serviceAccount:frontend@acme.iam.gserviceaccount.com"') }) }],
    unknown: [{ 'main.tf': `variable "invoker" {}\n${runV2({ extra: grant('var.invoker') })}` }],
  },
});
