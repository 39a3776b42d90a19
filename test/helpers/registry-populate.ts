/**
 * Test helper: pushes fixture images into a registry with Bulwark's own client (blobs skipped when present,
 * so shared base layers are uploaded once). Fast enough for hundreds of tags; tests that need an
 * independent client use `skopeoPush` instead.
 */
import { RegistryClient, type RegistryClientOptions } from '../../src/oci/index.js';
import type { BuiltImage } from '../fixtures/image-builder.js';

export async function pushImage(client: RegistryClient, repository: string, tag: string, img: BuiltImage): Promise<string> {
  for (const b of [...img.layers, img.config]) await client.putBlob(repository, b.data);
  return client.putManifest(repository, tag, img.manifest.data, img.manifest.mediaType);
}

export function pushClient(host: string, opts: RegistryClientOptions = {}): RegistryClient {
  return new RegistryClient(host, opts);
}
