/** Where an analyzer found something: the file path plus the image layer it came from. */
import type { Location } from '../../core/index.js';
import type { AnalyzerFile } from '../contract.js';

export function locationOf(file: Pick<AnalyzerFile, 'path' | 'layer'>): Location {
  return file.layer.digest
    ? { path: file.path, layer: file.layer.digest, layerIndex: file.layer.index }
    : { path: file.path, layer: '' };
}
