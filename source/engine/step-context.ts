import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import type { CheckpointData } from './checkpoint.js';
import type { Emit } from './events.js';
import type { RunLog } from './log.js';
import type { Redactor } from './redact.js';
import { formatTable } from './output-table.js';
import type { CommandSpec, Runner, RunnerFactory } from './runner.js';
import type { Step, StepContext } from './step.js';

/** What every step of one run shares; the log is per phase (preflight, then the run). */
export interface ContextSource {
  answers: StepContext['answers'];
  stateDir: string;
  dryRun: boolean;
  signal: AbortSignal;
  emit: Emit;
  redactor: Redactor;
  checkpoint: CheckpointData;
  runnerFor: RunnerFactory;
}

/** The log file's tables are folded as plain output's default. */
const LOG_WIDTH = 100;

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
  writeFileAtomic(file, `${value}\n`, { mode: 0o600 });
  redactor.add(value);
  return value;
}

/** How a command is named on the screen: its argv, secrets redacted. */
function shownCommand(spec: CommandSpec, redactor: Redactor): string {
  return redactor.redact([spec.command, ...spec.args].join(' '));
}

/**
 * The step's runner: each command gets a runner of its own, so that its output lines are told as
 * its own (the screen's live lines follow the command that runs, even when several run at once).
 */
function stepRunner(source: ContextSource, step: Step, log: RunLog, quiet: boolean): Runner {
  const { emit, redactor, signal } = source;
  return {
    run: (spec) => {
      if (quiet) return source.runnerFor({ log, redactor, signal }).run(spec);
      emit({ type: 'step-command', id: step.id, command: shownCommand(spec, redactor) });
      const data = spec.outputIsData ? { data: true } : {};
      const onLine = (line: string) => emit({ type: 'step-output', id: step.id, line, ...data });
      return source.runnerFor({ log, redactor, signal, onLine }).run(spec);
    },
  };
}

/** The context one step gets; `quiet` keeps command output off the screen (preflight). */
export function stepContext(source: ContextSource, step: Step, log: RunLog, quiet = false): StepContext {
  const { answers, stateDir, dryRun, signal, emit, redactor, checkpoint } = source;
  return {
    answers,
    stateDir,
    dryRun,
    log,
    signal,
    runner: stepRunner(source, step, log, quiet),
    report: (message) => {
      log.write(`[${step.id}] ${message}`);
      emit({ type: 'step-progress', id: step.id, message: redactor.redact(message) });
    },
    reportTable: (table, layout) => {
      const redacted = { header: table.header, rows: table.rows.map((row) => row.map((cell) => redactor.redact(cell))) };
      for (const line of formatTable(redacted, { ...layout, width: LOG_WIDTH })) log.write(`[${step.id}] ${line}`);
      emit({ type: 'step-table', id: step.id, table: redacted, ...(layout ? { layout } : {}) });
    },
    outputsOf: (stepId) => checkpoint.steps[stepId]?.outputs,
    generatedSecret: (name) => generatedSecret(stateDir, name, dryRun, redactor),
    addSecret: (value) => redactor.add(value),
  };
}
