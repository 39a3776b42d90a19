// Dependency direction, checked in lint: the "may import" column of docs/architecture.md's folder map,
// one rule per folder generated from MAY_IMPORT below (keep the two in step), plus "enter a folder only
// by its index.ts (or contract.ts)" and the analyzer ecosystem rules.
/** Folder → the other src/ folders it may import. A folder may always import itself and `types/` (ambient .d.ts). */
const MAY_IMPORT = {
  core: [],
  config: ['core'],
  oci: ['core'],
  cache: ['core'],
  versioning: ['core'],
  tar: ['core'],
  sources: ['core', 'oci', 'tar'],
  analyzers: ['core', 'config'],
  layerwalk: ['core', 'cache', 'tar', 'analyzers'],
  inventory: ['core', 'analyzers'],
  vulndb: ['core', 'oci', 'versioning'],
  k8s: ['core', 'config'],
  reports: ['core'],
  detectors: ['core', 'config', 'versioning', 'vulndb', 'inventory', 'analyzers'],
  // L2 lifecycle subsystems (../shared/docs/architecture.md section 7)
  supplychain: ['core', 'oci'],
  runtime: ['core', 'config'],
  iac: ['core', 'config', 'k8s'],
  graph: ['core', 'k8s', 'oci'],
  scan: ['core', 'config', 'oci', 'cache', 'versioning', 'tar', 'sources', 'analyzers', 'layerwalk', 'inventory', 'vulndb', 'k8s', 'graph', 'reports', 'detectors', 'supplychain', 'runtime', 'iac'],
  // L6: persistence and whole-registry work, above the use-cases
  store: ['core', 'config', 'scan'],
  registry: ['core', 'config', 'oci', 'scan'],
  // L7 entry points
  admission: ['core', 'config', 'scan'],
  server: ['core', 'config', 'scan', 'reports', 'store'],
  cli: ['core', 'config', 'scan', 'reports', 'vulndb', 'k8s', 'graph', 'admission', 'server', 'store', 'registry'],
  public: ['core', 'config', 'scan', 'reports', 'vulndb', 'k8s', 'graph'],
};

/**
 * Modules other folders may import besides index.ts/contract.ts. Each is imported lazily (`await import`)
 * by an entry point so that one command loads only its own pipeline (docs/architecture.md, Start-up):
 * the scan use-cases one by one, and the shipped known-bad list without vulndb's SQLite code.
 */
const EXTRA_ENTRIES = [
  'src/scan/scan-image.ts', 'src/scan/scan-sbom.ts', 'src/scan/scan-k8s.ts', 'src/scan/cache-admin.ts', 'src/scan/options.ts',
  'src/scan/attack-graph.ts', 'src/scan/scan-cloud.ts',
  'src/scan/verify-image.ts', 'src/scan/signatures.ts',
  'src/scan/scan-iac.ts',
  'src/scan/runtime.ts',
  'src/vulndb/known-bad.ts',
];

const levelRules = Object.entries(MAY_IMPORT).map(([folder, allowed]) => ({
  name: `${folder}-may-import`,
  comment: `src/${folder}/ may import only: ${allowed.join(', ') || 'nothing in src/'} (docs/architecture.md, folder map)`,
  severity: 'error',
  from: { path: `^src/${folder}/` },
  to: { path: '^src/', pathNot: [`^src/(${[folder, 'types', ...allowed].join('|')})/`] },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'every-folder-has-a-rule', severity: 'error', comment: 'a new src/ folder needs its row in MAY_IMPORT and in the doc',
      from: { path: '^src/[^/]+/', pathNot: [`^src/(${[...Object.keys(MAY_IMPORT), 'types'].join('|')})/`] }, to: {},
    },
    ...levelRules,
    {
      name: 'root-index-imports-public-api-only', severity: 'error', comment: 'src/index.ts re-exports folder indexes',
      from: { path: '^src/index\\.ts$' }, to: { path: '^src/', pathNot: ['^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'enter-folders-by-index', severity: 'error',
      comment: 'outside its folder, a module is reached only through the folder\'s index.ts or contract.ts',
      from: { path: '^src/([^/]+)/' },
      to: {
        path: '^src/[^/]+/.+',
        pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$', '^src/[^/]+/contract\\.ts$', '^src/types/', ...EXTRA_ENTRIES.map((p) => `^${p.replace(/\./g, '\\.')}$`)],
      },
    },
    {
      name: 'no-cross-ecosystem', severity: 'error', from: { path: '^src/analyzers/([^/]+)/' },
      to: { path: '^src/analyzers/[^/]+/', pathNot: ['^src/analyzers/$1/', '^src/analyzers/shared/'] },
    },
    {
      // L3 graph/: nodes and edges from the k8s model, RBAC engine and scan results (core types only).
      name: 'graph-above-k8s', severity: 'error', from: { path: '^src/graph/' },
      to: { path: '^src/', pathNot: '^src/(core|k8s|oci|graph)/' },
    },
    {
      name: 'entry-points-are-leaves', severity: 'error', from: { path: '^src/', pathNot: '^src/(cli|server|admission)/' },
      to: { path: ['^src/(cli|server|admission|public)/', '^src/index\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$|/testdata/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js'] },
  },
};
