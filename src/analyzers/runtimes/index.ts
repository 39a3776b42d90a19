export { runtimeAnalyzer } from './analyzer.js';
