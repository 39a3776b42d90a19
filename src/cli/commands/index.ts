/** The one list of CLI commands. Each module exports `register(program, setExitCode)`. */
import type { Command } from 'commander';

export type SetExitCode = (code: number) => void;
export type RegisterCommand = (program: Command, setExitCode: SetExitCode) => void;

export const commands: RegisterCommand[] = [
];
