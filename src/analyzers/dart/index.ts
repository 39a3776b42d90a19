export { pubspecLockAnalyzer } from './pubspec-lock.js';
