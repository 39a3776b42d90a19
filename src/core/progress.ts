/** Progress port: long work reports here; the CLI draws a bar only on a TTY. */

export interface Progress {
  /** Starts (or restarts) a task with a known total, in `unit`s (bytes, files, records). */
  start(task: string, total: number, unit?: string): void;
  advance(task: string, delta: number): void;
  done(task: string): void;
}

export const noProgress: Progress = { start: () => undefined, advance: () => undefined, done: () => undefined };
