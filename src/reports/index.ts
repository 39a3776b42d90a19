/** Report writers: Report in, bytes out. Entry point for other folders. */
export { writers, writerFor, reportFormats, type ReportWriter, type WriterOptions } from './registry.js';
export { writeJson } from './json.js';
export { writeTable, tableSections, type TableSection, type TableOptions } from './table/index.js';
