/** Swift and Objective-C dependency locks in source trees (fs mode): SwiftPM and CocoaPods. */
import { defineAnalyzer, type AnalyzerFile } from '../contract.js';
import { guarded, langPackage } from '../shared/lang-package.js';
import { parsePackageResolved, swiftPurl } from './package-resolved.js';
import { parsePodfileLock, podPurl } from './podfile-lock.js';

const SWIFT_ID = 'swift-package-resolved';
const PODS_ID = 'cocoapods-podfile-lock';

export const swiftPackageResolvedAnalyzer = defineAnalyzer({
  id: SWIFT_ID,
  version: 1,
  group: 'language',
  modes: ['fs'],
  maxBytes: 8 * 1024 * 1024,
  // Checkouts under .build/ carry their own Package.resolved files for their own development.
  matches: (path: string) => /(?:^|\/)Package\.resolved$/.test(path) && !/(?:^|\/)\.build\//.test(path),
  analyze: (file: AnalyzerFile) => guarded(file, (text) => ({
    packages: parsePackageResolved(text).map((p) => langPackage({ ecosystem: 'SwiftURL', name: p.name, version: p.version, purl: swiftPurl(p.name, p.version), file, foundBy: SWIFT_ID })),
  })),
});

export const podfileLockAnalyzer = defineAnalyzer({
  id: PODS_ID,
  version: 1,
  group: 'language',
  modes: ['fs'],
  maxBytes: 8 * 1024 * 1024,
  matches: (path: string) => /(?:^|\/)Podfile\.lock$/.test(path) && !/(?:^|\/)Pods\//.test(path),
  analyze: (file: AnalyzerFile) => guarded(file, (text) => {
    const pods = parsePodfileLock(text);
    const version = new Map(pods.map((p) => [p.name, p.version]));
    return {
      packages: pods.map((p) => langPackage({
        ecosystem: 'CocoaPods', name: p.name, version: p.version, purl: podPurl(p.name, p.version), file, foundBy: PODS_ID,
        dependsOn: p.deps.flatMap((d) => { const v = version.get(d); return v ? [podPurl(d, v)] : []; }),
      })),
    };
  }),
});
