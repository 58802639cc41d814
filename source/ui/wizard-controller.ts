import path from 'node:path';
import { questionsOf, resolveAnswers, type Resolution } from '../engine/answers.js';
import type { CheckpointData } from '../engine/checkpoint.js';
import { ExitCode, exitCodeOf, InputError, WizardError } from '../engine/errors.js';
import type { Emit } from '../engine/events.js';
import type { RunResult } from '../engine/machine.js';
import { applies, deleteAt, getAt, setAt, type PartialAnswers, type Question } from '../engine/questions.js';
import type { Step, StepOutputs } from '../engine/step.js';
import type { NodeAnswer } from '../farm/answers.js';
import { answersFileFor } from './answers-file.js';
import type { FailureChoice } from './FailureView.js';
import { applicableSteps, mergeAnswers, nextQuestion, stoppedAt, type FlowState } from './flow.js';
import { formatFailure, formatProblems } from './plain.js';
import { displayValue } from './question-value.js';
import type { StoppedAt } from './ResumePrompt.js';
import { initialState, summaryOf, wizardReducer, type Line, type Phase, type SummaryHead, type Tone, type WizardAction, type WizardState } from './state.js';
import { summaryLines } from './Summary.js';

/** The only process work of the interactive run goes through here (runSteps in production). */
export interface WizardServices {
  run(input: { resolution: Resolution; resume: boolean; dryRun: boolean; emit: Emit; signal: AbortSignal }): Promise<RunResult>;
  /** The outputs the steps recorded (the checkpoint's), for the final tables. */
  outputs(): Record<string, StepOutputs | undefined>;
  saveAnswers(file: string, content: string): void;
}

export interface WizardProps {
  steps: Step[];
  /** Answers known at the start: a partial answers file, the checkpoint's (--resume), or nothing. */
  raw: PartialAnswers;
  /** Given by an answers file: ask only what is missing or bad. */
  fromAnswersFile: boolean;
  baseDir: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stateDir: string;
  resume: boolean;
  dryRun: boolean;
  resumeCommand: string;
  /** A checkpoint found in the state directory (offered for resume when not --resume). */
  checkpoint?: CheckpointData;
  services: WizardServices;
  /** Aborted by the CLI on SIGINT/SIGTERM. */
  signal?: AbortSignal;
  onExit: (exitCode: number) => void;
}

/** Where the answers file goes unless the person names another (relative to the working directory). */
export const DEFAULT_ANSWERS_FILE = 'pmf-wizard-answers.json';

/**
 * What the wizard does on each choice of the person and at the end of each run. The answers are
 * resolved (which reads secret files) here, once a choice, and kept in the state: never while drawing.
 */
export class WizardController {
  private raw: PartialAnswers;
  /** Paths answered in this session (an optional one may have been left empty). */
  private readonly asked = new Set<string>();
  private readonly typedSecrets = new Set<string>();
  /** The next run resumes: --resume, the resume offer taken, or any run after the first. */
  private resume: boolean;
  /** From nothing every question is asked (defaults prefilled); an answers file or a resumed run asks only what is missing. */
  private askAll: boolean;
  private checkpointExists: boolean;
  private readonly abort = new AbortController();
  private lastExitCode = 0;
  private state: WizardState = initialState();
  private dispatch: (action: WizardAction) => void = () => {};

  constructor(private readonly props: WizardProps) {
    this.raw = structuredClone(props.raw);
    this.resume = props.resume;
    this.askAll = !props.fromAnswersFile && !props.resume;
    this.checkpointExists = Boolean(props.checkpoint);
  }

  /** The state as last drawn, and the way to change it: handlers decide on what the person saw. */
  sync(state: WizardState, dispatch: (action: WizardAction) => void): void {
    this.state = state;
    this.dispatch = dispatch;
  }

  /** The first screen: the resume offer, or what is already answered (in the very first frame) and the first question. */
  opening(): WizardState {
    const { checkpoint, resume, fromAnswersFile } = this.props;
    if (checkpoint && !resume) return { ...initialState({ name: 'resume' }), resumeAt: this.resumeOffer(checkpoint) };
    const flow = this.flow();
    const lines = this.givenLines(fromAnswersFile ? 'from the answers file' : resume ? 'from the previous run' : 'given', flow);
    return wizardReducer(wizardReducer(initialState(), { type: 'log', lines }), { type: 'ask', flow });
  }

