/**
 * NuGet's XML declarations in source trees (fs mode): `packages.config` (the pre-PackageReference
 * format: `<package id version developmentDependency>`) and central package management
 * `Directory.Packages.props` / `Packages.props` (`<PackageVersion Include Version>` items, legacy
 * `Update=`). Versions that are MSBuild properties (`$(X)`) are not evaluated: MSBuild would need the
 * whole import graph, so they are skipped rather than guessed.
 */
import { BulwarkError } from '../../core/index.js';
import { defineAnalyzer, type AnalyzerFile } from '../contract.js';
import { baseName, guarded, langPackage, purlOf } from '../shared/lang-package.js';
import { childrenNamed, parseXml } from '../shared/xml.js';

const ID = 'dotnet-nuget-declared';

interface Entry { name: string; version: string; dev: boolean }

function parsePackagesConfig(text: string): Entry[] {
  const root = parseXml(text);
  if (root.name !== 'packages') throw new BulwarkError('MALFORMED_DOCUMENT', `packages.config root element is <${root.name}>, not <packages>`);
  return childrenNamed(root, 'package').flatMap((p) => {
    const name = p.attrs.id?.trim();
    const version = p.attrs.version?.trim();
    return name && version ? [{ name, version, dev: p.attrs.developmentDependency === 'true' }] : [];
  });
}

const isProperty = (s: string): boolean => s.includes('$(');

function parsePackagesProps(text: string): Entry[] {
  const root = parseXml(text);
  if (root.name !== 'Project') throw new BulwarkError('MALFORMED_DOCUMENT', `packages props root element is <${root.name}>, not <Project>`);
  const seen = new Map<string, Entry>();
  for (const group of childrenNamed(root, 'ItemGroup')) {
    for (const item of group.children) {
      if (item.name !== 'PackageVersion' && item.name !== 'PackageReference' && item.name !== 'GlobalPackageReference') continue;
      const name = (item.attrs.Include || item.attrs.Update || '').trim();
      const version = (item.attrs.Version ?? childrenNamed(item, 'Version')[0]?.text ?? '').trim();
      if (!name || !version || isProperty(name) || isProperty(version)) continue;
      seen.set(`${name.toLowerCase()}@${version}`, { name, version, dev: false });
    }
  }
  return [...seen.values()];
}

function parserFor(path: string): ((text: string) => Entry[]) | undefined {
  const name = baseName(path).toLowerCase();
  if (name === 'packages.config') return parsePackagesConfig;
  if (name === 'directory.packages.props' || name === 'packages.props') return parsePackagesProps;
  return undefined;
}

function analyze(file: AnalyzerFile) {
  const parse = parserFor(file.path)!;
  return guarded(file, (text) => ({
    packages: parse(text).map((e) => langPackage({ ecosystem: 'NuGet', name: e.name, version: e.version, purl: purlOf('nuget', undefined, e.name, e.version), file, foundBy: ID, dev: e.dev })),
  }));
}

export const nugetDeclaredAnalyzer = defineAnalyzer({
  id: ID,
  version: 1,
  group: 'language',
  modes: ['fs'],
  maxBytes: 8 * 1024 * 1024,
  matches: (path: string) => parserFor(path) !== undefined,
  analyze,
});
