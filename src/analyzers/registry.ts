/** The one ordered list of built-in analyzers (order = reporting order). Add an analyzer here. */
import type { Analyzer } from './contract.js';
import { osReleaseAnalyzer } from './os-release/index.js';
import { dpkgAnalyzer } from './dpkg/index.js';
import { apkAnalyzer } from './apk/index.js';
import { rpmAnalyzer } from './rpm/index.js';
import { secretsAnalyzer } from './secrets/analyzer.js';

import { dockerfileAnalyzer } from './dockerfile/analyzer.js';
import { fileMetaAnalyzer } from './file-meta/analyzer.js';
import { licenseFilesAnalyzer } from './licenses/analyzer.js';
import { malwareAnalyzer } from './malware/analyzer.js';
import { npmInstalledAnalyzer, npmLockfileAnalyzer } from './npm/index.js';
import { pythonInstalledAnalyzer, pythonLockfileAnalyzer } from './python/index.js';
import { goBinaryAnalyzer, goModAnalyzer } from './go/index.js';
import { javaArchiveAnalyzer, javaLockfileAnalyzer, javaPomAnalyzer } from './java/index.js';
import { gemspecAnalyzer, gemfileLockAnalyzer } from './ruby/index.js';
import { cargoLockAnalyzer, rustBinaryAnalyzer } from './rust/index.js';
import { composerInstalledAnalyzer, composerLockAnalyzer } from './php/index.js';
import { depsJsonAnalyzer, nugetDeclaredAnalyzer, packagesLockAnalyzer } from './dotnet/index.js';
import { runtimeAnalyzer } from './runtimes/index.js';
import { pubspecLockAnalyzer } from './dart/index.js';
import { mixLockAnalyzer } from './elixir/index.js';
import { podfileLockAnalyzer, swiftPackageResolvedAnalyzer } from './swift/index.js';
import { conanLockAnalyzer } from './conan/index.js';
import { condaEnvironmentAnalyzer, condaMetaAnalyzer } from './conda/index.js';
import { juliaManifestAnalyzer } from './julia/index.js';
import { bottlerocketAnalyzer } from './bottlerocket/index.js';
export const builtinAnalyzers: readonly Analyzer[] = [
  osReleaseAnalyzer,
  dpkgAnalyzer,
  apkAnalyzer,
  rpmAnalyzer,
  bottlerocketAnalyzer,
  secretsAnalyzer,
  dockerfileAnalyzer,
  fileMetaAnalyzer,
  licenseFilesAnalyzer,
  malwareAnalyzer,
  npmInstalledAnalyzer, npmLockfileAnalyzer,
  pythonInstalledAnalyzer, pythonLockfileAnalyzer,
  goBinaryAnalyzer, goModAnalyzer,
  javaArchiveAnalyzer, javaPomAnalyzer, javaLockfileAnalyzer,
  gemspecAnalyzer, gemfileLockAnalyzer,
  cargoLockAnalyzer, rustBinaryAnalyzer,
  composerInstalledAnalyzer, composerLockAnalyzer,
  depsJsonAnalyzer, packagesLockAnalyzer, nugetDeclaredAnalyzer,
  pubspecLockAnalyzer,
  mixLockAnalyzer,
  swiftPackageResolvedAnalyzer, podfileLockAnalyzer,
  conanLockAnalyzer,
  condaMetaAnalyzer, condaEnvironmentAnalyzer,
  juliaManifestAnalyzer,
  runtimeAnalyzer,
];

/** Analyzers selected for a scan mode (image, rootfs, fs) and scanner set. */
export function analyzersFor(mode: 'image' | 'rootfs' | 'fs', groups?: ReadonlySet<string>): Analyzer[] {
  return builtinAnalyzers.filter((a) => (!a.modes || a.modes.includes(mode)) && (!groups || groups.has(a.group)));
}
