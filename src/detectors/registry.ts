/** The one list of detectors, in reporting order. Add a detector here. */
import type { Detector } from './contract.js';
import { vulnerabilityDetector } from './vulnerability/index.js';
import { secretsDetector } from './secrets/detector.js';
import { dockerfileDetector } from './misconfig/dockerfile/detector.js';
import { imageHardeningDetector } from './misconfig/image/detector.js';
import { licensesDetector } from './licenses/detector.js';
import { malwareDetector } from './malware/detector.js';

// Imported with `await import()` by ./index.ts (loadBuiltinDetectors), which the unused-export check does not follow.
// ts-unused-exports:disable-next-line
export const builtinDetectors: readonly Detector[] = [
  vulnerabilityDetector,
  secretsDetector,
  dockerfileDetector,
  imageHardeningDetector,
  licensesDetector,
  malwareDetector,
];
