export { podfileLockAnalyzer, swiftPackageResolvedAnalyzer } from './analyzer.js';
