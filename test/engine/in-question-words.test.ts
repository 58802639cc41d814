import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { inQuestionWords, type Question } from '../../source/engine/questions.js';

const q = (path: string, prompt: string): Question => ({ path, prompt, kind: 'text', schema: z.string(), help: '' });
const questions = [q('database.password', 'Password of that database user'), q('database.admin.password', 'Password of the DBMS admin user'), q('nodes', 'Farm nodes')];

describe('a fix written for an answers file, as the form says it', () => {
  it('names each dotted key by its prompt (the longest key first), leaves ordinary words, and drops "then run again"', () => {
    expect(inQuestionWords('Correct database.admin.password, not database.password, then run again. Two nodes.', questions)).toBe(
      'Correct “Password of the DBMS admin user”, not “Password of that database user”. Two nodes.',
    );
    expect(inQuestionWords('Correct database.passwords.', questions)).toBe('Correct database.passwords.');
  });
});
