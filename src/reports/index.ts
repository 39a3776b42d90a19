/** Report writers: Report in, bytes out. Entry point for other folders. */
export { allWriters, checkFormat, outputWriterFor, writerFor, reportFormats, type ReportWriter, type WriterOptions } from './registry.js';
export { writeJson } from './json.js';
export type { TableSection, TableOptions } from './table/index.js';
