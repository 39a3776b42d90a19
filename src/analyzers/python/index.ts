export { pythonInstalledAnalyzer } from './installed.js';
export { pythonLockfileAnalyzer } from './lockfiles.js';
