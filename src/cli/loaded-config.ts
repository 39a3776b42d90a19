/** The bulwark.yaml this process loaded (set once by main's preAction hook, read by commands). */
import type { BulwarkConfig } from '../config/index.js';

let loaded: { config: BulwarkConfig; path?: string } = { config: {} };

export function setLoadedConfig(value: { config: BulwarkConfig; path?: string }): void {
  loaded = value;
}

export function loadedConfig(): { config: BulwarkConfig; path?: string } {
  return loaded;
}
