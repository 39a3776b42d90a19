/** Terraform's own configuration: provider blocks, module calls, variables, backends (Terraform-specific checks). */
import type { Node, ObjectNode } from './node.js';
import type { ResourceMeta } from './meta.js';
import type { Val } from './value.js';

interface ProviderConfig {
  meta: ResourceMeta;
  /** `aws`, `google`, `azurerm`, `digitalocean`, `kubernetes`… */
  name: string;
  body: ObjectNode;
}

interface ModuleCall {
  meta: ResourceMeta;
  name: string;
  source: Val<string | undefined>;
  version: Val<string | undefined>;
}

interface VariableDecl {
  meta: ResourceMeta;
  name: string;
  sensitive: Val<boolean>;
  /** The default as written (undefined: no default). */
  default?: Node;
}

interface Backend {
  meta: ResourceMeta;
  type: string;
  body: ObjectNode;
}

export interface TerraformState {
  providers: ProviderConfig[];
  modules: ModuleCall[];
  variables: VariableDecl[];
  backends: Backend[];
}
