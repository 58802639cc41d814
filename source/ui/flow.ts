import { questionsOf, resolveAnswers, type Resolution } from '../engine/answers.js';
import type { CheckpointData, StepRecord } from '../engine/checkpoint.js';
import type { FieldProblem } from '../engine/errors.js';
import { applies, defaultOf, getAt, isAdvanced, questionForPath, type PartialAnswers, type Question } from '../engine/questions.js';
import type { Step } from '../engine/step.js';

/** Which question comes next, from the declarations and the answers so far: no terminal. */

export interface Pending {
  question: Question;
  step: Step;
  /** The value the input starts with: an earlier answer, else the default. */
  prefill: unknown;
  /** The message of the current value (same text as the answers-file validation). */
  problem?: string;
  /** How many questions are still to answer, this one included. */
  remaining: number;
}

export interface FlowOptions {
  baseDir: string;
  env: NodeJS.ProcessEnv;
  /**
   * Ask every question that applies and has no answer yet, defaults prefilled (a run from
   * nothing); otherwise only what is missing or bad (a partial answers file).
   */
  askAll: boolean;
  /** Paths answered in this session (an optional one may have been left empty). */
  asked: ReadonlySet<string>;
  /** Paths of secrets typed in this session: the engine must not warn that they are "in clear in the answers file". */
  typedSecrets: ReadonlySet<string>;
  /** Paths answered in this session and asked again on the way forward after Esc, each with its answer as the prefill. */
  again?: ReadonlySet<string>;
}

export interface FlowState {
  resolution: Resolution;
  next?: Pending;
  /** Problems no question can fix (they stop the run, exit 2). */
  unplaced: FieldProblem[];
}

export function stepOf(steps: Step[], question: Question): Step {
  return steps.find((step) => step.questions.includes(question)) ?? steps[0];
}

export function nextQuestion(raw: PartialAnswers, steps: Step[], options: FlowOptions): FlowState {
  const resolution = resolveAnswers(raw, steps, options);
  const questions = questionsOf(steps);
  const problems = new Map<string, string[]>();
  const unplaced: FieldProblem[] = [];
  // The question is on screen: its prompt is not repeated, only where below it (nodes[1].name), as problemWith says it.
  for (const problem of resolution.problems) {
    const question = questionForPath(questions, problem.path);
    if (!question) unplaced.push(problem);
    else problems.set(question.path, [...(problems.get(question.path) ?? []), problem.path === question.path ? problem.message : `${problem.path}: ${problem.message}`]);
  }
  const missing = new Set(resolution.missing);
  const toAsk = questions.filter((question) => {
    if (!applies(question, resolution.answers)) return false;
    if (problems.has(question.path) || missing.has(question) || options.again?.has(question.path)) return true;
    // An advanced question takes its default in a run from nothing: the review offers it.
    return options.askAll && getAt(raw, question.path) === undefined && !options.asked.has(question.path) && !isAdvanced(question, resolution.answers);
  });
  const first = toAsk[0];
  if (!first) return { resolution, unplaced };
  // From nothing, a cross-field problem of a question not answered yet (mode create, no admin password so far) is not announced before it is asked.
  const unanswered = options.askAll && getAt(raw, first.path) === undefined && !options.asked.has(first.path);
  return { resolution, unplaced, next: { ...pendingOf(first, raw, steps, resolution), problem: unanswered ? undefined : problems.get(first.path)?.join('; '), remaining: toAsk.length } };
}

/** A question as it is put: its answer so far (never a secret's), else its default. */
export function pendingOf(question: Question, raw: PartialAnswers, steps: Step[], resolution: Resolution): Pending {
  const given = getAt(raw, question.path);
  const prefill = question.secret ? undefined : given !== undefined ? given : defaultOf(question, resolution.answers);
  return { question, step: stepOf(steps, question), prefill, remaining: 1 };
}

/** Where the question's step is among the steps that take part with these answers ("step 2 of 4"). */
export function stepPlace(steps: Step[], question: Question, answers: PartialAnswers): { number?: number; count: number } {
  const applicable = applicableSteps(steps, answers);
  const index = applicable.indexOf(stepOf(steps, question));
  return { number: index < 0 ? undefined : index + 1, count: applicable.length };
}

/** The steps that take part with these answers, in order. */
export function applicableSteps(steps: Step[], answers: PartialAnswers): Step[] {
  return steps.filter((step) => step.applies?.(answers) ?? true);
}

/**
 * Where a previous run stopped: the first step not done, with its record and its position
 * among `steps` (pass the applicable ones: a step that does not take part never has a record).
 */
export function stoppedAt(checkpoint: CheckpointData, steps: Step[]): { step: Step; index: number; record?: StepRecord } | undefined {
  for (const [index, step] of steps.entries()) {
    const record = checkpoint.steps[step.id];
    if (record?.status !== 'done' && record?.status !== 'skipped') return { step, index, record };
  }
  return undefined;
}

/** The questions one may change after a failure: the failed step's first, then the earlier ones. */
export function changeableQuestions(steps: Step[], resolution: Resolution, failedStepId?: string): Question[] {
  const failed = steps.find((step) => step.id === failedStepId);
  const ordered = [...(failed ? [failed] : []), ...steps.filter((step) => step !== failed)];
  return ordered.flatMap((step) => step.questions).filter((question) => applies(question, resolution.answers));
}

/** Later values win; objects merge, arrays and scalars are replaced. */
export function mergeAnswers(base: PartialAnswers, over: PartialAnswers): PartialAnswers {
  const out: PartialAnswers = structuredClone(base);
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    if (value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object' && !Array.isArray(current)) {
      out[key] = mergeAnswers(current as PartialAnswers, value as PartialAnswers);
    } else out[key] = structuredClone(value);
  }
  return out;
}
