// Dependency direction, checked in lint (docs/architecture.md, "Levels").
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    { name: 'core-is-the-floor', severity: 'error', from: { path: '^src/core/' }, to: { path: '^src/', pathNot: '^src/core/' } },
    {
      name: 'analyzers-are-leaves', severity: 'error', from: { path: '^src/analyzers/' },
      to: { path: '^src/(detectors|vulndb|reports|scan|layerwalk|inventory|sources|cli|server|admission|k8s)/' },
    },
    {
      name: 'no-cross-ecosystem', severity: 'error', from: { path: '^src/analyzers/([^/]+)/' },
      to: { path: '^src/analyzers/[^/]+/', pathNot: ['^src/analyzers/$1/', '^src/analyzers/shared/'] },
    },
    { name: 'reports-see-core-only', severity: 'error', from: { path: '^src/reports/' }, to: { path: '^src/', pathNot: '^src/(core|reports)/' } },
    { name: 'versioning-is-pure', severity: 'error', from: { path: '^src/versioning/' }, to: { path: '^src/', pathNot: '^src/(core|versioning)/' } },
    {
      name: 'vulndb-below-detectors', severity: 'error', from: { path: '^src/vulndb/' },
      to: { path: '^src/(detectors|scan|reports|inventory|layerwalk|sources|analyzers|k8s)/' },
    },
    {
      name: 'k8s-self-contained', severity: 'error', from: { path: '^src/k8s/' },
      to: { path: '^src/', pathNot: '^src/(core|k8s|config)/' },
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
    {
      name: 'only-scan-and-entry-points-compose', severity: 'error',
      from: { path: '^src/', pathNot: ['^src/(scan|cli|server|admission|public)/', '^src/index\\.ts$'] }, to: { path: '^src/scan/' },
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
