export { gemspecAnalyzer } from './gemspec.js';
export { gemfileLockAnalyzer } from './gemfile-lock.js';
