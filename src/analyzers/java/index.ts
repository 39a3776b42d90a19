export { javaArchiveAnalyzer } from './analyzer.js';
export { javaPomAnalyzer } from './pom-analyzer.js';
export { javaLockfileAnalyzer } from './lockfiles.js';
