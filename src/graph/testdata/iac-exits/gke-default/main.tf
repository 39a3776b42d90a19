# GKE cluster whose default pool runs as the Compute Engine default service account (BW-IAC-2219) with no GKE
# metadata server (BW-IAC-2221): pods read the node's service account token without escaping.
resource "google_container_cluster" "main" {
  name               = "prod"
  location           = "us-central1"
  initial_node_count = 1
}
