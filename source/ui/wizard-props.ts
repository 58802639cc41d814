import type { Resolution } from '../engine/answers.js';
import type { CheckpointData } from '../engine/checkpoint.js';
import type { Draft } from '../engine/draft.js';
import type { Emit } from '../engine/events.js';
import type { RunResult } from '../engine/machine.js';
import type { PartialAnswers, Question } from '../engine/questions.js';
import type { Step, StepOutputs } from '../engine/step.js';

/** The only process work of the interactive run goes through here (runSteps in production). */
export interface WizardServices {
  run(input: { resolution: Resolution; resume: boolean; dryRun: boolean; emit: Emit; signal: AbortSignal }): Promise<RunResult>;
  /** The outputs the steps recorded (the checkpoint's), for the final tables. */
  outputs(): Record<string, StepOutputs | undefined>;
  /** Writes the answers file; without `overwrite`, an existing file is left as it is and 'exists' returned. */
  saveAnswers(file: string, content: string, options?: { overwrite?: boolean }): 'exists' | void;
  /** The answers typed in an earlier session that ended before a run (the state directory's draft). */
  loadDraft(): Draft | undefined;
  saveDraft(draft: Draft): void;
  removeDraft(): void;
  /** The question's machine check of the answers so far (Question.check): the problem with its fix, or undefined. */
  checkAnswer(question: Question, answers: PartialAnswers): Promise<string | undefined>;
}

export type ReviewChoice = 'start' | 'change' | 'advanced' | 'save' | 'quit';

export interface WizardProps {
  steps: Step[];
  /** Answers known at the start: a partial answers file, the checkpoint's (--resume), or nothing. */
  raw: PartialAnswers;
  /** Given by an answers file: ask only what is missing or bad. */
  fromAnswersFile: boolean;
  baseDir: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stateDir: string;
  resume: boolean;
  dryRun: boolean;
  /** --verbose: the commands' output goes to the log on screen too. */
  verbose?: boolean;
  resumeCommand: string;
  /** How pmf-wizard was started (`npx pmf-wizard`, ...), for the commands printed. */
  invocation: string;
  /** The checkpoint found in the state directory: offered for resume when not --resume, or when a newer draft is there. */
  checkpoint?: CheckpointData;
  /** --resume or --yes: with no checkpoint, a draft is taken without asking. */
  takeDraft?: boolean;
  services: WizardServices;
  /** Aborted by the CLI on SIGINT/SIGTERM. */
  signal?: AbortSignal;
  onExit: (exitCode: number) => void;
}

/** Where the answers file goes unless the person names another (relative to the working directory). */
export const DEFAULT_ANSWERS_FILE = 'pmf-wizard-answers.json';
