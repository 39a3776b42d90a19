import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Analyzer } from '../contract.js';
import { javaArchiveAnalyzer } from './analyzer.js';
import { gavFromFileName, gavFromManifest, parseManifest, parseProperties } from './metadata.js';

test('java metadata: pom.properties, manifest continuation lines, GAV fallbacks', () => {
  const p = parseProperties('#Created by Apache Maven 3.8.7\r\nversion=2.11.0\r\ngroupId=commons-io\r\nartifactId: commons-io\r\n');
  assert.deepEqual([p.get('groupId'), p.get('artifactId'), p.get('version')], ['commons-io', 'commons-io', '2.11.0']);
  const mf = parseManifest('Manifest-Version: 1.0\nBundle-SymbolicName: org.apache.commons.commons-io;singleton\n :=true\nBundle-Version: 2.11.0\n\nName: x\nImplementation-Vendor-Id: ignored\n');
  assert.equal(mf.get('Bundle-SymbolicName'), 'org.apache.commons.commons-io;singleton:=true');
  assert.equal(mf.get('Implementation-Vendor-Id'), undefined);
  assert.deepEqual(gavFromManifest(mf, 'commons-io-2.11.0.jar'), { groupId: 'org.apache.commons', artifactId: 'commons-io', version: '2.11.0' });
  assert.equal(gavFromManifest(parseManifest('Implementation-Title: X\n'), 'x.jar'), undefined);
  assert.deepEqual(gavFromFileName('guava-32.1.2-jre.jar'), { artifactId: 'guava', version: '32.1.2-jre' });
});

test('java-archive: matched paths, all modes', () => {
  const a: Analyzer = javaArchiveAnalyzer;
  const f = { size: 100, mode: 0o644, type: 'file' as const };
  for (const p of ['app.jar', 'opt/app/x.WAR', 'srv/a.ear', 'b.par', 'jenkins/plugins/git.hpi']) assert.ok(a.matches(p, f), p);
  for (const p of ['app.jar.sha1', 'a.zip', 'data.rar', 'jar']) assert.ok(!a.matches(p, f), p);
  assert.equal(a.modes, undefined);
});
