import { questionsOf, resolveAnswers, type Resolution } from '../engine/answers.js';
import { InputError, type FieldProblem } from '../engine/errors.js';
import { applies, inQuestionWords, questionForPath, setAt, type PartialAnswers, type Question } from '../engine/questions.js';
import type { Step } from '../engine/step.js';
import type { FlowState } from './flow.js';
import type { Line, Phase, WizardAction } from './state.js';
import type { WizardServices } from './wizard-props.js';

/** What the machine checks of the answers need of the wizard: its steps and how answers resolve. */
export interface CheckContext {
  steps: Step[];
  baseDir: string;
  env: NodeJS.ProcessEnv;
  services: WizardServices;
}

/**
 * The machine check of an answer as it is submitted (Question.check, through the services):
 * the answers it sees, and a check that throws as a problem. An answer whose check could not
 * run is taken when the same value is given again: the run checks the machine before anything
 * changes anyway, and a check that fails to run must not keep a person from going on.
 */
export class AnswerChecks {
  private couldNotCheck?: { path: string; value: string };

  constructor(private readonly context: CheckContext) {}

  wanted(question: Question, value: unknown): boolean {
    if (!question.check || value === undefined) return false;
    const skipped = this.couldNotCheck;
    return !(skipped && skipped.path === question.path && skipped.value === JSON.stringify(value));
  }

  /** The problem the check found (in its words, with the fix), or undefined. */
  async run(question: Question, value: unknown, raw: PartialAnswers, typedSecrets: ReadonlySet<string>): Promise<string | undefined> {
    this.couldNotCheck = undefined;
    try {
      return await this.context.services.checkAnswer(question, this.answersWith(question, value, raw, typedSecrets));
    } catch (error) {
      this.couldNotCheck = { path: question.path, value: JSON.stringify(value) };
      const why = error instanceof Error ? error.message : String(error);
      return `This answer could not be checked (${why}). Enter it again to keep it: the run checks the machine again before anything changes.`;
    }
  }

  /** The answers so far with this one, defaults applied and secrets resolved, as the run will see them. */
  private answersWith(question: Question, value: unknown, raw: PartialAnswers, typedSecrets: ReadonlySet<string>): PartialAnswers {
    const { steps, baseDir, env } = this.context;
    const given = structuredClone(raw);
    setAt(given, question.path, value);
    return resolveAnswers(given, steps, { baseDir, env, typedSecrets: new Set([...typedSecrets, question.path]) }).answers;
  }
}

/**
 * The question asked again with the check's problem under it: the value given is the proposal
 * (a secret is asked empty). `flow`: the flow with this question next.
 */
export function askAgain(phase: Phase, flow: FlowState, question: Question, value: unknown, problem: string): WizardAction {
  const prefill = question.secret ? undefined : value;
  if (phase.name === 'change') return { type: 'phase', phase: { ...phase, prefill, problem, attempt: (phase.attempt ?? 0) + 1 } };
  return { type: 'ask', flow: { ...flow, next: flow.next && { ...flow.next, prefill, problem } } };
}

/** A problem of the run's machine checks as the person was asked: the question's prompt, no answers-file key. */
function inTerminalWords(problem: FieldProblem, questions: Question[]): string {
  const prompt = problem.question ?? questionForPath(questions, problem.path)?.prompt;
  const text = problem.atTheQuestion ?? inQuestionWords(`${problem.message}. ${problem.fix}`, questions);
  return prompt ? `${prompt}: ${text}` : text;
}

/**
 * A run refused before anything changed (the machine checks of its start, exit 2) whose problem
 * an answer can fix: the lines that say why, and the question to change. Undefined otherwise.
 */
export function answerToChange(error: unknown, steps: Step[], ran: Resolution): { lines: Line[]; at: string } | undefined {
  if (!(error instanceof InputError)) return undefined;
  const questions = questionsOf(steps);
  const at = error.problems.map((problem) => questionForPath(questions, problem.path)).find((question) => question && applies(question, ran.answers));
  if (!at) return undefined;
  const lines: Line[] = [
    { text: `✖ ${error.message}:`, tone: 'error' },
    ...error.problems.map((problem) => ({ text: `  ${inTerminalWords(problem, questions)}`, tone: 'error' as const })),
    { text: 'Nothing was changed. Change the answer, and the run starts again.', tone: 'info' },
  ];
  return { lines, at: at.path };
}
