/**
 * Builds the bundled demo image (demo/out/demo-image.tar, docker-archive) from the files in demo/:
 * a Debian 11 base with pre-fix package versions, an apt layer, a Node app with old dependencies,
 * Python packages, and an SSH key that a later layer deletes (still extractable from the image).
 * The key and the ENV password are generated fresh on every build, so no secret sits in the repo.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildImage, writeDockerArchive } from '../test/fixtures/image-builder.js';

export async function buildDemoImage(outDir: string): Promise<string> {
  const demo = join(import.meta.dirname, '..', 'demo');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const dbPassword = randomBytes(12).toString('base64url');
  const image = await buildImage({
    repoTags: ['bulwark-demo/api:1.0'],
    layers: [
      { hostDirs: [{ hostDir: join(demo, 'base'), path: '' }], createdBy: 'ADD rootfs.tar.xz / # debian:11' },
      { hostDirs: [{ hostDir: join(demo, 'apt-layer'), path: '' }], createdBy: '/bin/sh -c apt-get update && apt-get install -y curl python3.9-minimal nodejs' },
      { hostDirs: [{ hostDir: join(demo, 'app'), path: 'app' }], createdBy: 'COPY app/ /app # buildkit' },
      { hostDirs: [{ hostDir: join(demo, 'python'), path: '' }], createdBy: '/bin/sh -c pip install requests==2.19.1 PyYAML==5.3' },
      { entries: [{ path: 'root/.ssh/id_rsa', content: pem, mode: 0o600 }], createdBy: 'COPY id_rsa /root/.ssh/id_rsa # buildkit' },
      { whiteouts: ['root/.ssh/id_rsa'], createdBy: '/bin/sh -c rm /root/.ssh/id_rsa' },
    ],
    emptyHistory: ['EXPOSE map[22/tcp:{} 8080/tcp:{}]', 'CMD ["node" "/app/server.js"]'],
    config: {
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `DATABASE_URL=postgres://api:${dbPassword}@db:5432/api`],
      Cmd: ['node', '/app/server.js'],
      WorkingDir: '/app',
      ExposedPorts: { '22/tcp': {}, '8080/tcp': {} },
      Labels: { 'org.opencontainers.image.title': 'bulwark-demo-api' },
    },
  });
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, 'demo-image.tar');
  await writeDockerArchive(out, [image]);
  return out;
}
