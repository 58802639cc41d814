import type { TableLayout } from './output-table.js';
import type { OutputTable } from './step.js';

/** What the engine tells the outside: the plain, NDJSON and Ink renderers all read these. */
export interface PlannedAction {
  summary: string;
  /** The argv of a command, secrets already shown as ****. */
  command?: string[];
  /** A file the action writes or changes. */
  file?: string;
  /** SQL or file content to show, secrets already shown as ****. */
  detail?: string;
}

/** A table a step shows; each screen folds it to its own width (formatTable). */
export interface TableEvent {
  table: OutputTable;
  layout?: Omit<TableLayout, 'width'>;
}

export interface StepInfo {
  id: string;
  title: string;
}

export interface ErrorInfo {
  message: string;
  fix: string;
  command?: string;
  outputTail?: string;
}

export type EngineEvent =
  | { type: 'run-start'; runId: string; steps: StepInfo[]; dryRun: boolean; resume: boolean; logFile?: string }
  | { type: 'notice'; message: string }
  | { type: 'warning'; message: string }
  | { type: 'step-start'; id: string; title: string }
  | { type: 'step-skip'; id: string; title: string; reason: string }
  | { type: 'step-progress'; id: string; message: string }
  /** A command starts: the screen's live lines are this command's from now on. */
  | { type: 'step-command'; id: string; command: string }
  /**
   * A line of a command's output (always in the log file). `data`: what the command prints for the
   * wizard to read (a certificate in PEM), not progress: a screen shows it only with --verbose.
   */
  | { type: 'step-output'; id: string; line: string; data?: boolean }
  | ({ type: 'step-table'; id: string } & TableEvent)
  | { type: 'step-plan'; id: string; title: string; done: boolean; reason?: string; actions: PlannedAction[] }
  | { type: 'step-done'; id: string; title: string; durationMs: number }
  | { type: 'step-failed'; id: string; title: string; durationMs: number; error: ErrorInfo }
  | { type: 'paused'; id: string; message: string; instructions: string }
  | { type: 'run-done'; status: 'done' | 'failed' | 'paused' | 'interrupted' | 'planned'; durationMs: number; exitCode: number };

export type Emit = (event: EngineEvent) => void;
