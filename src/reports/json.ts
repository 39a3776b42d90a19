/** The JSON report: the Report envelope as is (docs/report.schema.json), two-space indented. */
import type { Report } from '../core/index.js';

export function writeJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
