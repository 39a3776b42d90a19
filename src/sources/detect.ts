/**
 * Decides what the user's image argument is: docker-archive tar, OCI layout directory, OCI archive tar,
 * or a registry reference. `path:selector` (skopeo style) names one image inside a multi-image archive.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BulwarkError } from '../core/index.js';
import type { InputType } from './contract.js';
import { tarStore } from './oci-layout/index.js';

export interface DetectedInput {
  type: InputType;
  /** Filesystem path (archives, layouts) or the reference (registry). */
  path: string;
  /** Tag selecting one image inside an archive/layout holding several. */
  selector?: string;
}

/** `images.tar:app:1` → path `images.tar`, selector `app:1` when `images.tar` exists. */
export function splitPathSelector(target: string): { path: string; selector?: string } | undefined {
  if (existsSync(target)) return { path: target };
  for (let i = target.indexOf(':'); i > 0; i = target.indexOf(':', i + 1)) {
    const path = target.slice(0, i);
    if (existsSync(path)) return { path, selector: target.slice(i + 1) || undefined };
  }
  return undefined;
}

const looksLikePath = (t: string) => /^(\.{0,2}\/|~)/.test(t) || /\.(tar|tgz|tar\.gz|oci)$/i.test(t) || t.includes('\\');

async function tarKind(path: string): Promise<InputType> {
  const store = await tarStore(path);
  try {
    if (store.has('manifest.json')) return 'docker-archive';
    if (store.has('index.json') && store.has('oci-layout')) return 'oci-archive';
    throw new BulwarkError('INPUT_UNRECOGNIZED', `${path}: tar archive is not an image (no manifest.json or index.json + oci-layout)`);
  } finally {
    await store.close();
  }
}

export async function detectInput(target: string, forced?: InputType): Promise<DetectedInput> {
  if (forced === 'registry') return { type: 'registry', path: target };
  const local = splitPathSelector(target);
  if (!local) {
    if (forced || looksLikePath(target)) throw new BulwarkError('INPUT_NOT_FOUND', `${target}: no such file or directory`);
    return { type: 'registry', path: target };
  }
  const { path, selector } = local;
  const st = statSync(path);
  if (st.isDirectory()) {
    if (forced && forced !== 'oci-layout') throw new BulwarkError('INPUT_UNRECOGNIZED', `${path}: a directory cannot be a ${forced}`);
    if (!existsSync(join(path, 'index.json')) || !existsSync(join(path, 'oci-layout'))) {
      throw new BulwarkError('INPUT_UNRECOGNIZED', `${path}: directory is not an OCI image layout (no index.json + oci-layout); use \`bulwark rootfs\` for an unpacked filesystem`);
    }
    return { type: 'oci-layout', path, selector };
  }
  if (!st.isFile()) throw new BulwarkError('INPUT_UNRECOGNIZED', `${path}: not a regular file`);
  if (forced === 'oci-layout') throw new BulwarkError('INPUT_UNRECOGNIZED', `${path}: an OCI layout must be a directory`);
  return { type: forced ?? await tarKind(path), path, selector };
}
