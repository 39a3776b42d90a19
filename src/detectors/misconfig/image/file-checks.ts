/** Checks over the final filesystem: setuid/setgid, world-writable dirs, attack-surface tools, SSH servers. */
import type { ToolCategory } from '../../../analyzers/index.js';
import { defineImageCheck, type ImageFacts } from './check.js';

export const imageSetuid = defineImageCheck({
  id: 'BW-IMG-002', title: 'setuid/setgid binary', severity: 'medium',
  remediation: 'Remove the setuid/setgid bit (`chmod u-s,g-s`) or the binary; containers rarely need privilege elevation.',
  evaluate: (f) => f.files.filter((x) => x.fact.kind === 'setuid' || x.fact.kind === 'setgid').map((x) => ({
    message: `${x.path} is ${x.fact.kind} (mode ${'mode' in x.fact ? x.fact.mode.toString(8) : '?'})`, path: x.path, layer: x.layer,
  })),
});

export const imageWorldWritable = defineImageCheck({
  id: 'BW-IMG-003', title: 'World-writable directory outside temporary dirs', severity: 'medium',
  remediation: 'chmod o-w the directory; use /tmp (sticky) for scratch space.',
  evaluate: (f) => f.files.filter((x) => x.fact.kind === 'world-writable').map((x) => ({
    message: `${x.path} is world-writable (mode ${'mode' in x.fact ? x.fact.mode.toString(8) : '?'})`, path: x.path, layer: x.layer,
  })),
});

const SURFACE: Array<{ category: ToolCategory; severity: 'low' | 'medium'; why: string }> = [
  { category: 'shell', severity: 'low', why: 'lets an intruder run arbitrary commands' },
  { category: 'package-manager', severity: 'low', why: 'lets an intruder install tools' },
  { category: 'compiler', severity: 'medium', why: 'lets an intruder build exploits in place' },
  { category: 'debugger', severity: 'medium', why: 'can read other processes\' memory' },
  { category: 'network', severity: 'low', why: 'helps download payloads and exfiltrate data' },
];

function toolsBy(f: ImageFacts, category: ToolCategory): string[] {
  return [...new Set(f.files.flatMap((x) => (x.fact.kind === 'tool' && x.fact.category === category ? [x.fact.name] : [])))].sort();
}

export const imageAttackSurface = defineImageCheck({
  id: 'BW-IMG-004', title: 'Attack-surface tools present', severity: 'low',
  remediation: 'Use a minimal runtime base (distroless, Chainguard, scratch) and build tools only in a builder stage.',
  evaluate: (f) => SURFACE.flatMap(({ category, severity, why }) => {
    const tools = toolsBy(f, category);
    return tools.length ? [{ severity, message: `${tools.length} ${category} tool(s): ${tools.join(', ')} — ${why}` }] : [];
  }),
});

export const imageSshServer = defineImageCheck({
  id: 'BW-IMG-005', title: 'SSH server installed', severity: 'high',
  remediation: 'Remove the SSH server; containers are accessed with exec, not SSH.',
  evaluate(f) {
    const bins = toolsBy(f, 'ssh-server');
    const pkgs = f.packages.filter((p) => /^(?:openssh-server|dropbear(?:-bin)?|openssh)$/.test(p.name)).map((p) => p.name);
    const what = [...new Set([...bins, ...pkgs])];
    return what.length ? [{ message: `SSH server present: ${what.join(', ')}` }] : [];
  },
});

/** One summary number people can track: how many attack-surface tools ship in the image. */
export function attackSurfaceCount(f: ImageFacts): number {
  return new Set(f.files.flatMap((x) => (x.fact.kind === 'tool' ? [x.fact.name] : []))).size;
}
