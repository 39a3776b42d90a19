/** How a node reads in text: `container: shop/web/app`, `permission-set: ClusterRole/admin in shop`. */
import type { GraphNode } from './model.js';

const NAMESPACED = new Set(['pod', 'container', 'service', 'ingress', 'volume', 'secret', 'configmap']);

export const label = (n: GraphNode): string => `${n.kind}: ${n.namespace && NAMESPACED.has(n.kind) ? `${n.namespace}/` : ''}${n.name}`;
