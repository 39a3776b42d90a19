/** The one list of CLI commands. Each module exports `register(program, setExitCode, config)`. */
import type { Command } from 'commander';
import type { BulwarkConfig } from '../../config/index.js';
import { register as registerImage } from './image.js';
import { register as registerRootfs } from './rootfs.js';
import { register as registerFs } from './fs.js';
import { register as registerCache } from './cache.js';
import { register as registerDb } from './db.js';
import { register as registerK8s } from './k8s.js';
import { register as registerSbom } from './sbom.js';
import { register as registerGraph } from './graph.js';
import { register as registerVerify } from './verify.js';
import { register as registerSign } from './sign.js';
import { register as registerAdmission } from './admission.js';
import { register as registerIac } from './iac.js';
import { register as registerServer, registerWorker } from './server.js';
import { register as registerRegistry } from './registry.js';
import { register as registerRuntime } from './runtime.js';
import { register as registerCloud } from './cloud.js';

export type SetExitCode = (code: number) => void;
/** `config()` is the checked bulwark.yaml of this run (loaded before any action runs). */
export type RegisterCommand = (program: Command, setExitCode: SetExitCode, config: () => BulwarkConfig) => void;

export const commands: RegisterCommand[] = [
  registerImage,
  registerRootfs,
  registerFs,
  registerCache,
  registerDb,
  registerK8s,
  registerSbom,
  registerGraph,
  registerVerify,
  registerSign,
  registerAdmission,
  registerIac,
  registerServer,
  registerWorker,
  registerRegistry,
  registerRuntime,
  registerCloud,
];
