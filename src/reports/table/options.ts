/** Options every table section receives. */
export interface TableOptions {
  color: boolean;
  /** Column cap in characters. */
  maxWidth: number;
}

/** A table section renders one part of the report, or nothing when it has nothing to say. */
export type TableSection = (report: import('../../core/index.js').Report, opts: TableOptions) => string | undefined;
