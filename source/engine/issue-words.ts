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

/** "must be a number" says more with an example: the question's default, when it is a plain number. */
export function withExample(message: string, example: unknown): string {
  return typeof example === 'number' && /^must be a (whole )?number$/.test(message) ? `${message}, such as ${example}` : message;
}

/** A union none of whose forms fits: the kinds it accepts, when each form is told by its kind. */
function unionWords(issue: core.$ZodRawIssue<core.$ZodIssueInvalidUnion>): string {
  const kinds = (issue.errors ?? []).map((issues) => {
    const first = issues[0];
    return first?.code === 'invalid_type' && first.path.length === 0 ? KINDS[first.expected] : undefined;
  });
  if (!kinds.length || kinds.some((kind) => kind === undefined)) return 'is none of the accepted forms';
  const unique = [...new Set(kinds)];
  return `must be ${unique.length === 1 ? unique[0] : `${unique.slice(0, -1).join(', ')} or ${unique.at(-1)}`}`;
}

/** An answers-file key's last word as a person says it: httpsPort → HTTPS port. */
export function keyWords(key: string): string {
  const ACRONYMS = new Set(['http', 'https', 'id', 'url', 'jmx', 'ltpa', 'pmf', 'tls', 'jdbc', 'ssl']);
  return key
    .split(/(?<=[a-z0-9])(?=[A-Z])/)
    .map((word) => (ACRONYMS.has(word.toLowerCase()) ? word.toUpperCase() : word.toLowerCase()))
    .join(' ');
}

/**
 * Where below a question's value a problem is, in words: [1, 'httpsPort'] in a list of nodes is
 * "pmf2's HTTPS port" (an entry is named by its name, else by its place: "node 2"), never the
 * internal path nodes[1].httpsPort. `list` names an entry without a name (the key, singular).
 */
export function placeWords(below: readonly PropertyKey[], value: unknown, list: string): string {
  const words: string[] = [];
  let current: unknown = value;
  for (const [i, key] of below.entries()) {
    if (typeof key === 'number') {
      const entry = Array.isArray(current) ? current[key] : undefined;
      const name = entry !== null && typeof entry === 'object' ? (entry as { name?: unknown }).name : undefined;
      // A bad name does not name its entry well: its place does.
      const named = typeof name === 'string' && name.trim() && below[i + 1] !== 'name';
      words.push(named ? name : `${list.replace(/s$/, '')} ${key + 1}`);
    } else {
      words.push(keyWords(String(key)));
    }
    current = current !== null && typeof current === 'object' ? (current as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return words.reduce((place, word, i) => (i === 0 ? word : `${place}'s ${word}`), '');
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
      // A regular expression is no help to a person: the question's help says the form.
      return issue.format === 'regex' ? 'is not in the required form' : `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? 'an unknown key' : 'unknown keys'}: ${issue.keys.join(', ')}`;
    case 'invalid_value':
      return `must be ${quoted(issue.values)}`;
    case 'invalid_union':
      return Array.isArray(issue.options) && issue.options.length && issue.discriminator ? `${issue.discriminator} must be ${quoted(issue.options)}` : unionWords(issue);
    case 'invalid_key':
    case 'invalid_element':
      return 'holds a value that is not accepted';
    default:
      return 'is not accepted';
  }
}
