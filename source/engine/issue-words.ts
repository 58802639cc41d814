import type { core } from 'zod/mini';

/**
 * What a schema's failed check means, in the words a person filling in a form or an answers file
 * understands. zod/mini carries no locale, and a library's own text ("Invalid input: expected
 * number, received string") is not for people: every question's schema that has no message of
 * its own for a check gets one from here.
 */

const KINDS: Record<string, string> = {
  string: 'text in double quotes',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list [ ... ]',
  object: 'an object { ... }',
};

function quoted(values: readonly unknown[]): string {
  const words = values.map((value) => JSON.stringify(value));
  return words.length === 1 ? words[0] : `one of ${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

function sizeWords(origin: string, amount: number | bigint): string {
  if (origin === 'string') return `${amount} character${amount === 1 ? '' : 's'}`;
  if (origin === 'array' || origin === 'set') return `${amount} entr${amount === 1 ? 'y' : 'ies'}`;
  return String(amount);
}

function tooSmall(issue: core.$ZodRawIssue<core.$ZodIssueTooSmall>): string {
  const { origin, minimum } = issue;
  if (issue.exact) return `must have exactly ${sizeWords(origin, minimum)}`;
  if (origin === 'string' && minimum === 1) return 'must not be empty';
  if (origin === 'string' || origin === 'array' || origin === 'set') return `must have at least ${sizeWords(origin, minimum)}`;
  return issue.inclusive === false ? `must be more than ${minimum}` : `must be at least ${minimum}`;
}

function tooBig(issue: core.$ZodRawIssue<core.$ZodIssueTooBig>): string {
  const { origin, maximum } = issue;
  if (issue.exact) return `must have exactly ${sizeWords(origin, maximum)}`;
  if (origin === 'string' || origin === 'array' || origin === 'set') return `must have at most ${sizeWords(origin, maximum)}`;
  return issue.inclusive === false ? `must be less than ${maximum}` : `must be at most ${maximum}`;
}

/** The message of an issue that its schema did not word itself: what is expected, in plain words. */
export function plainMessage(issue: core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is missing';
      return `must be ${KINDS[issue.expected] ?? issue.expected}`;
    case 'too_small':
      return tooSmall(issue);
    case 'too_big':
      return tooBig(issue);
    case 'invalid_format':
      return issue.pattern ? `is not in the expected form (${issue.pattern})` : `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? 'an unknown key' : 'unknown keys'}: ${issue.keys.join(', ')}`;
    case 'invalid_value':
      return `must be ${quoted(issue.values)}`;
    case 'invalid_union':
      return Array.isArray(issue.options) && issue.options.length && issue.discriminator ? `${issue.discriminator} must be ${quoted(issue.options)}` : 'is none of the accepted forms';
    case 'invalid_key':
    case 'invalid_element':
      return 'holds a value that is not accepted';
    default:
      return 'is not accepted';
  }
}
