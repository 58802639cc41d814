import path from 'node:path';
import { questionsOf, type Resolution } from './answers.js';
import { emptyCheckpoint, loadCheckpoint, nothingToResumeNotice, saveCheckpoint, type CheckpointData, type StepRecord } from './checkpoint.js';
import { ExitCode, exitCodeOf, InputError, InterruptedError, PauseRun, WizardError } from './errors.js';
import type { Emit, ErrorInfo } from './events.js';
import { acquireLock, type StateLock } from './lock.js';
import { holdTemporaryFiles } from './temporary-files.js';
import { RunLog } from './log.js';
import { namingQuestions, type Question } from './questions.js';
import { Redactor } from './redact.js';
import type { RunnerFactory } from './runner.js';
import { createStateDir } from './state-dir.js';
import { asKnownError } from './system-cause.js';
import { stepContext, type ContextSource } from './step-context.js';
import type { Step } from './step.js';

export interface RunInput {
  steps: Step[];
  resolution: Resolution;
  stateDir: string;
  dryRun: boolean;
  resume: boolean;
  emit: Emit;
  signal: AbortSignal;
  /** Makes the runner of each step: the caller's, so that the engine itself runs nothing. */
  runnerFor: RunnerFactory;
}

export interface RunResult {
  exitCode: number;
  status: 'done' | 'failed' | 'paused' | 'interrupted' | 'planned';
  logFile?: string;
}

/** One run under way: what its pieces below share. */
interface Run {
  source: ContextSource;
  log: RunLog;
  started: number;
  /** The step under way and when it started: a failure or an interrupt is recorded against it. */
  current?: Step;
  stepStarted: number;
}

function runId(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof WizardError) {
    const details = error as WizardError & { command?: string; outputTail?: string };
    return { message: error.message, fix: error.fix, command: details.command, outputTail: details.outputTail };
  }
  return { message: (error as Error).message ?? String(error), fix: 'This is a bug in pmf-wizard: please report it with the log file.' };
}

/** The checkpoint to continue; a --resume after a crash before the first one starts from the beginning. */
function startingCheckpoint(input: RunInput): CheckpointData {
  const found = loadCheckpoint(input.stateDir);
  if (input.resume && !found) input.emit({ type: 'notice', message: nothingToResumeNotice(input.stateDir) });
  return found ?? emptyCheckpoint(input.resolution.persisted);
}

/** Checks of the machine (a port taken, ...) come before anything changes: exit 2, naming the questions as asked. */
async function preflight(steps: Step[], questions: Question[], source: ContextSource): Promise<void> {
  const log = new RunLog(source.redactor);
  const problems = (await Promise.all(steps.map((step) => step.preflight?.(stepContext(source, step, log, true)) ?? Promise.resolve([])))).flat();
  if (problems.length) throw new InputError(namingQuestions(problems, questions), 'The machine is not ready for these answers');
}

/**
 * Takes the state directory's lock and opens the run's log file; a dry run does neither. From
 * then on every runner records the children it starts in the lock.
 */
async function openRun(source: ContextSource, id: string): Promise<{ log: RunLog; release: () => void }> {
  if (source.dryRun) return { log: new RunLog(source.redactor), release: () => {} };
  createStateDir(source.stateDir);
  const makeRunner = source.runnerFor;
  const lock: StateLock = await acquireLock(source.stateDir, (message) => source.emit({ type: 'notice', message }), makeRunner.processes);
  source.runnerFor = (options) => makeRunner({ ...options, children: lock.children });
  const release = holdTemporaryFiles(source.stateDir, lock.release, (message) => source.emit({ type: 'notice', message }));
  return { log: new RunLog(source.redactor, path.join(source.stateDir, 'logs'), id), release };
}

function save(run: Run): void {
  const { dryRun, stateDir, checkpoint, redactor } = run.source;
  if (!dryRun) saveCheckpoint(stateDir, checkpoint, redactor);
}

function announce(run: Run, input: RunInput, steps: Step[], id: string): void {
  const { checkpoint, emit } = run.source;
  checkpoint.answers = input.resolution.persisted;
  checkpoint.runs += input.dryRun ? 0 : 1;
  save(run);
  emit({ type: 'run-start', runId: id, steps: steps.map((step) => ({ id: step.id, title: step.title })), dryRun: input.dryRun, resume: input.resume, logFile: run.log.file });
  for (const warning of input.resolution.warnings) {
    run.log.write(`warning: ${warning}`);
    emit({ type: 'warning', message: warning });
  }
}

