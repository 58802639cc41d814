import path from 'node:path';
import type { FieldProblem } from './errors.js';
import { InputError } from './errors.js';
import {
  applies,
  defaultOf,
  getAt,
  namingQuestions,
  problemsWith,
  setAt,
  type PartialAnswers,
  type Question,
} from './questions.js';
import type { StepDeclaration } from './lazy-step.js';
import { closest } from './suggest.js';
import { refusedInput } from './input-rules.js';
import { secretFromFile } from './secret-file.js';
import { ANSWERS_FILE_MAX_BYTES, readSmallFileOrThrow } from './small-file.js';

export interface Resolution {
  /** Validated answers with defaults applied and secrets resolved: memory only. */
  answers: PartialAnswers;
  /** What may be written to the checkpoint: secret references kept, secret values never. */
  persisted: PartialAnswers;
  secrets: string[];
  warnings: string[];
  /** Bad values, unknown keys, failed cross-field checks; missing answers are in `missing`. */
  problems: FieldProblem[];
  /** Questions that apply, have no answer and no default: asked on a TTY, an error otherwise. */
  missing: Question[];
}

export interface ResolveOptions {
  /** Relative paths in the answers resolve against this directory (the answers file's). */
  baseDir: string;
  env?: NodeJS.ProcessEnv;
  /** Secrets typed at a prompt: given in memory, not written in clear in a file, so no warning. */
  typedSecrets?: ReadonlySet<string>;
}

export function questionsOf(steps: StepDeclaration[]): Question[] {
  return steps.flatMap((step) => step.questions);
}

/** Reads an answers file; a missing or malformed file is an input error naming the file. */
export function readAnswersFile(file: string): unknown {
  let text: string;
  try {
    text = readSmallFileOrThrow(file, ANSWERS_FILE_MAX_BYTES);
  } catch (error) {
    throw new InputError(
      [{ path: '$', message: `cannot read ${file}: ${(error as Error).message}`, fix: 'Check the path given to --answers.' }],
      'The answers file cannot be read',
    );
  }
  try {
    // Notepad and some editors start a UTF-8 file with a byte order mark, which JSON.parse refuses.
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InputError(
      [{ path: '$', message: `${file} is not valid JSON: ${(error as Error).message}`, fix: 'Fix the JSON syntax (a validator or `node -e "JSON.parse(...)"` shows where).' }],
      'The answers file is not valid JSON',
    );
  }
}

/** Every key of the answers that no question declares, each with a "did you mean". */
function unknownKeys(raw: PartialAnswers, questions: Question[]): FieldProblem[] {
  const leaves = new Set(questions.map((q) => q.path));
  const branches = new Set(questions.flatMap((q) => q.path.split('.').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('.'))));
  const problems: FieldProblem[] = [];
  const walk = (obj: Record<string, unknown>, prefix: string) => {
    for (const [key, value] of Object.entries(obj)) {
      const full = prefix ? `${prefix}.${key}` : key;
      if (!prefix && key === '$schema') continue;
      if (leaves.has(full)) continue;
      if (branches.has(full)) {
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) walk(value as Record<string, unknown>, full);
        else problems.push({ path: full, message: 'must be an object', fix: `Write ${full} as an object: { ... }.` });
        continue;
      }
      const siblings = [...leaves, ...branches]
        .filter((p) => p.split('.').length === full.split('.').length && p.startsWith(prefix ? `${prefix}.` : ''))
        .map((p) => p.split('.').pop() as string);
      const guess = closest(key, siblings);
      problems.push({
        path: full,
        message: 'unknown key',
        fix: guess ? `Did you mean "${prefix ? `${prefix}.` : ''}${guess}"?` : `Remove it; the schema (pmf-wizard schema) lists the keys${prefix ? ` of ${prefix}` : ''}.`,
      });
    }
  };
  walk(raw, '');
  return problems;
}

type SecretOutcome = { value: string } | { problem: string; fix: string };

function resolveSecret(question: Question, value: unknown, options: ResolveOptions): SecretOutcome | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const ref = value as Record<string, unknown>;
  const keys = Object.keys(ref);
  if (keys.length === 1 && typeof ref.env === 'string') {
    const secret = (options.env ?? process.env)[ref.env];
    if (secret === undefined || secret === '')
      return { problem: `environment variable ${ref.env} is not set`, fix: `Export ${ref.env} before running, or use {"file": PATH}.` };
    return { value: secret };
  }
  if (keys.length === 1 && typeof ref.file === 'string') {
    return secretFromFile(question, path.resolve(options.baseDir, ref.file));
  }
  return { problem: 'must be a string, {"env": NAME} or {"file": PATH}', fix: `Write ${question.path} as {"env": "NAME"} or {"file": "/path"}.` };
}

