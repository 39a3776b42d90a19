export { mixLockAnalyzer } from './mix-lock.js';
