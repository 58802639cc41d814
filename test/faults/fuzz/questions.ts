/**
 * The questions as declared by the steps, where the prompts the output must show come from:
 * a problem is named as the question is asked, never by a copy of its words kept here.
 */
import { questionsOf } from '../../../source/engine/answers.js';
import type { Question } from '../../../source/engine/questions.js';
import { steps } from '../../../steps/index.js';

export const QUESTIONS: Question[] = questionsOf(steps);

/** The question a field belongs to: nodes[1].httpPort and nodes belong to nodes. */
export function questionAt(field: string): Question {
  const bare = field.replace(/\[\d+\].*$/, '');
  const question = QUESTIONS.find((q) => q.path === bare);
  if (!question) throw new Error(`no question declares ${field}`);
  return question;
}
