/**
 * The image's own purl (purl-spec `oci` type): `pkg:oci/<name>@<manifest digest>?arch=…&repository_url=…&tag=…`.
 * The name is the repository's last part as the image source determined it (`ImageIdentity.name`), never a
 * tag: an OCI layout tagged only `latest` is named after its directory, with `tag=latest`.
 */
import { PackageURL } from 'packageurl-js';
import type { ImageIdentity } from '../core/index.js';

export function imagePurl(image: ImageIdentity): string | undefined {
  const digest = image.manifestDigest ?? image.repoDigests[0]?.split('@')[1];
  const n = image.name;
  if (!digest || !n?.name) return undefined;
  const qualifiers: Record<string, string> = {
    arch: image.platform.architecture,
    ...(n.repository ? { repository_url: n.repository } : {}),
    ...(n.tag ? { tag: n.tag } : {}),
  };
  return new PackageURL('oci', undefined, n.name.toLowerCase(), digest, qualifiers, undefined).toString();
}
