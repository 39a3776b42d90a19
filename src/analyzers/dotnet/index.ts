export { depsJsonAnalyzer, packagesLockAnalyzer } from './dotnet.js';
