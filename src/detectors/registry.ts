/** The one list of detectors, in reporting order. Add a detector here. */
import type { Detector } from './contract.js';
import { secretsDetector } from './secrets/detector.js';
import { dockerfileDetector } from './misconfig/dockerfile/detector.js';

export const builtinDetectors: readonly Detector[] = [
  secretsDetector,
  dockerfileDetector,
];
