/**
 * Tar and compression primitives (level 1: imports only core): header decoding shared by the seeking
 * archive index in sources/ and the streaming parser in layerwalk/, and compression sniffing.
 */
export {
  BLOCK, parseTarHeader, parsePax, applyOverrides, isZeroBlock, padded, type TarHeader,
} from './header.js';
export { sniffCompression } from './compression.js';