  answer(question: Question, value: unknown, mark = '✔'): void {
    if (value === undefined) deleteAt(this.raw, question.path);
    else setAt(this.raw, question.path, value);
    this.asked.add(question.path);
    if (question.secret && typeof value === 'string') this.typedSecrets.add(question.path);
    this.log([`${mark} ${question.prompt}: ${displayValue(question, value)}`]);
    this.dispatch({ type: 'ask', flow: this.flow() });
  }

  /** The questions are answered: run, unless a problem no question can fix stops it. */
  proceed(flow: FlowState): void {
    if (flow.unplaced.length) this.finish(ExitCode.badInput, ['The answers are not valid:', ...formatProblems(flow.unplaced)], 'error');
    else this.startRun(flow.resolution);
  }

  chooseResume(choice: 'resume' | 'start-over'): void {
    const { checkpoint } = this.props;
    let source = 'from the answers file';
    if (choice === 'resume' && checkpoint) {
      this.raw = mergeAnswers(checkpoint.answers, this.props.raw);
      this.resume = true;
      this.askAll = false;
      source = 'from the previous run';
    } else {
      this.raw = structuredClone(this.props.raw);
      this.log([{ text: 'Starting over: every question is asked again.', tone: 'info' }]);
    }
    const flow = this.flow();
    this.log(this.givenLines(source, flow));
    this.dispatch({ type: 'ask', flow });
  }

  chooseAfterFailure(choice: FailureChoice): void {
    const { failure } = this.state;
    if (choice === 'quit') {
      const lines: Line[] = failure ? [{ text: `✖ ${failure.title} failed`, tone: 'error' }, ...formatFailure(failure.error)] : [];
      this.finish(this.lastExitCode || ExitCode.stepFailed, [...lines, { text: `The checkpoint is kept. After the fix, run: ${this.props.resumeCommand}`, tone: 'warn' }]);
    } else if (choice === 'retry') {
      this.log([{ text: `↻ Retrying ${failure?.title ?? 'the step'}`, tone: 'info' }]);
      this.dispatch({ type: 'ask', flow: this.flow() });
    } else this.setPhase({ name: 'pick-answer' });
  }

  /** The answer to change after a failure ('' goes back to the failure). */
  pickAnswer(questionPath: string): void {
    const question = questionsOf(this.props.steps).find((q) => q.path === questionPath);
    if (!question) return this.setPhase({ name: 'failed' });
    const prefill = question.secret ? undefined : (getAt(this.raw, question.path) ?? getAt(this.state.ran?.answers, question.path));
    this.setPhase({ name: 'change', question, prefill });
  }

  chooseAtSummary(choice: 'save' | 'finish'): void {
    const data = summaryOf(this.state);
    if (!data || !this.state.ran) return;
    this.log(summaryLines(data));
    if (choice === 'save') this.dispatch({ type: 'save', file: answersFileFor(this.state.ran, this.props.steps) });
    else this.finish(data.exitCode, []);
  }

