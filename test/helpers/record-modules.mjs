// `node --import ./record-modules.mjs …`: appends every module URL the process loads to $BULWARK_RECORD_MODULES
// (a loader hook, so ESM imports are seen too; require.cache only knows CommonJS).
import { register } from 'node:module';

register('data:text/javascript,' + encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (process.env.BULWARK_RECORD_MODULES) appendFileSync(process.env.BULWARK_RECORD_MODULES, url + '\\n');
  return next(url, context);
}`));
