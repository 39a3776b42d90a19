import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idsOf, matchesFile, runAnalyzer } from '../shared/testing.js';
import { podfileLockAnalyzer, swiftPackageResolvedAnalyzer } from './index.js';
import { swiftName } from './package-resolved.js';

const td = new URL('./testdata/', import.meta.url).pathname;

test('swift-package-resolved: v1, v2 and v3 pins named by repository URL; branch pins skipped', async () => {
  const v1 = await runAnalyzer(swiftPackageResolvedAnalyzer, td + 'spm-v1', { mode: 'fs' });
  assert.deepEqual(idsOf(v1.packages), ['github.com/Quick/Nimble@9.2.1', 'github.com/ReactiveCocoa/ReactiveSwift@7.1.1']);
  const v2 = await runAnalyzer(swiftPackageResolvedAnalyzer, td + 'spm-v2', { mode: 'fs' });
  assert.deepEqual(idsOf(v2.packages), ['github.com/Quick/Nimble@9.2.1', 'github.com/Quick/Quick@7.2.0', 'github.com/mattgallagher/CwlCatchException@2.1.2']);
  const v3 = await runAnalyzer(swiftPackageResolvedAnalyzer, td + 'spm-v3', { mode: 'fs' });
  assert.deepEqual(idsOf(v3.packages), ['github.com/apple/swift-log@1.6.1', 'github.com/apple/swift-nio@2.64.0'], '.build checkouts ignored');
  assert.deepEqual([...v1.warnings, ...v2.warnings, ...v3.warnings], []);
  const nio = v3.packages.find((p) => p.name.endsWith('swift-nio'));
  assert.deepEqual([nio?.purl, nio?.ecosystem], ['pkg:swift/github.com/apple/swift-nio@2.64.0', 'SwiftURL']);
  assert.equal(swiftName('ssh://git@gitlab.example.com/team/Lib.git/'), 'gitlab.example.com/team/Lib');
});

test('cocoapods-podfile-lock: pods and subspecs, subspec in the purl subpath, edges', async () => {
  const run = await runAnalyzer(podfileLockAnalyzer, td + 'pods', { mode: 'fs' });
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(idsOf(run.packages), ['AppCenter/Analytics@4.2.0', 'AppCenter/Core@4.2.0', 'AppCenter/Crashes@4.2.0', 'AppCenter@4.2.0', 'KeychainAccess@4.2.1']);
  const app = run.packages.find((p) => p.name === 'AppCenter');
  assert.deepEqual(app?.dependsOn, ['pkg:cocoapods/AppCenter@4.2.0#Analytics', 'pkg:cocoapods/AppCenter@4.2.0#Crashes']);
  assert.equal(run.packages.find((p) => p.name === 'AppCenter/Core')?.ecosystem, 'CocoaPods');
});

test('swift analyzers: corrupt files warn; paths; fs only', async () => {
  const a = await runAnalyzer(swiftPackageResolvedAnalyzer, td + 'corrupt', { mode: 'fs' });
  const b = await runAnalyzer(podfileLockAnalyzer, td + 'corrupt', { mode: 'fs' });
  assert.deepEqual([a.warnings.length, b.warnings.length], [1, 1]);
  assert.match(a.warnings[0]!, /^Package\.resolved: /);
  assert.match(b.warnings[0]!, /^Podfile\.lock: /);
  assert.ok(matchesFile(swiftPackageResolvedAnalyzer, 'App.xcworkspace/xcshareddata/swiftpm/Package.resolved'));
  assert.ok(matchesFile(podfileLockAnalyzer, 'ios/Podfile.lock') && !matchesFile(podfileLockAnalyzer, 'ios/Pods/Manifest.lock'));
  assert.deepEqual([swiftPackageResolvedAnalyzer.modes, podfileLockAnalyzer.modes], [['fs'], ['fs']]);
});
