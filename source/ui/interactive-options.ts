import type { RunFlags } from '../commands/run.js';
import type { PartialAnswers } from '../engine/questions.js';
import type { Step } from '../engine/step.js';

/** What the interactive (Ink) run receives from the CLI. */
export interface InteractiveOptions {
  steps: Step[];
  /** Answers known so far: a partial answers file, the checkpoint's, or nothing. */
  raw: PartialAnswers;
  /** Relative paths in answers resolve against this directory. */
  baseDir: string;
  stateDir: string;
  flags: RunFlags;
  env: NodeJS.ProcessEnv;
  /** The exact command that resumes this run, for the screen. */
  resumeCommand: string;
  /** Aborted on Ctrl+C / SIGTERM. */
  signal: AbortSignal;
}
