import { questionsOf, type Resolution } from '../engine/answers.js';
import { applies, getAt, setAt, type PartialAnswers } from '../engine/questions.js';
import type { Step } from '../engine/step.js';

/** pmf.adminPassword → PMF_ADMIN_PASSWORD, database.admin.password → DATABASE_ADMIN_PASSWORD. */
export function envNameFor(questionPath: string): string {
  return questionPath
    .split('.')
    .map((part) => part.replace(/([a-z0-9])([A-Z])/g, '$1_$2'))
    .join('_')
    .replace(/[^A-Za-z0-9_]/g, '_')
    .toUpperCase();
}

export interface AnswersFile {
  content: PartialAnswers;
  /** Environment variables the file refers to for the secrets typed in this session. */
  envVars: string[];
}

/**
 * The answers of this run as an answers file: what the checkpoint keeps (secret references
 * given as references stay so), and each secret typed here as {"env": NAME}, never in clear.
 */
export function answersFileFor(resolution: Resolution, steps: Step[]): AnswersFile {
  const content: PartialAnswers = structuredClone(resolution.persisted);
  const envVars: string[] = [];
  for (const question of questionsOf(steps)) {
    if (!question.secret || !applies(question, resolution.answers)) continue;
    if (getAt(resolution.answers, question.path) === undefined) continue;
    const kept = getAt(content, question.path);
    if (kept !== undefined && typeof kept === 'object') continue;
    const name = envNameFor(question.path);
    setAt(content, question.path, { env: name });
    envVars.push(name);
  }
  return { content, envVars };
}
