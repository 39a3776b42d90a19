/**
 * License files (LICENSE, COPYING, NOTICE…) classified by text, and Debian machine-readable copyright
 * files (DEP-5 `License:` fields) for dpkg packages, which carry no license in their status stanza.
 */
import { posix } from 'node:path';
import { defineAnalyzer, type LicenseHit } from '../contract.js';
import { classifyLicenseText } from './classify.js';

const LICENSE_FILE = /^(?:licen[cs]e|copying|unlicense|copyright)(?:[-._](?:md|txt|rst|mit|apache|bsd|gpl)[\w.-]*)?$|^(?:mit|apache|bsd|gpl|lgpl|mpl)[-_.]?licen[cs]e(?:\.\w+)?$/i;
const DEBIAN_COPYRIGHT = /^usr\/share\/doc\/([^/]+)\/copyright$/;

/** DEP-5 short names → SPDX ids (www.debian.org/doc/packaging-manuals/copyright-format/1.0/#license-short-name). */
const DEP5: Record<string, string> = {
  'Expat': 'MIT', 'MIT': 'MIT', 'MIT/X': 'MIT', 'MIT/X11': 'MIT', 'X11': 'X11', 'GPL-1': 'GPL-1.0-only', 'GPL-1+': 'GPL-1.0-or-later', 'GPL-2': 'GPL-2.0-only', 'GPL-2+': 'GPL-2.0-or-later',
  'GPL-3': 'GPL-3.0-only', 'GPL-3+': 'GPL-3.0-or-later', 'LGPL-2': 'LGPL-2.0-only', 'LGPL-2+': 'LGPL-2.0-or-later',
  'LGPL-2.1': 'LGPL-2.1-only', 'LGPL-2.1+': 'LGPL-2.1-or-later', 'LGPL-3': 'LGPL-3.0-only', 'LGPL-3+': 'LGPL-3.0-or-later',
  'AGPL-3': 'AGPL-3.0-only', 'AGPL-3+': 'AGPL-3.0-or-later', 'GFDL-1.2+': 'GFDL-1.2-or-later', 'GFDL-1.3+': 'GFDL-1.3-or-later',
  'Artistic': 'Artistic-1.0-Perl', 'Artistic-2': 'Artistic-2.0', 'BSD-2-clause': 'BSD-2-Clause', 'BSD-3-clause': 'BSD-3-Clause',
  'BSD-4-clause': 'BSD-4-Clause', 'Apache-2': 'Apache-2.0', 'Apache-2.0': 'Apache-2.0', 'MPL-1.1': 'MPL-1.1', 'MPL-2.0': 'MPL-2.0',
  'Zlib': 'Zlib', 'zlib': 'Zlib', 'ISC': 'ISC', 'CC0-1.0': 'CC0-1.0', 'public-domain': 'LicenseRef-public-domain', 'PSF-2': 'Python-2.0',
};

/** Distinct SPDX-mapped license names from a DEP-5 file's `License:` fields (unmapped names kept as LicenseRef). */
export function parseDebianCopyright(text: string): string[] {
  if (!/^Format:\s*\S*copyright-format/im.test(text)) return [];
  const names = new Set<string>();
  for (const m of text.matchAll(/^License:[ \t]*(\S[^\n]*)$/gm)) {
    for (const part of m[1].split(/\s+(?:or|and)\s+|\s*[|,]\s*/i)) {
      const name = part.trim().replace(/\s+with\s+.*$/i, '');
      if (name) names.add(DEP5[name] ?? `LicenseRef-${name.replace(/\+$/, '-or-later').replace(/[^A-Za-z0-9.-]+/g, '-')}`);
    }
  }
  names.delete('');
  return [...names].sort();
}

export const licenseFilesAnalyzer = defineAnalyzer({
  id: 'license-files',
  version: 1,
  group: 'license',
  maxBytes: 256 * 1024,
  matches: (path, meta) => meta.type === 'file' && (DEBIAN_COPYRIGHT.test(path) || LICENSE_FILE.test(posix.basename(path))),
  analyze(file) {
    if (!file.content) return undefined;
    const text = file.content.toString('utf8');
    const deb = DEBIAN_COPYRIGHT.exec(file.path);
    if (deb) {
      const licenses = parseDebianCopyright(text);
      return licenses.length ? { licenses: licenses.map((license): LicenseHit => ({ license, confidence: 1 })), data: { debianPackage: deb[1] } } : undefined;
    }
    const c = classifyLicenseText(text);
    return c ? { licenses: [{ license: c.license, confidence: c.confidence }] } : undefined;
  },
});
