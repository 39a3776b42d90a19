/**
 * Metadata-only analyzer for image hardening: setuid/setgid files, world-writable directories, and
 * the attack-surface tools an image ships (shells, package managers, compilers, debuggers, network
 * tools, SSH servers). Reads tar headers only, never file content.
 */
import { posix } from 'node:path';
import { defineAnalyzer } from '../contract.js';
import type { FileMetaFact, ToolCategory } from '../facts.js';


const TOOLS: Record<ToolCategory, readonly string[]> = {
  shell: ['sh', 'bash', 'dash', 'zsh', 'ash', 'ksh', 'mksh', 'csh', 'tcsh', 'fish', 'busybox'],
  'package-manager': ['apt', 'apt-get', 'dpkg', 'apk', 'yum', 'dnf', 'microdnf', 'rpm', 'zypper', 'tdnf', 'pip', 'pip3', 'npm', 'gem'],
  compiler: ['gcc', 'g++', 'cc', 'c++', 'clang', 'tcc', 'make', 'go', 'rustc', 'cargo', 'javac'],
  debugger: ['gdb', 'strace', 'ltrace', 'lldb', 'perf'],
  network: ['curl', 'wget', 'nc', 'ncat', 'netcat', 'socat', 'nmap', 'telnet', 'ftp', 'ssh', 'scp', 'tcpdump'],
  'ssh-server': ['sshd', 'dropbear'],
};
const TOOL_BY_NAME = new Map(Object.entries(TOOLS).flatMap(([cat, names]) => names.map((n) => [n, cat as ToolCategory])));
const BIN_DIRS = new Set(['bin', 'sbin', 'usr/bin', 'usr/sbin', 'usr/local/bin', 'usr/local/sbin']);
/** World-writable directories that are meant to be (with or without the sticky bit). */
const SCRATCH_DIRS = /^(?:tmp|var\/tmp|dev\/shm|run\/lock|var\/lock)(?:\/|$)/;

function toolOf(path: string): ToolCategory | undefined {
  return BIN_DIRS.has(posix.dirname(path)) ? TOOL_BY_NAME.get(posix.basename(path)) : undefined;
}

export const fileMetaAnalyzer = defineAnalyzer({
  id: 'file-meta',
  // 2: facts in `facts.fileMeta` (typed) instead of untyped `data`.
  version: 2,
  group: 'file-meta',
  modes: ['image', 'rootfs'],
  needsContent: false,
  matches(path, meta) {
    if (meta.type === 'file' && (meta.mode & 0o6000) !== 0) return true;
    if (meta.type === 'directory' && (meta.mode & 0o002) !== 0) return !SCRATCH_DIRS.test(path);
    return (meta.type === 'file' || meta.type === 'symlink' || meta.type === 'hardlink') && toolOf(path) !== undefined;
  },
  analyze(file) {
    const facts: FileMetaFact[] = [];
    const { meta, path } = file;
    if (meta.type === 'file' && meta.mode & 0o4000) facts.push({ kind: 'setuid', mode: meta.mode });
    if (meta.type === 'file' && meta.mode & 0o2000) facts.push({ kind: 'setgid', mode: meta.mode });
    if (meta.type === 'directory' && meta.mode & 0o002) facts.push({ kind: 'world-writable', mode: meta.mode });
    const category = toolOf(path);
    if (category) facts.push({ kind: 'tool', category, name: posix.basename(path) });
    return facts.length ? { facts: { fileMeta: facts } } : undefined;
  },
});
