import path from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { readSmallFile, type SmallFileOutcome } from './small-file.js';
import { UsageError } from './errors.js';
import type { ErrorInfo } from './events.js';
import type { PartialAnswers } from './questions.js';
import type { Redactor } from './redact.js';
import type { StepOutputs } from './step.js';

export const CHECKPOINT_SCHEMA_VERSION = 1;
/** A checkpoint of even a large farm is tens of kilobytes; anything near this is not one. */
const CHECKPOINT_MAX_BYTES = 16 * 1024 * 1024;

export type StepStatus = 'running' | 'done' | 'skipped' | 'failed' | 'paused' | 'interrupted';

export interface StepRecord {
  status: StepStatus;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  detail?: string;
  outputs?: StepOutputs;
  error?: ErrorInfo;
}

export interface CheckpointData {
  schemaVersion: number;
  createdAt: string;
  updatedAt: string;
  runs: number;
  /** Answers without secrets: secret references ({"env"}, {"file"}) only. */
  answers: PartialAnswers;
  steps: Record<string, StepRecord>;
}

export function checkpointPath(stateDir: string): string {
  return path.join(stateDir, 'checkpoint.json');
}

export function emptyCheckpoint(answers: PartialAnswers): CheckpointData {
  const now = new Date().toISOString();
  return { schemaVersion: CHECKPOINT_SCHEMA_VERSION, createdAt: now, updatedAt: now, runs: 0, answers, steps: {} };
}

export function loadCheckpoint(stateDir: string): CheckpointData | undefined {
  const file = checkpointPath(stateDir);
  let read: SmallFileOutcome;
  try {
    read = readSmallFile(file, CHECKPOINT_MAX_BYTES);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') throw new UsageError(`The state directory ${stateDir} is not a directory`, 'Pass --state the directory of the earlier run (it holds checkpoint.json).');
    if (code === 'EACCES') throw new UsageError(`The checkpoint ${file} cannot be read: permission denied`, 'Run as the user who made the earlier run, or pass another --state directory.');
    throw error;
  }
  if ('refusal' in read) throw new UsageError(`The checkpoint ${file} is ${read.refusal}`, 'Move it away to start over, or pass the --state directory of the earlier run.');
  const text = read.text;
  let data: CheckpointData;
  try {
    data = JSON.parse(text) as CheckpointData;
  } catch {
    throw new UsageError(`The checkpoint ${file} is not valid JSON`, `Move it away to start over, or restore it from a backup.`);
  }
  if (data.schemaVersion !== CHECKPOINT_SCHEMA_VERSION) {
    throw new UsageError(
      `The checkpoint ${file} has schema version ${data.schemaVersion}; this pmf-wizard reads version ${CHECKPOINT_SCHEMA_VERSION}`,
      'Use the pmf-wizard version that wrote it, or move the state directory away to start over.',
    );
  }
  return data;
}

/** What a --resume says when an earlier run stopped before its first checkpoint: it starts from the beginning. */
export function nothingToResumeNotice(stateDir: string): string {
  return `Nothing to resume in ${stateDir} (no checkpoint.json yet): starting from the beginning.`;
}

/**
 * The checkpoint a --resume continues from, when the answers must come from it (no answers
 * file, nobody to ask): without one there is nothing to run from (exit 2).
 */
export function checkpointToResume(stateDir: string): CheckpointData {
  const checkpoint = loadCheckpoint(stateDir);
  if (!checkpoint) {
    throw new UsageError(
      `There is nothing to resume in ${stateDir}: no checkpoint.json, and no answers to start from`,
      'Pass --answers FILE to start (with or without --resume), run it in a terminal to be asked, or pass the --state directory of the earlier run.',
    );
  }
  return checkpoint;
}

/**
 * Writes the checkpoint atomically (temp file, fsync, rename), so a crash leaves either the
 * old or the new one. Refuses to write any registered secret: that would be a bug.
 */
export function saveCheckpoint(stateDir: string, data: CheckpointData, redactor: Redactor): void {
  data.updatedAt = new Date().toISOString();
  const json = `${JSON.stringify(data, null, 2)}\n`;
  if (redactor.redact(json) !== json) throw new Error('BUG: a secret was about to be written to the checkpoint');
  writeFileAtomic(checkpointPath(stateDir), json, { mode: 0o600, durable: true });
}
