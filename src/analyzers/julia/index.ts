export { juliaManifestAnalyzer } from './manifest.js';
