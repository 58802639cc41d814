import * as z from 'zod/mini';
import type { FieldProblem } from './errors.js';
import { placeWords, plainMessage, withExample } from './issue-words.js';

/** How a question is asked in the terminal; the answers file ignores it. */
export type QuestionKind = 'text' | 'password' | 'select' | 'confirm' | 'path' | 'port' | 'number' | 'nodes';

/** Answers as they are being gathered: a nested plain object, possibly incomplete. */
export type PartialAnswers = Record<string, unknown>;

export interface Choice {
  value: string;
  label: string;
}

/**
 * One question: the single source of truth for the Ink form, the answers-file validation
 * and the JSON Schema. `path` is the dotted key in the answers file.
 */
export interface Question {
  path: string;
  kind: QuestionKind;
  /** Validates the resolved value (for a secret: the secret string itself); zod/mini, so start-up loads little. */
  schema: z.ZodMiniType;
  prompt: string;
  /** One line of help, shown under the prompt and in the JSON Schema description. */
  help: string;
  /** the help as shown at a terminal, when the answers-file help does not fit */
  terminalHelp?: string;
  /** How to fix a bad value; the help is used when absent. */
  fix?: string;
  default?: unknown | ((answers: PartialAnswers) => unknown);
  /** The question applies (is asked, is required) only when this holds. */
  when?: (answers: PartialAnswers) => boolean;
  choices?: Choice[] | ((answers: PartialAnswers) => Choice[]);
  /** A secret: may be given as {"env": NAME} or {"file": PATH}; never persisted or logged. */
  secret?: boolean;
  /** A new secret: the terminal asks it twice. */
  confirm?: boolean;
  /** May stay unset even when it applies. */
  optional?: boolean;
  /** A directory the wizard creates or writes into: a system directory or the home directory itself is refused. */
  writtenInto?: boolean;
  /**
   * Has a safe or found default: a run from nothing does not ask it (the default is taken), and
   * the review screen offers it under "Advanced settings". A bad or missing value is still asked.
   */
  advanced?: boolean | ((answers: PartialAnswers) => boolean);
  /**
   * A check of the machine for the answer just given (a port free, a log-in accepted), run by the
   * terminal when it is submitted, so that a failure is fixed where the answer is given and not
   * found only when the run starts. `answers`: those so far, the new value included, defaults
   * applied and secrets resolved. Returns the problem with its fix in plain words, or undefined.
   * Quick (a few seconds at most) and changes nothing; the run's preflight still checks the same.
   */
  check?: (answers: PartialAnswers) => Promise<string | undefined>;
  /** (nodes) The ports something listens on here: the nodes proposed after the first skip them. */
  portsInUse?: () => ReadonlySet<number>;
}

export function getAt(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

export function setAt(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = obj;
  for (const key of keys.slice(0, -1)) {
    const next = cur[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[key] = {};
    cur = cur[key] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]] = value;
}

export function deleteAt(obj: Record<string, unknown>, path: string): void {
  const keys = path.split('.');
  let cur: unknown = obj;
  for (const key of keys.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object') return;
    cur = (cur as Record<string, unknown>)[key];
  }
  if (cur !== null && typeof cur === 'object') delete (cur as Record<string, unknown>)[keys[keys.length - 1]];
}

export function applies(question: Question, answers: PartialAnswers): boolean {
  return question.when ? question.when(answers) : true;
}

/** Taken from its default unless asked for (see Question.advanced). */
export function isAdvanced(question: Question, answers: PartialAnswers): boolean {
  return typeof question.advanced === 'function' ? question.advanced(answers) : question.advanced === true;
}

export function defaultOf(question: Question, answers: PartialAnswers): unknown {
  return typeof question.default === 'function'
    ? (question.default as (a: PartialAnswers) => unknown)(answers)
    : question.default;
}

export interface ValueIssue {
  /** Where below the value: [] for the value itself, [1, 'name'] in a list of nodes. */
  path: PropertyKey[];
  message: string;
}

/** What is wrong with a value, in the schema's own words where it has them, else in plain ones. */
export function issuesOf(schema: z.ZodMiniType, value: unknown): ValueIssue[] {
  const result = z.safeParse(schema, value, { error: plainMessage });
  return result.success ? [] : result.error.issues.map(({ path, message }) => ({ path, message }));
}

/** A place below a question's key as the answers file writes it: ('nodes', [0, 'httpPort']) → nodes[0].httpPort. */
export function fieldPath(base: string, below: readonly PropertyKey[]): string {
  return below.reduce<string>((at, key) => (typeof key === 'number' ? `${at}[${key}]` : `${at}.${String(key)}`), base);
}

/** What is wrong with a value, one problem per place below the question's key. */
export function problemsWith(question: Question, value: unknown): FieldProblem[] {
  return issuesOf(question.schema, value).map((issue) => ({ path: fieldPath(question.path, issue.path), message: issue.message, fix: question.fix ?? question.help }));
}

/**
 * The message a value gets from its question, or undefined when it is valid.
 * The Ink form and the answers-file validation both call this, so they say the same thing.
 */
export function problemWith(question: Question, value: unknown): string | undefined {
  const issues = issuesOf(question.schema, value);
  if (!issues.length) return undefined;
  return issues.map((issue) => (issue.path.length ? `${placeWords(issue.path, value, question.path.split('.').at(-1) ?? '')}: ${issue.message}` : withExample(issue.message, question.default))).join('; ');
}

/** The question a problem's path belongs to: its own, else the nearest one above it (nodes[1].name → nodes). */
export function questionForPath(questions: Question[], problemPath: string): Question | undefined {
  let best: Question | undefined;
  for (const question of questions) {
    const p = question.path;
    if (problemPath === p || problemPath.startsWith(`${p}.`) || problemPath.startsWith(`${p}[`)) {
      if (!best || p.length > best.path.length) best = question;
    }
  }
  return best;
}

/** The problems, each with the prompt of its question: a person is told what was asked, not only the key. */
export function namingQuestions(problems: FieldProblem[], questions: Question[]): FieldProblem[] {
  return problems.map((problem) => {
    const question = problem.question === undefined ? questionForPath(questions, problem.path) : undefined;
    return question ? { ...problem, question: question.prompt } : problem;
  });
}

/**
 * A message written for an answers file, as the form says it: each question's dotted key it names
 * becomes its prompt, and "then run again" goes (at a question, nothing has run yet).
 */
export function inQuestionWords(text: string, questions: Question[]): string {
  const longestFirst = [...questions].sort((a, b) => b.path.length - a.path.length);
  let worded = text;
  for (const question of longestFirst) {
    // A key of one word ("nodes") could be an ordinary word of the message.
    if (!question.path.includes('.')) continue;
    const key = question.path.replace(/[.[\]]/g, '\\$&');
    worded = worded.replace(new RegExp(`(?<![\\w.])${key}(?![\\w])`, 'g'), `“${question.prompt}”`);
  }
  // The form asks again at once: no run to start again, with or without --resume.
  return worded.replace(/,? then run again(?: with --resume)?(?=\.|$)/g, '');
}

const nonEmpty = (description: string) => z.string().check(z.minLength(1), z.describe(description));

/** A secret as written in an answers file: the value itself, or where to read it. */
export const secretReference = z.union([
  z.string().check(z.describe('The secret itself (works, but the run warns: prefer env or file)')),
  z.strictObject({ env: nonEmpty('Name of an environment variable holding the secret') }),
  z.strictObject({ file: nonEmpty('Path of a file whose first line is the secret') }),
]);
