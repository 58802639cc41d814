import { CommandRunner } from '../adapters/process.js';
import type { RunnerFactory } from '../engine/runner.js';

/** The real runner the commands hand to the engine and the steps: processes through the adapter. */
export const runnerFor: RunnerFactory = (options) => new CommandRunner(options);
