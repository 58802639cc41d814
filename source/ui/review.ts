import { questionsOf, type Resolution } from '../engine/answers.js';
import { draftCount, type Draft } from '../engine/draft.js';
import { applies, getAt, isAdvanced, type PartialAnswers, type Question } from '../engine/questions.js';
import type { Step } from '../engine/step.js';
import { applicableSteps } from './flow.js';
import { displayValue } from './question-value.js';
import type { DraftOffer } from './state.js';

/** What the review screen shows, and the draft offer's words: no terminal. */

export interface ReviewGroup {
  title: string;
  questions: Question[];
}

/** The value a question will run with: the answer or its default; a secret as given (a reference stays one). */
export function reviewValue(question: Question, resolution: Resolution, raw: PartialAnswers): string {
  const value = question.secret ? (getAt(raw, question.path) ?? getAt(resolution.answers, question.path)) : getAt(resolution.answers, question.path);
  return displayValue(question, value);
}

/** The questions that apply, by step, the advanced ones apart (the review offers them behind one choice). */
export function reviewGroups(steps: Step[], resolution: Resolution): { groups: ReviewGroup[]; advanced: Question[] } {
  const { answers } = resolution;
  const groups: ReviewGroup[] = [];
  const advanced: Question[] = [];
  for (const step of applicableSteps(steps, answers)) {
    const questions = step.questions.filter((question) => applies(question, answers));
    advanced.push(...questions.filter((question) => isAdvanced(question, answers)));
    const plain = questions.filter((question) => !isAdvanced(question, answers));
    if (plain.length) groups.push({ title: step.title, questions: plain });
  }
  return { groups, advanced };
}

/** One line that never wraps: cut at the width with an ellipsis. */
export function fitLine(text: string, columns: number): string {
  const chars = [...text];
  return chars.length <= columns ? text : `${chars.slice(0, Math.max(0, columns - 1)).join('')}…`;
}

/** The review's lines: each step's title, then one line per answer. */
export function reviewLines(groups: ReviewGroup[], resolution: Resolution, raw: PartialAnswers, columns: number): Array<{ text: string; title: boolean }> {
  return groups.flatMap((group) => [
    { text: fitLine(group.title, columns), title: true },
    ...group.questions.map((question) => ({ text: fitLine(`  ${question.prompt}: ${reviewValue(question, resolution, raw)}`, columns), title: false })),
  ]);
}

/** 2026-11-27 14:03, in the local time of the machine. */
export function localDate(iso: string): string {
  const date = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

export function draftOffer(draft: Draft, steps: Step[]): DraftOffer {
  return { date: localDate(draft.savedAt), count: draftCount(draft, questionsOf(steps)) };
}

/** A draft counts when it was typed after the checkpoint was last written (or there is none). */
export function draftNewerThan(draft: Draft | undefined, checkpointUpdatedAt: string | undefined): Draft | undefined {
  if (!draft) return undefined;
  // A checkpoint without a readable time does not hide the draft.
  return Date.parse(draft.savedAt) > Date.parse(checkpointUpdatedAt ?? '') || Number.isNaN(Date.parse(checkpointUpdatedAt ?? '')) ? draft : undefined;
}
