export { condaEnvironmentAnalyzer } from './environment.js';
export { condaMetaAnalyzer } from './meta.js';
