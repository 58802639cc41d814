import type { Question } from './questions.js';
import { readSmallFile } from './small-file.js';

/** A secret file holds one line: a password, a key. Anything larger is the wrong file. */
export const SECRET_FILE_MAX_BYTES = 4096;

export type SecretOutcome = { value: string } | { problem: string; fix: string };

/** The first line of a secret file given as {"file": PATH}, or why it cannot be the secret. */
export function secretFromFile(question: Question, file: string): SecretOutcome {
  let outcome: ReturnType<typeof readSmallFile>;
  try {
    outcome = readSmallFile(file, SECRET_FILE_MAX_BYTES);
  } catch (error) {
    return { problem: `cannot read secret file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, fix: `Create ${file} (mode 0600) holding the secret, or fix the path.` };
  }
  if ('refusal' in outcome) {
    return {
      problem: `the secret file cannot be used: ${file} is ${outcome.refusal}`,
      fix: `Write the secret on the first line of a regular file of at most ${SECRET_FILE_MAX_BYTES} bytes (mode 0600) and give its path in ${question.path} as {"file": PATH}, or use {"env": NAME}.`,
    };
  }
  const secret = outcome.text.split(/\r?\n/)[0];
  if (!secret) return { problem: `secret file ${file} is empty`, fix: `Write the secret on the first line of ${file}.` };
  return { value: secret };
}
