/** Detectors: inventory → findings. Entry point for other folders. */
import type { Detector } from './contract.js';

export * from './contract.js';
export { applySuppressions, loadSuppressions } from './suppress/index.js';

/**
 * The built-in detectors (detectors/registry.ts), loaded on first use: a scan that asks for no scanner
 * (inventory only) never loads them or what they pull in (vulndb, SQLite, rule sets).
 */
export async function loadBuiltinDetectors(): Promise<readonly Detector[]> {
  const { builtinDetectors } = await import('./registry.js');
  return builtinDetectors;
}
export { cycleOf } from './misconfig/image/os-checks.js';
