/**
 * License files (LICENSE, COPYING, …) classified by text. Debian copyright files are not read here:
 * the dpkg analyzer attaches their `License:` names to each package as declared licenses.
 */
import { posix } from 'node:path';
import { defineAnalyzer } from '../contract.js';
import { classifyLicenseText } from './classify.js';

const LICENSE_FILE = /^(?:licen[cs]e|copying|unlicense|copyright)(?:[-._](?:md|txt|rst|mit|apache|bsd|gpl)[\w.-]*)?$|^(?:mit|apache|bsd|gpl|lgpl|mpl)[-_.]?licen[cs]e(?:\.\w+)?$/i;
export const licenseFilesAnalyzer = defineAnalyzer({
  id: 'license-files',
  version: 1,
  group: 'license',
  maxBytes: 256 * 1024,
  matches: (path, meta) => meta.type === 'file' && LICENSE_FILE.test(posix.basename(path)) && !path.startsWith('usr/share/doc/'),
  analyze(file) {
    if (!file.content) return undefined;
    const c = classifyLicenseText(file.content.toString('utf8'));
    return c ? { licenses: [{ license: c.license, confidence: c.confidence }] } : undefined;
  },
});
