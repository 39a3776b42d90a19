export { conanLockAnalyzer } from './conan-lock.js';
