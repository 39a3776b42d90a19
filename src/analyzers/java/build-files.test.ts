import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idsOf, matchesFile as m, packagesIn, runAnalyzer } from '../shared/testing.js';
import { javaLockfileAnalyzer, javaPomAnalyzer } from './index.js';
import { parsePom } from './pom.js';
import { resolvePom } from './pom-resolve.js';

const td = new URL('./testdata/', import.meta.url).pathname;

test('java-pom: parents from the tree, inherited and overridden properties, dependencyManagement, BOM import', async () => {
  const run = await runAnalyzer(javaPomAnalyzer, td + 'pom-tree', { mode: 'fs' });
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(idsOf(packagesIn(run, 'pom.xml')), ['junit:junit@4.13.2']);
  assert.deepEqual(packagesIn(run, 'bom/pom.xml'), []);
  // core: jackson from the parent's managed ${jackson.version}; slf4j overridden by core's own property;
  // the parent's explicit commons-text 1.10.0 beats the imported BOM's 1.3; nested ${guava.major}-jre.
  assert.deepEqual(idsOf(packagesIn(run, 'core/pom.xml')), [
    'com.fasterxml.jackson.core:jackson-databind@2.17.2', 'com.google.guava:guava@32.1.3-jre',
    'junit:junit@4.13.2', 'org.apache.commons:commons-text@1.10.0', 'org.slf4j:slf4j-api@1.7.36',
  ]);
  // web: parent through <relativePath>..</relativePath>, gson from the imported BOM, the [3.12.0] pin,
  // the sibling module com.example:core left out.
  assert.deepEqual(idsOf(packagesIn(run, 'web/pom.xml')), ['com.google.code.gson:gson@2.10.1', 'junit:junit@4.13.2', 'org.apache.commons:commons-lang3@3.12.0']);
  // admin: grandchild of app-parent through web; the grandparent's ${slf4j.version} and managed jackson.
  assert.deepEqual(idsOf(packagesIn(run, 'web/admin/pom.xml')), [
    'com.fasterxml.jackson.core:jackson-databind@2.17.2', 'com.google.code.gson:gson@2.10.1', 'junit:junit@4.13.2',
    'org.apache.commons:commons-lang3@3.12.0', 'org.slf4j:slf4j-api@1.7.30',
  ]);
  const junit = packagesIn(run, 'web/pom.xml').find((p) => p.name === 'junit:junit');
  assert.equal(junit?.dev, true);
  assert.equal(junit?.purl, 'pkg:maven/junit/junit@4.13.2');
  assert.equal(junit?.ecosystem, 'Maven');
});

test('java-pom: a parent outside the tree leaves managed versions unknown, with a warning', async () => {
  const run = await runAnalyzer(javaPomAnalyzer, td + 'pom-orphan', { mode: 'fs' });
  assert.deepEqual(idsOf(run.packages), ['com.google.code.gson:gson@2.10.1']);
  assert.deepEqual(run.warnings, ['pom.xml: version unknown for org.springframework.boot:spring-boot-starter-web (parent org.springframework.boot:spring-boot-starter-parent:3.1.0 is not in the scanned tree)']);
});

test('java-lockfile: gradle.lockfile, buildscript-gradle.lockfile and build.sbt.lock, test-only configurations are dev', async () => {
  const run = await runAnalyzer(javaLockfileAnalyzer, td + 'lockfiles', { mode: 'fs' });
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(idsOf(packagesIn(run, 'gradle/gradle.lockfile')), [
    'cglib:cglib-nodep@2.1.2', 'junit:junit@4.13.2', 'org.springframework:spring-asm@3.1.3.RELEASE', 'org.springframework:spring-beans@5.0.5.RELEASE',
  ]);
  assert.deepEqual(packagesIn(run, 'gradle/gradle.lockfile').filter((p) => p.dev).map((p) => p.name), ['junit:junit']);
  // The buildscript classpath (Gradle plugins) is build tooling: all dev.
  assert.deepEqual(packagesIn(run, 'gradle/buildscript-gradle.lockfile').map((p) => `${p.name}@${p.version}${p.dev ? ' dev' : ''}`).sort(),
    ['com.github.ben-manes:gradle-versions-plugin@0.51.0 dev', 'org.jetbrains.kotlin:kotlin-stdlib@1.9.22 dev']);
  assert.deepEqual(idsOf(packagesIn(run, 'sbt/build.sbt.lock')), [
    'org.apache.commons:commons-lang3@3.9', 'org.scala-lang:scala-library@2.12.10', 'org.scalatest:scalatest-core_2.13@3.2.15', 'org.typelevel:cats-core_2.12@2.9.0',
  ]);
  assert.deepEqual(packagesIn(run, 'sbt/build.sbt.lock').filter((p) => p.dev).map((p) => p.purl), ['pkg:maven/org.scalatest/scalatest-core_2.13@3.2.15']);
});

test('java build files: corrupt files warn; matched paths; fs mode only', async () => {
  const pom = await runAnalyzer(javaPomAnalyzer, td + 'corrupt', { mode: 'fs' });
  assert.deepEqual(pom.warnings, ['pom.xml: XML: <dependency> not closed at offset 288']);
  const locks = await runAnalyzer(javaLockfileAnalyzer, td + 'corrupt', { mode: 'fs' });
  assert.equal(locks.warnings.length, 1);
  assert.match(locks.warnings[0]!, /^build\.sbt\.lock: /);
  assert.ok(m(javaPomAnalyzer, 'svc/pom.xml') && !m(javaPomAnalyzer, 'svc/target/classes/META-INF/maven/a/b/pom.xml'));
  assert.ok(!m(javaPomAnalyzer, 'root/.m2/repository/a/b/1/pom.xml') && !m(javaPomAnalyzer, 'mypom.xml'));
  assert.ok(m(javaLockfileAnalyzer, 'gradle.lockfile') && m(javaLockfileAnalyzer, 'x/build.sbt.lock') && !m(javaLockfileAnalyzer, 'x/sbt.lock'));
  assert.ok(m(javaLockfileAnalyzer, 'buildscript-gradle.lockfile') && !m(javaLockfileAnalyzer, 'x/other.lockfile'));
  assert.deepEqual([javaPomAnalyzer.modes, javaLockfileAnalyzer.modes], [['fs'], ['fs']]);
});

test('java-pom: a pom at relativePath with other coordinates is not the parent (Maven looks elsewhere)', () => {
  const pom = (gav: string, body: string) => { const [g, a, v] = gav.split(':'); return `<project><groupId>${g}</groupId><artifactId>${a}</artifactId><version>${v}</version>${body}</project>`; };
  const models = new Map([
    ['pom.xml', parsePom(pom('g:p:1', '<properties><v>1.0</v></properties>'))],
    ['platform/parent/pom.xml', parsePom(pom('g:p:2', '<properties><v>2.0</v></properties>'))],
    ['a/pom.xml', parsePom('<project><parent><groupId>g</groupId><artifactId>p</artifactId><version>2</version></parent><artifactId>a</artifactId>'
      + '<dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId><version>${v}</version></dependency></dependencies></project>')],
  ]);
  assert.deepEqual(resolvePom({ models }, 'a/pom.xml').dependencies.map((d) => d.version), ['2.0']);
});
