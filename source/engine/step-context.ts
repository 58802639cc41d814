import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import type { CheckpointData } from './checkpoint.js';
import type { Emit } from './events.js';
import type { RunLog } from './log.js';
import type { Redactor } from './redact.js';
import type { RunnerFactory } from './runner.js';
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

/** The context one step gets; `quiet` keeps command output off the screen (preflight). */
export function stepContext(source: ContextSource, step: Step, log: RunLog, quiet = false): StepContext {
  const { answers, stateDir, dryRun, signal, emit, redactor, checkpoint } = source;
  const onLine = quiet ? undefined : (line: string) => emit({ type: 'step-output', id: step.id, line });
  return {
    answers,
    stateDir,
    dryRun,
    log,
    signal,
    runner: source.runnerFor({ log, redactor, signal, onLine }),
    report: (message) => {
      log.write(`[${step.id}] ${message}`);
      emit({ type: 'step-progress', id: step.id, message: redactor.redact(message) });
    },
    outputsOf: (stepId) => checkpoint.steps[stepId]?.outputs,
    generatedSecret: (name) => generatedSecret(stateDir, name, dryRun, redactor),
    addSecret: (value) => redactor.add(value),
  };
}
