/**
 * `bulwark/graph`: the attack graph that `bulwark graph` builds. `buildAttackGraph` loads manifests (or a
 * cluster) and image scan results and returns the graph with its ranked paths; `buildGraph` + `findPaths`
 * work on objects you already hold; the writers render either.
 */
export {
  buildGraph, findPaths, EDGE_TYPES, graphTable, graphJson, graphDot, graphMermaid, graphHtml,
} from '../graph/index.js';
export type {
  AttackGraph, GraphNode, GraphEdge, NodeKind, JewelKind, Fix, EdgeType, EdgeTypeInfo, AttackPath, PathOptions, PathResult,
  RankedFix, RankedFinding,
} from '../graph/index.js';
export { buildAttackGraph, readScanResults, type AttackGraphOptions } from '../scan/attack-graph.js';
