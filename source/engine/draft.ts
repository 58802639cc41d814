import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { getAt, setAt, type PartialAnswers, type Question } from './questions.js';
import { readSmallFile } from './small-file.js';
import { createStateDir } from './state-dir.js';

/**
 * The answers typed in a session that ended before a run started (Ctrl+C, Quit at the review):
 * kept in the state directory, without secrets, so the next start can offer them.
 */
export interface Draft {
  /** ISO time it was written: compared with the checkpoint's updatedAt. */
  savedAt: string;
  answers: PartialAnswers;
}

const DRAFT_MAX_BYTES = 1024 * 1024;

export function draftPath(stateDir: string): string {
  return path.join(stateDir, 'draft-answers.json');
}

/** The answers at `paths`, never a secret's: what a draft keeps. */
export function draftOf(raw: PartialAnswers, paths: Iterable<string>, questions: Question[], now = new Date()): Draft {
  const answers: PartialAnswers = {};
  const wanted = new Set(paths);
  for (const question of questions) {
    const value = getAt(raw, question.path);
    if (!question.secret && wanted.has(question.path) && value !== undefined) setAt(answers, question.path, structuredClone(value));
  }
  return { savedAt: now.toISOString(), answers };
}

/** How many answers a draft holds (a list of nodes is one answer). */
export function draftCount(draft: Draft, questions: Question[]): number {
  return questions.filter((question) => getAt(draft.answers, question.path) !== undefined).length;
}

/** Written like the checkpoint: the state directory checked and created, then an atomic write, mode 0600. */
export function saveDraft(stateDir: string, draft: Draft): void {
  createStateDir(stateDir);
  writeFileAtomic(draftPath(stateDir), `${JSON.stringify(draft, null, 2)}\n`, { mode: 0o600 });
}

/** The draft, or undefined when there is none or it is not one (a draft is a convenience: a broken one is ignored). */
export function loadDraft(stateDir: string): Draft | undefined {
  let text: string;
  try {
    const read = readSmallFile(draftPath(stateDir), DRAFT_MAX_BYTES);
    if ('refusal' in read) return undefined;
    text = read.text;
  } catch {
    return undefined;
  }
  try {
    const data = JSON.parse(text) as Partial<Draft>;
    const fine = typeof data.savedAt === 'string' && !Number.isNaN(Date.parse(data.savedAt)) && data.answers && typeof data.answers === 'object' && !Array.isArray(data.answers);
    return fine ? { savedAt: data.savedAt!, answers: data.answers! } : undefined;
  } catch {
    return undefined;
  }
}

export function removeDraft(stateDir: string): void {
  fs.rmSync(draftPath(stateDir), { force: true });
}
