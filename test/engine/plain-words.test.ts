import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { keyWords, placeWords, plainMessage } from '../../source/engine/issue-words.js';
import { issuesOf, problemsWith, problemWith, type Question } from '../../source/engine/questions.js';
import { steps } from '../../steps/index.js';

/** Words of the schema library, and internal paths ("1.httpsPort", "nodes: 0.httpPort", "nodes[0].name"), a person must never read. */
const FORBIDDEN = [/invalid input/i, /\bexpected\b/i, /\breceived\b/i, /zoderror/i, /\b\d+\.[A-Za-z_]\w*/, /\w+\[\d+\]/, /\w+: \d+\.\w/, /\^.*\$/];

const questions: Question[] = steps.flatMap((step) => step.questions);

/** Values of every wrong kind, for a question of each shape. */
const WRONG: unknown[] = [
  42,
  -1,
  1.5,
  '',
  'text',
  'x'.repeat(300),
  true,
  false,
  null,
  [],
  {},
  { env: 'NAME' },
  [42],
  [{}],
  [{ name: 7, httpPort: 'x', httpsPort: -1, extra: 1 }],
  [{ name: 'pmf1', httpPort: 9080, httpsPort: 9443 }, { name: 'pmf2', httpPort: '9081', httpsPort: 9080 }],
  [{ name: 'pmf1', httpPort: 9080, httpsPort: 9443 }, { name: 'pmf1', httpPort: 70000, httpsPort: 1.5 }],
];

function forbiddenIn(message: string): RegExp | undefined {
  return FORBIDDEN.find((pattern) => pattern.test(message));
}

describe('every message of every question is in plain words', () => {
  it.each(questions.map((question) => [question.path, question] as const))('%s', (_path, question) => {
    for (const value of WRONG) {
      const shown = [problemWith(question, value) ?? '', ...problemsWith(question, value).map((problem) => problem.message)];
      for (const message of shown) expect(forbiddenIn(message), `${JSON.stringify(value)} → ${message}`).toBeUndefined();
    }
  });

  it('names a place inside a list by the entry’s name, else its number, and the field as a person says it', () => {
    const nodes = questions.find((question) => question.path === 'nodes') as Question;
    expect(problemWith(nodes, [{ name: 'pmf1', httpPort: 9080, httpsPort: 9443 }, { name: 'pmf2', httpPort: 9081, httpsPort: 'x' }])).toBe("pmf2's HTTPS port: must be a port number");
    expect(problemWith(nodes, [{ name: 'pmf1', httpPort: 9080, httpsPort: 9443 }, { name: 'pmf2', httpPort: 9081, httpsPort: 9080 }])).toBe("pmf2's HTTPS port: port 9080 is already pmf1's HTTP port");
    expect(problemWith(nodes, [{ name: '-bad', httpPort: 9080, httpsPort: 9443 }])).toMatch(/^node 1's name: /);
    expect(placeWords([2], [], 'nodes')).toBe('node 3');
    expect(keyWords('httpsPort')).toBe('HTTPS port');
    expect(keyWords('adminClientId')).toBe('admin client ID');
  });

  it('gives a number question’s default as the example of what it wants', () => {
    const timeout = questions.find((question) => question.path === 'pmf.startTimeoutSeconds') as Question;
    expect(problemWith(timeout, 'soon')).toBe('must be a number, such as 300');
  });
});

describe('every kind of issue the schemas can raise has its words', () => {
  const cases: Array<[string, z.ZodMiniType, unknown, string]> = [
    ['invalid_type number', z.number(), 'abc', 'must be a number'],
    ['invalid_type string', z.string(), 5, 'must be text in double quotes'],
    ['invalid_type boolean', z.boolean(), 'yes', 'must be true or false'],
    ['invalid_type object', z.object({ a: z.string() }), [], 'must be an object { ... }'],
    ['invalid_type array', z.array(z.string()), 'a', 'must be a list [ ... ]'],
    ['missing', z.object({ a: z.string() }), {}, 'is missing'],
    ['too_small string', z.string().check(z.minLength(3)), 'ab', 'must have at least 3 characters'],
    ['too_small number', z.number().check(z.minimum(10)), 5, 'must be at least 10'],
    ['too_small array', z.array(z.number()).check(z.minLength(1)), [], 'must have at least 1 entry'],
    ['too_big string', z.string().check(z.maxLength(2)), 'abc', 'must have at most 2 characters'],
    ['too_big number', z.number().check(z.maximum(65535)), 70000, 'must be at most 65535'],
    ['too_big array', z.array(z.number()).check(z.maxLength(1)), [1, 2], 'must have at most 1 entry'],
    ['regex', z.string().check(z.regex(/^[a-z]+$/)), 'A1', 'is not in the required form'],
    ['format', z.string().check(z.email()), 'no', 'must be a valid email'],
    ['enum', z.enum(['mysql', 'derby']), 'sqlite', 'must be one of "mysql" or "derby"'],
    ['literal', z.literal(true), false, 'must be true'],
    ['union of kinds (a secret or its reference)', z.union([z.string(), z.strictObject({ env: z.string() })]), 5, 'must be text in double quotes or an object { ... }'],
    ['unrecognized_keys', z.strictObject({ env: z.string() }), { env: 'A', fiel: 'x' }, 'has an unknown key: fiel'],
    ['custom', z.string().check(z.refine(() => false)), 'a', 'is not accepted'],
    ['not_multiple_of', z.number().check(z.multipleOf(5)), 7, 'must be a multiple of 5'],
  ];

  it.each(cases)('%s', (_kind, schema, value, words) => {
    const messages = issuesOf(schema, value).map((issue) => issue.message);
    expect(messages).toEqual([words]);
    for (const message of messages) expect(forbiddenIn(message)).toBeUndefined();
  });

  it('never falls back to the library’s text, even for an issue it does not know', () => {
    expect(plainMessage({ code: 'invalid_key', origin: 'map', issues: [], input: 1, path: [] } as Parameters<typeof plainMessage>[0])).toBe('holds a value that is not accepted');
  });
});