/** The value a question gets: the one given, else (a copy of) its default for the answers so far. */
function givenOrDefault(question: Question, raw: PartialAnswers, working: PartialAnswers): unknown {
  const value = getAt(raw, question.path);
  if (value !== undefined) return value;
  const fallback = defaultOf(question, working);
  return fallback === undefined ? undefined : structuredClone(fallback);
}

/**
 * The answers with each applicable question's default applied, nothing checked: the answers a
 * step sees, for code (and tests) that call steps without the whole resolution.
 */
export function withDefaults(raw: PartialAnswers, steps: StepDeclaration[]): PartialAnswers {
  const working: PartialAnswers = {};
  for (const question of questionsOf(steps)) {
    if (!applies(question, working)) continue;
    const value = givenOrDefault(question, raw, working);
    if (value !== undefined) setAt(working, question.path, value);
  }
  return working;
}

/**
 * Validates answers against every question of every step, all at once, and applies defaults.
 * Touches nothing: it only reads secret files and checks paths that the questions name.
 */
export function resolveAnswers(rawInput: unknown, steps: StepDeclaration[], options: ResolveOptions): Resolution {
  const questions = questionsOf(steps);
  const problems: FieldProblem[] = [];
  const warnings: string[] = [];
  const secrets: string[] = [];
  const missing: Question[] = [];
  if (rawInput === null || typeof rawInput !== 'object' || Array.isArray(rawInput)) {
    problems.push({ path: '$', message: 'the answers must be a JSON object', fix: 'Start from fixtures/answers/*.json or `pmf-wizard schema`.' });
    return { answers: {}, persisted: {}, secrets, warnings, problems, missing };
  }
  const raw = rawInput as PartialAnswers;
  problems.push(...unknownKeys(raw, questions));

  const working: PartialAnswers = {};
  const persisted: PartialAnswers = {};
  for (const question of questions) {
    if (!applies(question, working)) {
      if (getAt(raw, question.path) !== undefined) warnings.push(`${question.path} is set but not used with these answers: it is ignored.`);
      continue;
    }
    let value: unknown = givenOrDefault(question, raw, working);
    if (value === undefined) {
      if (!question.optional) missing.push(question);
      continue;
    }
    let persistedValue: unknown = value;
    if (question.secret) {
      if (typeof value === 'string') {
        if (!options.typedSecrets?.has(question.path)) warnings.push(`${question.path} is written in clear in the answers file; prefer {"env": "NAME"} or {"file": "PATH"}.`);
        persistedValue = undefined;
      } else {
        const outcome = resolveSecret(question, value, options);
        if (outcome && 'problem' in outcome) {
          problems.push({ path: question.path, message: outcome.problem, fix: outcome.fix });
          continue;
        }
        if (outcome) value = outcome.value;
      }
      if (typeof value === 'string') secrets.push(value);
    } else if (question.kind === 'path' && typeof value === 'string' && value !== '') {
      value = path.resolve(options.baseDir, value);
      persistedValue = value;
    }
    const refused = refusedInput(question, value, options.env);
    if (refused) {
      problems.push(refused);
      continue;
    }
    const found = problemsWith(question, value);
    if (found.length) {
      problems.push(...found);
      continue;
    }
    setAt(working, question.path, value);
    if (persistedValue !== undefined) setAt(persisted, question.path, persistedValue);
  }
  // Cross-field checks see partial answers when fields are bad or missing: they must not assume.
  for (const step of steps) problems.push(...(step.validate?.(working) ?? []));
  return { answers: working, persisted, secrets, warnings, problems: namingQuestions(problems, questions), missing };
}

export function missingProblems(missing: Question[]): FieldProblem[] {
  return namingQuestions(
    missing.map((question) => ({ path: question.path, message: 'missing', fix: question.fix ?? `Set ${question.path}: ${question.help}` })),
    missing,
  );
}

/** The resolution when nothing is bad or missing, else an InputError with every problem. */
export function resolveOrThrow(raw: unknown, steps: StepDeclaration[], options: ResolveOptions): Resolution {
  const resolution = resolveAnswers(raw, steps, options);
  const problems = [...resolution.problems, ...missingProblems(resolution.missing)];
  if (problems.length) throw new InputError(problems);
  return resolution;
}
