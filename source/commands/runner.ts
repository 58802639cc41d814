import { CommandRunner } from '../adapters/process.js';
import { liveProcesses } from '../adapters/process-table.js';
import type { RunnerFactory, RunnerOptions } from '../engine/runner.js';

/**
 * The real runner the commands hand to the engine and the steps: processes through the adapter.
 * The process table goes with it, so that the run's lock can tell a live wizard from a reused
 * pid and stop what a crashed run left running.
 */
export const runnerFor: RunnerFactory = Object.assign((options: RunnerOptions) => new CommandRunner(options), { processes: liveProcesses });
