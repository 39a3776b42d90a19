# AKS cluster whose kubelet identity is assigned AcrPush on the registry (BW-IAC-3126 fails for AcrPush only).
resource "azurerm_kubernetes_cluster" "main" {
  name                = "prod"
  location            = "westeurope"
  resource_group_name = "platform"
  dns_prefix          = "prod"
  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_role_assignment" "kubelet" {
  scope                = azurerm_container_registry.main.id
  role_definition_name = "AcrPush"
  principal_id         = azurerm_kubernetes_cluster.main.kubelet_identity[0].object_id
}
