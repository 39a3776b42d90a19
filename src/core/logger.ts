/** Logger port: the library logs through this; only entry points (cli, server) decide where it goes. */

export interface Logger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Collects messages in memory; used by tests and by scans that report warnings. */
export function memoryLogger(): Logger & { messages: Array<{ level: string; msg: string }> } {
  const messages: Array<{ level: string; msg: string }> = [];
  const push = (level: string) => (msg: string) => void messages.push({ level, msg });
  return { messages, debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
}
