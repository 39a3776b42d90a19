export { goBinaryAnalyzer } from './binary.js';
export { goModAnalyzer } from './modfile-analyzer.js';
