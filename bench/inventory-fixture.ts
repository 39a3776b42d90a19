/**
 * Fixtures of the inventory benchmark, built once under bench/work/ (git-ignored) and reused:
 * - debian-min: `debootstrap --variant=minbase bookworm` (Debian's mirror), minus the downloaded .debs
 *   and apt lists, as the official debian image ships it;
 * - debian-apt: a copy of it where `apt-get install --no-install-recommends curl ca-certificates` ran in
 *   a chroot; the files it created or changed (ctime after a marker) are the apt layer;
 * - app: a real `npm install` of express + pino;
 * - a 6-layer docker-archive (test/fixtures/image-builder.ts) and its ground truth.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildImage, writeDockerArchive, type FixtureEntry } from '../test/fixtures/image-builder.js';

export const WORK = new URL('./work/', import.meta.url).pathname;
export const DEBIAN_MIN = join(WORK, 'debian-min');
const DEBIAN_APT = join(WORK, 'debian-apt');
const APP = join(WORK, 'app');
const APT_LAYER_LIST = join(WORK, 'apt-layer.txt');
/** Python distributions copied into the image (this machine's Debian-packaged site-packages). */
const PY_SITE = '/usr/lib/python3/dist-packages';
const APT_PACKAGES = ['curl', 'ca-certificates'];
const APP_MANIFEST = { name: 'inventory-bench-app', version: '1.0.0', private: true, dependencies: { express: '4.21.2', pino: '9.5.0' } };

const sh = (cmd: string, args: string[], opts: { cwd?: string } = {}): string =>
  execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'], ...opts });

/** Installed (ii/hi) dpkg packages of a root, as `name@version`: the ground truth. */
export function dpkgInstalled(root: string): string[] {
  const admin = join(root, 'var/lib/dpkg');
  const out = sh('dpkg-query', [`--admindir=${admin}`, '-W', '-f', '${db:Status-Abbrev}\t${Package}\t${Version}\n']);
  return out.split('\n').filter((l) => /^[ih]i/.test(l)).map((l) => { const [, n, v] = l.split('\t'); return `${n}@${v}`; }).sort();
}

function clean(root: string): void {
  sh('sh', ['-c', `rm -f '${root}'/var/cache/apt/archives/*.deb '${root}'/var/cache/apt/*.bin; rm -rf '${root}'/var/lib/apt/lists/*; mkdir -p '${root}'/var/lib/apt/lists/partial`]);
}

export function ensureDebianMin(): void {
  if (existsSync(join(DEBIAN_MIN, 'var/lib/dpkg/status'))) return;
  mkdirSync(WORK, { recursive: true });
  console.error('building bench/work/debian-min with debootstrap (minutes) …');
  sh('debootstrap', ['--variant=minbase', 'bookworm', DEBIAN_MIN, 'http://deb.debian.org/debian']);
  clean(DEBIAN_MIN);
}

