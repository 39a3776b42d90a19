/** Options every table section receives. */
import type { Report } from '../../core/index.js';

export interface TableOptions {
  color: boolean;
  /** Column cap in characters. */
  maxWidth: number;
  /** Terminal width to fit (a TTY); undefined prints full width (pipes, files). */
  width?: number;
}

/** A table section renders one part of the report, or nothing when it has nothing to say. */
export type TableSection = (report: Report, opts: TableOptions) => string | undefined;
