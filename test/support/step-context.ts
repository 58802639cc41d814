/**
 * A real StepContext for step tests: the real CommandRunner, RunLog (a file in the state dir)
 * and Redactor. Reports are collected; secrets given in opts.secrets are registered the way
 * the engine registers the resolved secrets of the answers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommandRunner } from '../../source/adapters/process.js';
import { withDefaults } from '../../source/engine/answers.js';
import { RunLog } from '../../source/engine/log.js';
import { formatTable } from '../../source/engine/output-table.js';
import { Redactor } from '../../source/engine/redact.js';
import type { StepContext, StepOutputs } from '../../source/engine/step.js';
import { steps } from '../../steps/index.js';

export interface StepContextOptions {
  stateDir?: string;
  dryRun?: boolean;
  /** Values to mask, as the engine does for the answers' resolved secrets. */
  secrets?: string[];
  outputs?: Record<string, StepOutputs>;
  signal?: AbortSignal;
}

export interface TestStepContext {
  ctx: StepContext;
  reports: string[];
  /** Command output lines, already redacted. */
  lines: string[];
  redactor: Redactor;
  stateDir: string;
  logFile: string;
  /** The log so far (closes nothing). */
  logText(): string;
  close(): void;
}

export function makeStepContext(answers: Record<string, unknown>, opts: StepContextOptions = {}): TestStepContext {
  const stateDir = opts.stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-state-'));
  const redactor = new Redactor();
  for (const secret of opts.secrets ?? []) redactor.add(secret);
  const log = new RunLog(redactor, path.join(stateDir, 'logs'), `test-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
  const reports: string[] = [];
  const lines: string[] = [];
  const signal = opts.signal ?? new AbortController().signal;
  const ctx: StepContext = {
    // As the engine hands them to a step: each question's default applied, once, by the engine's rule.
    answers: withDefaults(answers, steps),
    stateDir,
    dryRun: opts.dryRun ?? false,
    runner: new CommandRunner({ log, redactor, signal, onLine: (line) => lines.push(line) }),
    log,
    signal,
    report: (message) => {
      log.write(message);
      reports.push(redactor.redact(message));
    },
    reportTable: (table, layout) => {
      for (const line of formatTable(table, { ...layout, width: 100 })) ctx.report(line);
    },
    outputsOf: (stepId) => opts.outputs?.[stepId],
    generatedSecret: (name) => {
      const file = path.join(stateDir, 'secrets', name);
      if (!fs.existsSync(file)) {
        fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        fs.writeFileSync(file, `${Math.random().toString(36).slice(2)}${Date.now()}\n`, { mode: 0o600 });
      }
      const value = fs.readFileSync(file, 'utf8').trim();
      redactor.add(value);
      return value;
    },
    addSecret: (value) => redactor.add(value),
  };
  return {
    ctx,
    reports,
    lines,
    redactor,
    stateDir,
    logFile: log.file as string,
    logText: () => fs.readFileSync(log.file as string, 'utf8'),
    close: () => log.close(),
  };
}