function finish(run: Run, status: RunResult['status'], exitCode: number): RunResult {
  const durationMs = Date.now() - run.started;
  run.log.write(`run ${status} (exit ${exitCode}) after ${durationMs} ms`);
  run.source.emit({ type: 'run-done', status, durationMs, exitCode });
  return { exitCode, status, logFile: run.log.file };
}

/** A step isDone() confirms: recorded as skipped (or kept as done), not run again. */
function skipStep(run: Run, step: Step, detail: string): void {
  const { checkpoint, emit } = run.source;
  const previous = checkpoint.steps[step.id];
  checkpoint.steps[step.id] = { ...previous, status: previous?.status === 'done' ? 'done' : 'skipped', detail };
  save(run);
  emit({ type: 'step-skip', id: step.id, title: step.title, reason: detail });
  run.current = undefined;
}

async function runStep(run: Run, step: Step): Promise<void> {
  const { source, log } = run;
  const { checkpoint, emit } = source;
  run.current = step;
  run.stepStarted = Date.now();
  const ctx = stepContext(source, step, log);
  const check = await step.isDone(ctx);
  log.write(`[${step.id}] done-check: ${check.done ? 'done' : 'not done'}: ${check.detail}`);
  if (source.dryRun) {
    const actions = check.done ? [] : await step.plan(ctx);
    emit({ type: 'step-plan', id: step.id, title: step.title, done: check.done, reason: check.detail, actions });
    return;
  }
  if (check.done) return skipStep(run, step, check.detail);
  checkpoint.steps[step.id] = { status: 'running', startedAt: new Date().toISOString() };
  save(run);
  emit({ type: 'step-start', id: step.id, title: step.title });
  const outputs = (await step.run(ctx)) ?? undefined;
  const durationMs = Date.now() - run.stepStarted;
  const record: StepRecord = { ...checkpoint.steps[step.id], status: 'done', finishedAt: new Date().toISOString(), durationMs, outputs };
  checkpoint.steps[step.id] = record;
  save(run);
  emit({ type: 'step-done', id: step.id, title: step.title, durationMs });
  run.current = undefined;
}

/** How a run that threw ends: interrupted, paused, or failed at the current step; a bug is rethrown. */
function settle(run: Run, thrown: unknown): RunResult {
  const error = asKnownError(thrown);
  if (error instanceof InputError) throw error;
  const { source, log, current } = run;
  const durationMs = Date.now() - run.stepStarted;
  const record = (status: StepRecord['status'], info?: ErrorInfo) => {
    if (!current) return;
    source.checkpoint.steps[current.id] = { ...source.checkpoint.steps[current.id], status, finishedAt: new Date().toISOString(), durationMs, error: info };
    save(run);
  };
  if (source.signal.aborted) {
    record('interrupted');
    return finish(run, 'interrupted', ExitCode.interrupted);
  }
  if (!current) throw error;
  if (error instanceof PauseRun) {
    record('paused');
    source.emit({ type: 'paused', id: current.id, message: error.message, instructions: error.instructions });
    return finish(run, 'paused', ExitCode.ok);
  }
  const info = errorInfo(error);
  log.write(`[${current.id}] failed: ${info.message}\n${info.command ?? ''}\n${info.outputTail ?? ''}\nfix: ${info.fix}`);
  if (!(error instanceof WizardError)) log.write((error as Error).stack ?? '');
  record('failed', info);
  source.emit({ type: 'step-failed', id: current.id, title: current.title, durationMs, error: info });
  if (!(error instanceof WizardError)) throw error;
  return finish(run, 'failed', exitCodeOf(error));
}

/** The step machine: plan, skip what isDone() confirms, run, record, resume. */
export async function runSteps(input: RunInput): Promise<RunResult> {
  const { resolution, stateDir, dryRun, emit, signal, runnerFor } = input;
  const started = Date.now();
  const redactor = new Redactor();
  for (const secret of resolution.secrets) redactor.add(secret);
  const applicable = input.steps.filter((step) => step.applies?.(resolution.answers) ?? true);
  const checkpoint = startingCheckpoint(input);
  const source: ContextSource = { answers: resolution.answers, stateDir, dryRun, signal, emit, redactor, checkpoint, runnerFor };
  await preflight(applicable, questionsOf(input.steps), source);
  const id = runId();
  const { log, release } = await openRun(source, id);
  const run: Run = { source, log, started, stepStarted: 0 };
  announce(run, input, applicable, id);
  try {
    for (const step of applicable) {
      if (signal.aborted) throw new InterruptedError();
      await runStep(run, step);
    }
    return finish(run, dryRun ? 'planned' : 'done', ExitCode.ok);
  } catch (error) {
    return settle(run, error);
  } finally {
    release();
    log.close();
  }
}
