/**
 * Reference implementations on this machine, each driven in ONE process for a whole batch of pairs:
 * dpkg (a shell loop over `dpkg --compare-versions`), rpm (one Lua chunk calling rpm.vercmp),
 * Python packaging (one python3), Maven ComparableVersion (a tiny Java program compiled at test time).
 * Each returns null when its tool is missing, so the caller can skip with a reason.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Pair = readonly [string, string];

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

function run(cmd: string, args: string[], input: string): string {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr.slice(0, 500)}`);
  return r.stdout;
}

const toCmps = (out: string, n: number): number[] => {
  const lines = out.trim().split('\n').map((l) => Math.sign(Number(l.trim())));
  if (lines.length !== n) throw new Error(`oracle answered ${lines.length} of ${n} pairs`);
  return lines;
};

export function dpkgOracle(pairs: readonly Pair[]): number[] | null {
  if (!has('dpkg')) return null;
  const script = 'while IFS="\t" read -r a b; do if dpkg --compare-versions "$a" lt "$b"; then echo -1; '
    + 'elif dpkg --compare-versions "$a" eq "$b"; then echo 0; else echo 1; fi; done';
  return toCmps(run('sh', ['-c', script], pairs.map(([a, b]) => `${a}\t${b}\n`).join('')), pairs.length);
}

export function rpmOracle(pairs: readonly Pair[]): number[] | null {
  if (!has('rpm')) return null;
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-rpm-'));
  const lua = join(dir, 'cmp.lua');
  const q = (s: string): string => `[==[${s}]==]`;
  writeFileSync(lua, `local P = {\n${pairs.map(([a, b]) => `{${q(a)},${q(b)}}`).join(',\n')}\n}\n`
    + 'local out = {}\nfor i, p in ipairs(P) do out[i] = tostring(rpm.vercmp(p[1], p[2])) end\nprint(table.concat(out, "\\n"))\n');
  return toCmps(run('rpm', ['--eval', `%{lua: dofile("${lua}")}`], ''), pairs.length);
}

export function pythonOracle(pairs: readonly Pair[]): number[] | null {
  const py = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  if (spawnSync(py, ['-c', 'import packaging.version']).status !== 0) return null;
  const code = 'import sys, json\nfrom packaging.version import Version\n'
    + 'for a, b in json.load(sys.stdin):\n  x, y = Version(a), Version(b)\n  print(-1 if x < y else (1 if x > y else 0))\n';
  return toCmps(run(py, ['-c', code], JSON.stringify(pairs)), pairs.length);
}

const JAVA = `import org.apache.maven.artifact.versioning.ComparableVersion;
import java.io.*;
public class MvnCmp {
  public static void main(String[] a) throws Exception {
    BufferedReader r = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
    StringBuilder sb = new StringBuilder();
    for (String l; (l = r.readLine()) != null;) {
      int t = l.indexOf('\\t');
      int c = new ComparableVersion(l.substring(0, t)).compareTo(new ComparableVersion(l.substring(t + 1)));
      sb.append(Integer.signum(c)).append('\\n');
    }
    System.out.print(sb);
  }
}
`;

function mavenJar(): string | null {
  const dir = '/usr/share/maven/lib';
  if (!existsSync(dir)) return null;
  const jar = readdirSync(dir).find((f) => /^maven-artifact-3.*\.jar$/.test(f));
  return jar ? join(dir, jar) : null;
}

export function mavenOracle(pairs: readonly Pair[]): number[] | null {
  const jar = mavenJar();
  if (!jar || !has('javac') || !has('java')) return null;
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-mvn-'));
  writeFileSync(join(dir, 'MvnCmp.java'), JAVA);
  run('javac', ['-cp', jar, '-d', dir, join(dir, 'MvnCmp.java')], '');
  return toCmps(run('java', ['-Xshare:auto', '-XX:TieredStopAtLevel=1', '-cp', `${jar}:${dir}`, 'MvnCmp'],
    pairs.map(([a, b]) => `${a}\t${b}\n`).join('')), pairs.length);
}
