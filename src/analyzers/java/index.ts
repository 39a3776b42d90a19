export { javaArchiveAnalyzer } from './analyzer.js';