function ensureAptLayer(): void {
  if (existsSync(APT_LAYER_LIST)) return;
  rmSync(DEBIAN_APT, { recursive: true, force: true });
  sh('cp', ['-a', DEBIAN_MIN, DEBIAN_APT]);
  const marker = join(WORK, 'apt-marker');
  writeFileSync(marker, '');
  const past = new Date(Date.now() - 2000);
  utimesSync(marker, past, past);
  console.error(`apt-get install ${APT_PACKAGES.join(' ')} in a chroot of debian-apt …`);
  sh('chroot', [DEBIAN_APT, 'apt-get', 'update', '-qq']);
  execFileSync('chroot', [DEBIAN_APT, 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...APT_PACKAGES],
    { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  sh('chroot', [DEBIAN_APT, 'apt-get', 'clean']);
  clean(DEBIAN_APT);
  // ctime is set by every create/rename/chmod, also for files dpkg unpacks with their packaged mtime.
  const changed = sh('find', ['.', '-cnewer', marker, '!', '-type', 'd'], { cwd: DEBIAN_APT });
  writeFileSync(APT_LAYER_LIST, changed);
}

function ensureApp(): void {
  if (existsSync(join(APP, 'node_modules/.package-lock.json'))) return;
  mkdirSync(APP, { recursive: true });
  writeFileSync(join(APP, 'package.json'), `${JSON.stringify(APP_MANIFEST, null, 2)}\n`);
  console.error('npm install in bench/work/app …');
  sh('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: APP });
}

function aptLayerEntries(): FixtureEntry[] {
  const out: FixtureEntry[] = [];
  for (const rel of readFileSync(APT_LAYER_LIST, 'utf8').split('\n').filter(Boolean)) {
    const p = rel.replace(/^\.\//, '');
    const abs = join(DEBIAN_APT, p);
    const st = lstatSync(abs);
    if (st.isSymbolicLink()) out.push({ path: p, type: 'symlink', linkname: readlinkSync(abs) });
    else if (st.isFile()) out.push({ path: p, hostPath: abs, mode: st.mode & 0o7777 });
  }
  return out;
}

export interface ImageTruth {
  debian: string[];
  npm: string[];
  pypi: string[];
}

function npmTruth(): string[] {
  const lock = JSON.parse(readFileSync(join(APP, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  const out = new Set<string>();
  for (const [key, v] of Object.entries(lock.packages)) if (key) out.add(`${key.split('node_modules/').pop()}@${v.version}`);
  return [...out].sort();
}

function pypiTruth(): string[] {
  const py = `import importlib.metadata as m\nfor d in m.distributions(path=['${PY_SITE}']): print(d.metadata['Name'] + '@' + d.version)`;
  // A distribution may have both a .dist-info and an .egg-info directory (cryptography here): one package.
  const lines = sh('python3', ['-c', py]).split('\n').filter(Boolean);
  return [...new Set(lines.map((l) => l.replace(/^[^@]+/, (n) => n.toLowerCase().replace(/[-_.]+/g, '-'))))].sort();
}

/** Builds (once) bench/work/app-image.tar, a 6-layer docker-archive, and returns its ground truth. */
export async function ensureImage(): Promise<{ archive: string; truth: ImageTruth; layers: string[] }> {
  ensureDebianMin();
  ensureAptLayer();
  ensureApp();
  const archive = join(WORK, 'app-image.tar');
  const layers = [
    'debian-min rootfs (debootstrap minbase bookworm)',
    `RUN apt-get install ${APT_PACKAGES.join(' ')} (files created/changed by apt in a chroot)`,
    'COPY package.json package-lock.json /app/',
    'RUN npm ci → /app/node_modules',
    `COPY ${PY_SITE} /usr/local/lib/python3.11/site-packages`,
    'COPY server.js /app/',
  ];
  if (!existsSync(archive)) {
    console.error('building bench/work/app-image.tar …');
    const img = await buildImage({
      repoTags: ['bench/inventory-app:1'],
      layers: [
        { hostDirs: [{ hostDir: DEBIAN_MIN, path: '' }], createdBy: layers[0] },
        { entries: aptLayerEntries(), createdBy: layers[1] },
        { entries: ['package.json', 'package-lock.json'].map((n) => ({ path: `app/${n}`, hostPath: join(APP, n) })), createdBy: layers[2] },
        { hostDirs: [{ hostDir: join(APP, 'node_modules'), path: 'app/node_modules' }], createdBy: layers[3] },
        { hostDirs: [{ hostDir: PY_SITE, path: 'usr/local/lib/python3.11/site-packages' }], createdBy: layers[4] },
        { entries: [{ path: 'app/server.js', content: "require('express')().listen(8080);\n" }], createdBy: layers[5] },
      ],
    });
    await writeDockerArchive(archive, [img]);
  }
  return { archive, truth: { debian: dpkgInstalled(DEBIAN_APT), npm: npmTruth(), pypi: pypiTruth() }, layers };
}
