export { cargoLockAnalyzer } from './cargo-lock.js';
export { rustBinaryAnalyzer } from './auditable.js';
