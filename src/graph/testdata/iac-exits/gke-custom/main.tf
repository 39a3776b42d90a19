# Negative twin: a dedicated node service account and the GKE metadata server (Workload Identity).
resource "google_container_cluster" "main" {
  name               = "prod"
  location           = "us-central1"
  initial_node_count = 1
  workload_identity_config {
    workload_pool = "acme-prod.svc.id.goog"
  }
  node_config {
    service_account = "gke-nodes@acme-prod.iam.gserviceaccount.com"
    workload_metadata_config {
      mode = "GKE_METADATA"
    }
  }
}
