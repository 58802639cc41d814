import type { Resolution } from '../engine/answers.js';
import { InputError, WizardError } from '../engine/errors.js';
import { getAt } from '../engine/questions.js';
import type { Step, StepOutputs } from '../engine/step.js';
import type { NodeAnswer } from '../farm/answers.js';
import { nextStepsOf } from '../farm/next-steps.js';
import { formatProblems } from './plain.js';
import type { Line, SummaryHead } from './state.js';

/** How a run of the interactive wizard ends, as lines and a summary: no terminal, no state. */

/** The summary of a run that ended: the nodes, the steps' tables, what to do next. */
export function summaryHeadOf(
  steps: Step[],
  outputs: Record<string, StepOutputs | undefined>,
  run: { exitCode: number; resolution: Resolution; stateDir: string; logFile?: string; invocation?: string },
): SummaryHead {
  const { exitCode, resolution, stateDir, logFile, invocation } = run;
  const nodes = getAt(resolution.answers, 'nodes');
  const tables = steps.flatMap((step) => {
    const table = outputs[step.id]?.table;
    return table ? [{ title: step.title, table }] : [];
  });
  return { exitCode, nodes: Array.isArray(nodes) ? (nodes as NodeAnswer[]) : [], tables, next: nextStepsOf(resolution, { stateDir, logFile, invocation }) };
}

/** What a run that threw (no step's failure) says before the wizard exits. */
export function crashLines(error: unknown): Line[] {
  if (error instanceof InputError) return [error.message, ...formatProblems(error.problems), error.fix];
  if (error instanceof WizardError) return [error.message, `  fix: ${error.fix}`];
  return [`pmf-wizard hit a bug: ${(error as Error).stack ?? String(error)}`];
}

/** An interrupted run: what is kept, and how to go on. */
export function interruptedLines(checkpointExists: boolean, resumeCommand: string): Line[] {
  return checkpointExists
    ? [{ text: `Interrupted. The checkpoint is kept; to continue run: ${resumeCommand}`, tone: 'warn' }]
    : [{ text: 'Interrupted: nothing was changed.', tone: 'warn' }];
}
