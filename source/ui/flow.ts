import { questionsOf, resolveAnswers, type Resolution } from '../engine/answers.js';
import type { CheckpointData, StepRecord } from '../engine/checkpoint.js';
import type { FieldProblem } from '../engine/errors.js';
import { applies, defaultOf, getAt, questionForPath, type PartialAnswers, type Question } from '../engine/questions.js';
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
    if (problems.has(question.path) || missing.has(question)) return true;
    return options.askAll && getAt(raw, question.path) === undefined && !options.asked.has(question.path);
  });
  const first = toAsk[0];
  if (!first) return { resolution, unplaced };
  const given = getAt(raw, first.path);
  const prefill = first.secret ? undefined : given !== undefined ? given : defaultOf(first, resolution.answers);
  return {
    resolution,
    unplaced,
    next: { question: first, step: stepOf(steps, first), prefill, problem: problems.get(first.path)?.join('; '), remaining: toAsk.length },
  };
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
