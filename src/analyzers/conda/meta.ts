/**
 * Installed conda packages (image and rootfs): one `<prefix>/conda-meta/<name>-<version>-<build>.json`
 * per package, written by conda/mamba at link time, with name, version, build, channel, subdir and
 * license. The purl carries the conda qualifiers (`pkg:conda/openssl@3.0.13?build=h7f8727e_0&channel=main&subdir=linux-64&type=conda`).
 */
import { BulwarkError } from '../../core/index.js';
import { defineAnalyzer, type AnalyzerFile } from '../contract.js';
import { guarded, langPackage, purlOf } from '../shared/lang-package.js';

const ID = 'conda-meta';

interface Meta { name?: unknown; version?: unknown; build?: unknown; channel?: unknown; subdir?: unknown; license?: unknown; fn?: unknown }

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** `https://repo.anaconda.com/pkgs/main/linux-64` → `main`; `conda-forge` stays. */
function channelName(channel: string, subdir: string | undefined): string {
  let c = channel.replace(/\/+$/, '');
  if (subdir && c.endsWith('/' + subdir)) c = c.slice(0, -subdir.length - 1);
  return c.slice(c.lastIndexOf('/') + 1);
}

function parseCondaMeta(text: string) {
  const m = JSON.parse(text) as Meta;
  const name = str(m?.name);
  const version = str(m?.version);
  if (!name || !version) throw new BulwarkError('MALFORMED_DOCUMENT', 'conda-meta record without name or version');
  const q: Record<string, string> = {};
  const build = str(m.build);
  const subdir = str(m.subdir);
  const channel = str(m.channel);
  const fn = str(m.fn);
  if (build) q.build = build;
  if (channel) q.channel = channelName(channel, subdir);
  if (subdir) q.subdir = subdir;
  if (fn) q.type = fn.endsWith('.conda') ? 'conda' : fn.endsWith('.tar.bz2') ? 'tar.bz2' : '';
  if (!q.type) delete q.type;
  return { name, version, license: str(m.license), purl: purlOf('conda', undefined, name, version, Object.keys(q).length ? q : undefined) };
}

export const condaMetaAnalyzer = defineAnalyzer({
  id: ID,
  version: 1,
  group: 'language',
  modes: ['image', 'rootfs'],
  maxBytes: 16 * 1024 * 1024,
  matches: (path: string) => /(?:^|\/)conda-meta\/[^/]+\.json$/.test(path),
  analyze: (file: AnalyzerFile) => guarded(file, (text) => {
    const p = parseCondaMeta(text);
    return { packages: [langPackage({ ecosystem: 'conda', name: p.name, version: p.version, purl: p.purl, file, foundBy: ID, licenses: [p.license] })] };
  }),
});
