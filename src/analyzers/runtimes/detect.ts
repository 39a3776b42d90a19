/**
 * Language runtimes and toolchains identified cheaply from well-known files: Node.js (`node_version.h`
 * or the `bin/node` binary's release URL), CPython (`patchlevel.h`), Java (the JDK/JRE `release`
 * file), Go (the toolchain's `VERSION` file). Each yields a `runtime` package `pkg:generic/<name>@<version>`.
 */
export interface RuntimeHit { name: string; version: string; vendor?: string }

interface Rule {
  path: RegExp;
  /** Binary files are searched as bytes; text files as UTF-8. */
  binary?: boolean;
  read(content: Buffer): RuntimeHit | undefined;
}

function define(text: string, name: string): string | undefined {
  return new RegExp(`#define\\s+${name}\\s+"?([^"\\s]+)"?`).exec(text)?.[1];
}

const NODE_RELEASE = Buffer.from('nodejs.org/download/release/v', 'latin1');

export const RULES: Rule[] = [
  {
    path: /(?:^|\/)include\/node\/node_version\.h$/,
    read(c) {
      const t = c.toString('utf8');
      const [maj, min, pat] = ['NODE_MAJOR_VERSION', 'NODE_MINOR_VERSION', 'NODE_PATCH_VERSION'].map((n) => define(t, n));
      return maj && min && pat ? { name: 'node', version: `${maj}.${min}.${pat}` } : undefined;
    },
  },
  {
    path: /(?:^|\/)bin\/node(?:js)?$/,
    binary: true,
    read(c) {
      const i = c.indexOf(NODE_RELEASE);
      const m = i >= 0 ? /^(\d+\.\d+\.\d+)/.exec(c.toString('latin1', i + NODE_RELEASE.length, i + NODE_RELEASE.length + 24)) : null;
      return m ? { name: 'node', version: m[1] } : undefined;
    },
  },
  {
    path: /(?:^|\/)include\/python[23]\.\d+[a-z]*\/patchlevel\.h$/,
    read(c) {
      const v = define(c.toString('utf8'), 'PY_VERSION');
      return v ? { name: 'python', version: v } : undefined;
    },
  },
  {
    path: /(?:^|\/)(?:[^/]*(?:jdk|jre|java|jvm|openjdk)[^/]*\/)+(?:[^/]+\/)?release$/i,
    read(c) {
      const t = c.toString('utf8');
      const v = /^JAVA_VERSION="([^"]+)"/m.exec(t)?.[1];
      const vendor = /^IMPLEMENTOR="([^"]+)"/m.exec(t)?.[1];
      return v ? { name: 'java', version: v, ...(vendor ? { vendor } : {}) } : undefined;
    },
  },
  {
    path: /(?:^|\/)go(?:-\d+\.\d+)?\/VERSION$/,
    read(c) {
      const m = /^go(\d+\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?)\s*$/m.exec(c.toString('utf8').split('\n')[0] ?? '');
      return m ? { name: 'go', version: m[1] } : undefined;
    },
  },
];

export function ruleFor(path: string): Rule | undefined {
  return RULES.find((r) => r.path.test(path));
}