  save(file: string): void {
    const { save, summary } = this.state;
    if (!save || !summary) return;
    const target = path.resolve(this.props.cwd, file.trim() || DEFAULT_ANSWERS_FILE);
    try {
      this.props.services.saveAnswers(target, `${JSON.stringify(save.file.content, null, 2)}\n`);
    } catch (error) {
      this.dispatch({ type: 'save', file: save.file, problem: `cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      return;
    }
    const rebuild = `pmf-wizard --answers ${target}`;
    const { envVars } = save.file;
    this.finish(summary.exitCode, [
      { text: `✔ Saved the answers to ${target}`, tone: 'ok' },
      envVars.length ? `  To rebuild unattended: export ${envVars.join(' ')} (the passwords), then ${rebuild}` : `  To rebuild unattended: ${rebuild}`,
    ]);
  }

  /** Ctrl+C or the CLI's signal: stop the run through its signal; a second one quits at once. */
  interrupt(): void {
    const phase = this.state.phase.name;
    if (phase === 'finished') return;
    if (phase === 'stopping') return this.props.onExit(ExitCode.interrupted);
    if (phase === 'running') {
      this.setPhase({ name: 'stopping' });
      this.abort.abort();
      return;
    }
    this.finish(ExitCode.interrupted, this.interruptedLines());
  }

  private flow(): FlowState {
    const { steps, baseDir, env } = this.props;
    return nextQuestion(this.raw, steps, { baseDir, env, askAll: this.askAll, asked: this.asked, typedSecrets: this.typedSecrets });
  }

  /** What is already answered, from `flow`'s resolution of the answers. */
  private givenLines(source: string, flow: FlowState): Line[] {
    const given = questionsOf(this.props.steps).filter((q) => applies(q, flow.resolution.answers) && getAt(this.raw, q.path) !== undefined);
    if (!given.length) return [];
    return [{ text: `Answers ${source}:`, tone: 'title' }, ...given.map((q) => ({ text: `  ✔ ${q.prompt}: ${displayValue(q, getAt(this.raw, q.path))}`, tone: 'plain' as Tone }))];
  }

  private resumeOffer(checkpoint: CheckpointData): StoppedAt | undefined {
    const { steps, baseDir, env, raw } = this.props;
    const previous = resolveAnswers(mergeAnswers(checkpoint.answers, raw), steps, { baseDir, env, typedSecrets: this.typedSecrets });
    const applicable = applicableSteps(steps, previous.answers);
    const at = stoppedAt(checkpoint, applicable);
    return at && { title: at.step.title, number: at.index + 1, count: applicable.length, status: at.record?.status, message: at.record?.error?.message };
  }

  private startRun(resolution: Resolution): void {
    this.dispatch({ type: 'run', resolution });
    if (!this.props.dryRun) this.checkpointExists = true;
    const emit: Emit = (event) => this.dispatch({ type: 'engine', event, at: Date.now() });
    this.props.services
      .run({ resolution, resume: this.resume, dryRun: this.props.dryRun, emit, signal: this.abort.signal })
      .then(
        (result) => this.settle(result, resolution),
        (error: unknown) => this.crash(error),
      );
  }

  private settle(result: RunResult, resolution: Resolution): void {
    this.lastExitCode = result.exitCode;
    this.resume = true;
    if (this.abort.signal.aborted || result.status === 'interrupted') return this.finish(ExitCode.interrupted, this.interruptedLines());
    if (result.status === 'failed') return this.setPhase({ name: 'failed' });
    if (result.status === 'planned') return this.finish(result.exitCode, [{ text: 'Dry run: nothing was changed.', tone: 'ok' }]);
    if (result.status === 'paused') return this.finish(result.exitCode, [`When that is done, continue with: ${this.props.resumeCommand}`]);
    this.dispatch({ type: 'summary', summary: this.summaryHead(result.exitCode, resolution) });
  }

  private summaryHead(exitCode: number, resolution: Resolution): SummaryHead {
    const outputs = this.props.services.outputs();
    const nodes = getAt(resolution.answers, 'nodes');
    const tables = this.props.steps.flatMap((step) => {
      const table = outputs[step.id]?.table;
      return table ? [{ title: step.title, table }] : [];
    });
    return { exitCode, nodes: Array.isArray(nodes) ? (nodes as NodeAnswer[]) : [], tables };
  }

  private crash(error: unknown): void {
    const exitCode = exitCodeOf(error);
    if (error instanceof InputError) return this.finish(exitCode, [error.message, ...formatProblems(error.problems), error.fix], 'error');
    if (error instanceof WizardError) return this.finish(exitCode, [error.message, `  fix: ${error.fix}`], 'error');
    this.finish(exitCode, [`pmf-wizard hit a bug: ${(error as Error).stack ?? String(error)}`], 'error');
  }

  private interruptedLines(): Line[] {
    return this.checkpointExists
      ? [{ text: `Interrupted. The checkpoint is kept; to continue run: ${this.props.resumeCommand}`, tone: 'warn' }]
      : [{ text: 'Interrupted: nothing was changed.', tone: 'warn' }];
  }

  private finish(exitCode: number, lines: Line[], tone: Tone = 'plain'): void {
    if (this.state.phase.name === 'finished') return;
    if (lines.length) this.log(lines, tone);
    this.setPhase({ name: 'finished', exitCode });
  }

  private log(lines: Line[], tone?: Tone): void {
    this.dispatch({ type: 'log', lines, tone });
  }

  private setPhase(phase: Phase): void {
    this.dispatch({ type: 'phase', phase });
  }
}
