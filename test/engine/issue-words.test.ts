import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { issuesOf, problemWith, type Question } from '../../source/engine/questions.js';
import { steps } from '../../steps/index.js';

const questions = steps.flatMap((step) => step.questions);
const byPath = (path: string): Question => questions.find((question) => question.path === path) as Question;

// A library's own words ("Invalid input: expected string, received number", "Too small: ...").
const LIBRARY_WORDS = /invalid input|expected|received|too (small|big)|>=|<=/i;

describe('what a bad value of a question is told', () => {
  it('says in plain words what each question expects, for a value of every wrong kind', () => {
    const wrong: unknown[] = [42, 1.5, 'text', true, null, [], {}, [{}], [{ name: 7, httpPort: 'x', httpsPort: -1, extra: 1 }]];
    const messages = questions.flatMap((question) => wrong.map((value) => problemWith(question, value) ?? ''));
    expect(messages.filter((message) => LIBRARY_WORDS.test(message))).toEqual([]);
    expect(messages.filter(Boolean).length).toBeGreaterThan(100);
  });

  it('names the kind of value expected, what is missing, the accepted values and unknown keys', () => {
    expect(problemWith(byPath('liberty.installDir'), 5)).toBe('must be text in double quotes');
    expect(problemWith(byPath('database.port'), 'abc')).toBe('must be a number');
    expect(problemWith(byPath('database.port'), 33.5)).toBe('must be a whole number');
    expect(problemWith(byPath('database.port'), 0)).toBe('must be at least 1');
    expect(problemWith(byPath('database.type'), 'sqlite')).toBe('must be one of "mysql", "db2", "oracle" or "derby"');
    expect(problemWith(byPath('nodes'), [{ name: 'pmf1', httpPort: 9080 }])).toBe("pmf1's HTTPS port: is missing");
    expect(problemWith(byPath('nodes'), [{ name: 'pmf1', httpPort: 9080, httpsPort: 9443, host: 'a' }])).toBe('pmf1: has an unknown key: host');
  });

  it('keeps the words a schema gives itself', () => {
    expect(problemWith(byPath('nodes'), [{ name: 'pmf1', httpPort: 'x', httpsPort: 9443 }])).toBe("pmf1's HTTP port: must be a port number");
    expect(problemWith(byPath('pmf.startTimeoutSeconds'), 5)).toBe('at least 10');
    expect(issuesOf(z.string().check(z.minLength(3, 'too short for a name')), 'ab')).toEqual([{ path: [], message: 'too short for a name' }]);
  });

  it('says how long text or a list must be', () => {
    expect(issuesOf(z.string().check(z.minLength(1)), '')).toEqual([{ path: [], message: 'must not be empty' }]);
    expect(issuesOf(z.string().check(z.maxLength(3)), 'abcd')).toEqual([{ path: [], message: 'must have at most 3 characters' }]);
    expect(issuesOf(z.array(z.string()).check(z.minLength(2)), ['a'])).toEqual([{ path: [], message: 'must have at least 2 entries' }]);
  });
});
