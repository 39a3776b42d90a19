/** Attack paths: Kubernetes objects + image scan results → graph → ranked paths, fixes and renderings. */
export type { AttackGraph, GraphNode, GraphEdge, NodeKind, JewelKind, Fix } from './model.js';
export { EDGE_TYPES, type EdgeType, type EdgeTypeInfo } from './edge-types.js';
export { buildGraph } from './build-graph.js';
export { findPaths, type AttackPath, type PathOptions, type PathResult, type RankedFix, type RankedFinding } from './paths.js';
export { graphJson } from './render/json.js';
export { graphTable } from './render/table.js';
export { graphDot } from './render/dot.js';
export { graphMermaid } from './render/mermaid.js';
export { graphHtml } from './render/html.js';
