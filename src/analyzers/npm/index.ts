export { npmInstalledAnalyzer } from './installed.js';
export { npmLockfileAnalyzer } from './lockfiles.js';
