export { composerLockAnalyzer, composerInstalledAnalyzer } from './composer.js';
