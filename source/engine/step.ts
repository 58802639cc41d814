import type { FieldProblem } from './errors.js';
import type { PlannedAction, TableEvent } from './events.js';
import type { RunLog } from './log.js';
import type { PartialAnswers, Question } from './questions.js';
import type { Runner } from './runner.js';

export interface DoneCheck {
  done: boolean;
  /** What was looked at, in a sentence: "Liberty 8.5.5 found in /opt/...; server pmf1 exists". */
  detail: string;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue | undefined };

/** A table a step hands to the person, as text cells: the UI prints it as it is, never guesses. */
export interface OutputTable {
  header: string[];
  rows: string[][];
}

/** What a step records in the checkpoint: facts later steps read, and at most one table to show. */
export interface StepOutputs {
  table?: OutputTable;
  [fact: string]: JsonValue | OutputTable | undefined;
}

/** What a step receives: only what it needs, and nothing to draw with. */
export interface StepContext {
  answers: PartialAnswers;
  stateDir: string;
  dryRun: boolean;
  runner: Runner;
  log: RunLog;
  signal: AbortSignal;
  /** Tell the person what is happening now ("Creating server pmf1"). */
  report(message: string): void;
  /** Show a table (a property table, say): each screen folds it to its own width. */
  reportTable(table: OutputTable, layout?: TableEvent['layout']): void;
  /** Outputs recorded by earlier steps (from the checkpoint). */
  outputsOf(stepId: string): StepOutputs | undefined;
  /**
   * A secret the wizard generates once and keeps in a mode-0600 file of the state dir, so
   * that a resume and a later node use the same value. Never in the checkpoint.
   */
  generatedSecret(name: string): string;
  /** Registers a value to be masked in every log line and output. */
  addSecret(value: string): void;
}

export interface Step {
  /** Stable: it is a checkpoint key. */
  id: string;
  title: string;
  questions: Question[];
  /** Whether the step takes part with these answers (default: always). */
  applies?(answers: PartialAnswers): boolean;
  /** Cross-field checks that need no machine: reported with the field problems, exit 2. */
  validate?(answers: PartialAnswers): FieldProblem[];
  /** Checks of the machine made before anything changes (a port taken, ...): exit 2. */
  preflight?(ctx: StepContext): Promise<FieldProblem[]>;
  /** Look at the real world, not only at the checkpoint: check the whole end state the step promises (every piece a crash or a hand could undo), never a marker of having run. */
  isDone(ctx: StepContext): Promise<DoneCheck>;
  /** What run() would do, secrets shown as ****. */
  plan(ctx: StepContext): Promise<PlannedAction[]>;
  /** Do it; idempotent; safe to re-run after a crash anywhere. */
  run(ctx: StepContext): Promise<StepOutputs | void>;
}
