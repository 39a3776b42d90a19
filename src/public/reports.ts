/** `bulwark/reports`: one writer per output format (Report in, text out), as the CLI's `--format` uses them. */
export { writerFor, reportFormats, allWriters, checkFormat, writeJson } from '../reports/index.js';
export type { ReportWriter, WriterOptions } from '../reports/index.js';
