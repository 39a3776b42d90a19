// java-pom against Maven itself: the machine's Maven 3 model builder (DefaultModelBuilder, the code
// `mvn` assembles effective poms with) reads the same fixture tree, with a resolver that serves parents
// and BOMs from the tree only, and prints every effective dependency. Both must list the same GAVs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAnalyzer } from '../../src/analyzers/shared/testing.js';
import { javaPomAnalyzer } from '../../src/analyzers/java/index.js';

const MAVEN_LIB = '/usr/share/maven/lib';
const TREE = new URL('../../src/analyzers/java/testdata/pom-tree/', import.meta.url).pathname;
const POMS = ['pom.xml', 'bom/pom.xml', 'core/pom.xml', 'web/pom.xml', 'web/admin/pom.xml'];

const JAVA = `
import java.io.File;
import java.util.*;
import org.apache.maven.model.*;
import org.apache.maven.model.building.*;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.apache.maven.model.resolution.*;

public class EffPom {
  static final Map<String, File> TREE = new HashMap<>();
  static class TreeResolver implements ModelResolver {
    public ModelSource resolveModel(String g, String a, String v) throws UnresolvableModelException {
      File f = TREE.get(g + ":" + a + ":" + v);
      if (f == null) throw new UnresolvableModelException("not in tree", g, a, v);
      return new FileModelSource(f);
    }
    public ModelSource resolveModel(Parent p) throws UnresolvableModelException { return resolveModel(p.getGroupId(), p.getArtifactId(), p.getVersion()); }
    public ModelSource resolveModel(Dependency d) throws UnresolvableModelException { return resolveModel(d.getGroupId(), d.getArtifactId(), d.getVersion()); }
    public void addRepository(Repository r) {}
    public void addRepository(Repository r, boolean replace) {}
    public ModelResolver newCopy() { return this; }
  }
  public static void main(String[] args) throws Exception {
    File root = new File(args[0]);
    for (int i = 1; i < args.length; i++) {
      File f = new File(root, args[i]);
      Model raw = new MavenXpp3Reader().read(new java.io.FileReader(f));
      String g = raw.getGroupId() != null ? raw.getGroupId() : raw.getParent().getGroupId();
      String v = raw.getVersion() != null ? raw.getVersion() : raw.getParent().getVersion();
      TREE.put(g + ":" + raw.getArtifactId() + ":" + v, f);
    }
    DefaultModelBuilder builder = new DefaultModelBuilderFactory().newInstance();
    for (int i = 1; i < args.length; i++) {
      DefaultModelBuildingRequest req = new DefaultModelBuildingRequest();
      req.setPomFile(new File(root, args[i]));
      req.setValidationLevel(ModelBuildingRequest.VALIDATION_LEVEL_MINIMAL);
      req.setProcessPlugins(false);
      req.setSystemProperties(System.getProperties());
      req.setModelResolver(new TreeResolver());
      for (Dependency d : builder.build(req).getEffectiveModel().getDependencies()) {
        System.out.println(args[i] + "\\t" + d.getGroupId() + ":" + d.getArtifactId() + "@" + d.getVersion() + "\\t" + (d.getScope() == null ? "compile" : d.getScope()));
      }
    }
  }
}
`;

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const missing = !existsSync(MAVEN_LIB) ? `${MAVEN_LIB} not found (Debian package maven)` : !has('javac') || !has('java') ? 'no JDK (javac/java)' : undefined;

test('java-pom: the same effective dependencies as Maven 3 DefaultModelBuilder on a reactor tree', { skip: missing }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-effpom-'));
  try {
    writeFileSync(join(dir, 'EffPom.java'), JAVA);
    const cp = `${MAVEN_LIB}/*`;
    const javac = spawnSync('javac', ['-nowarn', '-cp', cp, '-d', dir, join(dir, 'EffPom.java')], { encoding: 'utf8' });
    assert.equal(javac.status, 0, javac.stderr);
    const r = spawnSync('java', ['-Xshare:auto', '-XX:TieredStopAtLevel=1', '-cp', `${cp}:${dir}`, 'EffPom', TREE, ...POMS], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const siblings = new Set(['com.example:core', 'com.example:web', 'com.example:admin', 'com.example:platform-bom', 'com.example:app-parent']);
    // Maven keeps a `[x]` hard pin as written; the analyzer reports the pinned version.
    const maven = r.stdout.trim().split('\n').map((l) => l.split('\t')).filter(([, gav]) => !siblings.has(gav!.split('@')[0]!))
      .map(([path, gav, scope]) => `${path} ${gav!.replace(/@\[([^,\]]+)\]$/, '@$1')}${scope === 'test' ? ' dev' : ''}`).sort();
    const run = await runAnalyzer(javaPomAnalyzer, TREE, { mode: 'fs' });
    assert.deepEqual(run.warnings, []);
    const ours = run.results.flatMap((x) => (x.result.packages ?? []).map((p) => `${x.path} ${p.name}@${p.version}${p.dev ? ' dev' : ''}`)).sort();
    assert.equal(maven.length, 14, 'Maven lists 14 third-party dependencies over the 5 poms');
    assert.deepEqual(ours, maven);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
