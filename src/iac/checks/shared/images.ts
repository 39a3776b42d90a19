/** Image references: what "pinned to a version" means for the workload checks (Compose, ECS, Cloud Run). */

/** An image with no tag or with `latest`, and no digest. */
export function unpinnedImage(img: string): boolean {
  if (img.includes('@sha256:')) return false;
  const tag = /:([^/:]+)$/.exec(img)?.[1];
  return !tag || tag === 'latest';
}
