/** Where an analyzer found something: the file path plus the image layer it came from. */
import type { Location } from '../../core/index.js';
import type { AnalyzerFile } from '../contract.js';

export function locationOf(file: Pick<AnalyzerFile, 'path' | 'layer'>): Location {
  return file.layer.digest
    ? { path: file.path, layer: file.layer.digest, layerIndex: file.layer.index }
    // Outside images (directory walks): the path alone, exactly what the inventory's located copy holds, so
    // the inventory can keep the analyzer's package object instead of copying it (120k lockfile packages).
    : { path: file.path };
}
