/** Where a file or package came from inside an image. */

export interface LayerRef {
  /** Position in the image, 0 = base layer. */
  index: number;
  /** Digest of the blob as stored (compressed), `sha256:…`. Empty for a rootfs/fs pseudo-layer. */
  digest: string;
  /** Digest of the uncompressed tar (OCI diff_id), `sha256:…`. Empty for a rootfs/fs pseudo-layer. */
  diffId: string;
  /** The history `created_by` line that produced this layer, when known. */
  createdBy?: string;
}

export interface Location {
  /** POSIX path relative to the root, without a leading slash (`var/lib/dpkg/status`). */
  path: string;
  /** diffID-free short reference: the layer's `digest` (absent, or '' in older cached results, outside images). */
  layer?: string;
  /** Layer index, when inside an image. */
  layerIndex?: number;
}
