/** Image sources: the user's argument → one `ImageSource`. Entry point for other folders. */
import type { ImageSource, OpenImageOptions } from './contract.js';
import { detectInput } from './detect.js';
import { openDockerArchive } from './docker-archive/index.js';
import { openOciArchive, openOciLayout } from './oci-layout/index.js';
import { openRegistryImage } from './registry/index.js';

export * from './contract.js';
export { detectInput, splitPathSelector, type DetectedInput } from './detect.js';
export { parseSbom, type SbomDocument } from './sbom/index.js';

/** Opens any supported image: archive, layout or registry reference (auto-detected; `inputType` overrides). */
export async function openImage(target: string, opts: OpenImageOptions = {}): Promise<ImageSource> {
  const input = await detectInput(target, opts.inputType);
  switch (input.type) {
    case 'docker-archive': return openDockerArchive(input.path, input.selector, opts, target);
    case 'oci-layout': return openOciLayout(input.path, input.selector, opts, target);
    case 'oci-archive': return openOciArchive(input.path, input.selector, opts, target);
    case 'registry': return openRegistryImage(input.path, opts);
  }
}
