export { depsJsonAnalyzer, packagesLockAnalyzer } from './dotnet.js';
export { nugetDeclaredAnalyzer } from './nuget-xml.js';
