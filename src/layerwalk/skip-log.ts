/**
 * Files an analyzer deliberately did not analyze, by reason: one warning per (analyzer, reason) with a
 * count and a few example paths in the report (thousands of `.png` lines would bury everything else),
 * and every path under `--debug`.
 */
const EXAMPLES = 3;

export class SkipLog {
  private readonly byReason = new Map<string, { analyzer: string; reason: string; count: number; examples: string[] }>();

  constructor(private readonly debug?: (message: string) => void) {}

  add(analyzer: string, path: string, reason: string): void {
    this.debug?.(`${path}: not analyzed by ${analyzer}: ${reason}`);
    const key = `${analyzer}\0${reason}`;
    let e = this.byReason.get(key);
    if (!e) this.byReason.set(key, (e = { analyzer, reason, count: 0, examples: [] }));
    e.count++;
    if (e.examples.length < EXAMPLES) e.examples.push(path);
  }

  summary(): string[] {
    return [...this.byReason.values()].map((e) => {
      const more = e.count > e.examples.length ? `, … (${e.count - e.examples.length} more; --debug lists them)` : '';
      return `${e.analyzer}: ${e.count} file${e.count === 1 ? '' : 's'} not analyzed (${e.reason}): ${e.examples.join(', ')}${more}`;
    });
  }
}
