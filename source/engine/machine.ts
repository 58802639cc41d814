import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CommandRunner } from '../adapters/process.js';
import type { Resolution } from './answers.js';
import {
  acquireLock,
  emptyCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
  type CheckpointData,
  type StepRecord,
} from './checkpoint.js';
import { ExitCode, InputError, InterruptedError, PauseRun, UsageError, WizardError } from './errors.js';
import type { Emit, ErrorInfo } from './events.js';
import { RunLog } from './log.js';
import { Redactor } from './redact.js';
import type { Step, StepContext } from './step.js';

export interface RunInput {
  steps: Step[];
  resolution: Resolution;
  stateDir: string;
  dryRun: boolean;
  resume: boolean;
  emit: Emit;
  signal: AbortSignal;
}

export interface RunResult {
  exitCode: number;
  status: 'done' | 'failed' | 'paused' | 'interrupted' | 'planned';
  logFile?: string;
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

/** Secrets the wizard makes itself live in <state>/secrets, mode 0600, never in the checkpoint. */
function generatedSecret(stateDir: string, name: string, dryRun: boolean, redactor: Redactor): string {
  const dir = path.join(stateDir, 'secrets');
  const file = path.join(dir, name);
  if (fs.existsSync(file)) {
    const value = fs.readFileSync(file, 'utf8').trim();
    redactor.add(value);
    return value;
  }
  if (dryRun) return '****';
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const value = crypto.randomBytes(18).toString('base64url');
  const temp = `${file}.tmp`;
  fs.writeFileSync(temp, `${value}\n`, { mode: 0o600 });
  fs.renameSync(temp, file);
  redactor.add(value);
  return value;
}

/** The step machine: plan, skip what isDone() confirms, run, record, resume. */
export async function runSteps(input: RunInput): Promise<RunResult> {
  const { steps, resolution, stateDir, dryRun, emit, signal } = input;
  const started = Date.now();
  const redactor = new Redactor();
  for (const secret of resolution.secrets) redactor.add(secret);
  const applicable = steps.filter((step) => step.applies?.(resolution.answers) ?? true);

  const existing = loadCheckpoint(stateDir);
  if (input.resume && !existing) {
    throw new UsageError(`There is nothing to resume in ${stateDir}: no checkpoint.json`, 'Run without --resume to start, or pass the --state directory of the earlier run.');
  }
  const checkpoint: CheckpointData = existing ?? emptyCheckpoint(resolution.persisted);
  const contextFor = (step: Step, log: RunLog, quiet = false): StepContext => ({
    answers: resolution.answers,
    stateDir,
    dryRun,
    log,
    signal,
    runner: new CommandRunner({ log, redactor, signal, onLine: quiet ? undefined : (line) => emit({ type: 'step-output', id: step.id, line }) }),
    report: (message) => {
      log.write(`[${step.id}] ${message}`);
      emit({ type: 'step-progress', id: step.id, message: redactor.redact(message) });
    },
    outputsOf: (stepId) => checkpoint.steps[stepId]?.outputs,
    generatedSecret: (name) => generatedSecret(stateDir, name, dryRun, redactor),
    addSecret: (value) => redactor.add(value),
  });

  // Checks of the machine (a port taken, ...) come before anything changes: exit 2.
  const preflightLog = new RunLog(redactor);
  const preflightProblems = (
    await Promise.all(applicable.map((step) => step.preflight?.(contextFor(step, preflightLog, true)) ?? Promise.resolve([])))
  ).flat();
  if (preflightProblems.length) throw new InputError(preflightProblems, 'The machine is not ready for these answers');
  const id = runId();
  let release: () => void = () => {};
  let log: RunLog;
  if (dryRun) {
    log = new RunLog(redactor);
  } else {
    fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    release = acquireLock(stateDir, (message) => emit({ type: 'notice', message }));
    log = new RunLog(redactor, path.join(stateDir, 'logs'), id);
  }
  const save = () => {
    if (!dryRun) saveCheckpoint(stateDir, checkpoint, redactor);
  };
  checkpoint.answers = resolution.persisted;
  checkpoint.runs += dryRun ? 0 : 1;
  save();
  emit({ type: 'run-start', runId: id, steps: applicable.map(({ id: stepId, title }) => ({ id: stepId, title })), dryRun, resume: input.resume, logFile: log.file });
  for (const warning of resolution.warnings) {
    log.write(`warning: ${warning}`);
    emit({ type: 'warning', message: warning });
  }

  let current: Step | undefined;
  let stepStarted = 0;
  const finish = (status: RunResult['status'], exitCode: number): RunResult => {
    const durationMs = Date.now() - started;
    log.write(`run ${status} (exit ${exitCode}) after ${durationMs} ms`);
    emit({ type: 'run-done', status, durationMs, exitCode });
    return { exitCode, status, logFile: log.file };
  };
  try {
    for (const step of applicable) {
      if (signal.aborted) throw new InterruptedError();
      current = step;
      stepStarted = Date.now();
      const ctx = contextFor(step, log);
      const check = await step.isDone(ctx);
      log.write(`[${step.id}] done-check: ${check.done ? 'done' : 'not done'}: ${check.detail}`);
      if (dryRun) {
        const actions = check.done ? [] : await step.plan(ctx);
        emit({ type: 'step-plan', id: step.id, title: step.title, done: check.done, reason: check.detail, actions });
        continue;
      }
      if (check.done) {
        const previous = checkpoint.steps[step.id];
        checkpoint.steps[step.id] = { ...previous, status: previous?.status === 'done' ? 'done' : 'skipped', detail: check.detail };
        save();
        emit({ type: 'step-skip', id: step.id, title: step.title, reason: check.detail });
        current = undefined;
        continue;
      }
      checkpoint.steps[step.id] = { status: 'running', startedAt: new Date().toISOString() };
      save();
      emit({ type: 'step-start', id: step.id, title: step.title });
      const outputs = (await step.run(ctx)) ?? undefined;
      const durationMs = Date.now() - stepStarted;
      const record: StepRecord = { ...checkpoint.steps[step.id], status: 'done', finishedAt: new Date().toISOString(), durationMs, outputs };
      checkpoint.steps[step.id] = record;
      save();
      emit({ type: 'step-done', id: step.id, title: step.title, durationMs });
      current = undefined;
    }
    return finish(dryRun ? 'planned' : 'done', ExitCode.ok);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const durationMs = Date.now() - stepStarted;
    const record = (status: StepRecord['status'], info?: ErrorInfo) => {
      if (!current) return;
      checkpoint.steps[current.id] = { ...checkpoint.steps[current.id], status, finishedAt: new Date().toISOString(), durationMs, error: info };
      save();
    };
    if (signal.aborted) {
      record('interrupted');
      return finish('interrupted', ExitCode.interrupted);
    }
    if (!current) throw error;
    if (error instanceof PauseRun) {
      record('paused');
      emit({ type: 'paused', id: current.id, message: error.message, instructions: error.instructions });
      return finish('paused', ExitCode.ok);
    }
    const info = errorInfo(error);
    log.write(`[${current.id}] failed: ${info.message}\n${info.command ?? ''}\n${info.outputTail ?? ''}\nfix: ${info.fix}`);
    if (!(error instanceof WizardError)) log.write((error as Error).stack ?? '');
    record('failed', info);
    emit({ type: 'step-failed', id: current.id, title: current.title, durationMs, error: info });
    if (!(error instanceof WizardError)) throw error;
    return finish('failed', error.exitCode);
  } finally {
    release();
    log.close();
  }
}
