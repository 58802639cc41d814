import path from 'node:path';
import { shellWord } from '../adapters/process.js';
import { questionsOf, resolveAnswers, type Resolution } from '../engine/answers.js';
import type { CheckpointData } from '../engine/checkpoint.js';
import { draftOf, draftPath, type Draft } from '../engine/draft.js';
import { ExitCode, exitCodeOf } from '../engine/errors.js';
import type { Emit } from '../engine/events.js';
import type { RunResult } from '../engine/machine.js';
import { applies, deleteAt, getAt, setAt, type PartialAnswers, type Question } from '../engine/questions.js';
import { answerToChange, AnswerChecks, askAgain } from './answer-check.js';
import { AnswerTrail } from './answer-trail.js';
import { crashLines, interruptedLines, summaryHeadOf } from './run-ending.js';
import { answersFileFor } from './answers-file.js';
import type { FailureChoice } from './FailureView.js';
import { applicableSteps, mergeAnswers, nextQuestion, pendingOf, stoppedAt, type FlowState } from './flow.js';
import { formatFailure, formatProblems } from './plain.js';
import { displayValue } from './question-value.js';
import type { ResumeChoice, StoppedAt } from './ResumePrompt.js';
import { draftNewerThan, draftOffer, localDate } from './review.js';
import { initialState, summaryOf, wizardReducer, type Line, type Phase, type ReviewList, type Tone, type WizardAction, type WizardState } from './state.js';
import { summaryLines } from './Summary.js';
import { DEFAULT_ANSWERS_FILE, type ReviewChoice, type WizardProps } from './wizard-props.js';

export { DEFAULT_ANSWERS_FILE, type ReviewChoice, type WizardProps, type WizardServices } from './wizard-props.js';

/**
 * What the wizard does on each choice of the person and at the end of each run. The answers are
 * resolved (which reads secret files) here, once a choice, and kept in the state: never while drawing.
 */
export class WizardController {
  private raw: PartialAnswers;
  /** Paths answered in this session (an optional one may have been left empty). */
  private readonly asked = new Set<string>();
  private readonly typedSecrets = new Set<string>();
  private readonly trail = new AnswerTrail();
  private readonly checks: AnswerChecks;
  /** The next run resumes: --resume, the resume offer taken, or any run after the first. */
  private resume: boolean;
  /** From nothing every question is asked (defaults prefilled); an answers file or a resumed run asks only what is missing. */
  private askAll: boolean;
  private checkpointExists: boolean;
  /** Answers typed in an earlier session after the checkpoint (or with none), not taken yet. */
  private draft?: Draft;
  /** The answers are reviewed before the first run (something was asked, or a draft taken). */
  private reviewWanted = false;
  private started = false;
  private readonly abort = new AbortController();
  private lastExitCode = 0;
  private state: WizardState = initialState();
  private dispatch: (action: WizardAction) => void = () => {};

  constructor(private readonly props: WizardProps) {
    const { checkpoint, resume } = props;
    this.raw = resume && checkpoint ? mergeAnswers(checkpoint.answers, props.raw) : structuredClone(props.raw);
    this.resume = resume;
    this.askAll = !props.fromAnswersFile && !resume;
    this.checkpointExists = Boolean(checkpoint);
    this.draft = draftNewerThan(props.services.loadDraft(), checkpoint?.updatedAt);
    this.checks = new AnswerChecks(props);
  }

  /** The answers as given so far (a secret's reference stays one), for the review's lines. */
  get given(): PartialAnswers {
    return this.raw;
  }

  /** The state as last drawn, and the way to change it: handlers decide on what the person saw. */
  sync(state: WizardState, dispatch: (action: WizardAction) => void): void {
    this.state = state;
    this.dispatch = dispatch;
  }

  /** The first screen: the resume offer, or what is already answered (in the very first frame) and the first question. */
  opening(): WizardState {
    const { checkpoint, resume, fromAnswersFile, takeDraft, steps } = this.props;
    const draft = this.draft && draftOffer(this.draft, steps);
    if (checkpoint && (!resume || draft)) return { ...initialState({ name: 'resume' }), resumeAt: this.resumeOffer(checkpoint), resumeCheckpoint: true, draft };
    if (draft && !takeDraft) return { ...initialState({ name: 'resume' }), draft };
    let source = fromAnswersFile ? 'from the answers file' : resume ? 'from the previous run' : 'given';
    if (draft) source = this.takeDraft();
    const flow = this.flow();
    const lines = this.givenLines(source, flow);
    return wizardReducer(wizardReducer(initialState(), { type: 'log', lines }), { type: 'ask', flow });
  }

  /** An answer submitted: its machine check first, if it has one ("Checking…"); a problem asks it again. */
  answer(question: Question, value: unknown, mark = '✔'): void {
    if (!this.checks.wanted(question, value)) return this.accept(question, value, mark);
    this.dispatch({ type: 'checking', path: question.path });
    void this.checks.run(question, value, this.raw, this.typedSecrets).then((problem) => {
      if (this.state.phase.name === 'finished') return;
      this.dispatch({ type: 'checking', path: undefined });
      if (problem === undefined) this.accept(question, value, mark);
      else this.dispatch(askAgain(this.state.phase, this.flow(question.path), question, value, problem));
    });
  }

  private accept(question: Question, value: unknown, mark: string): void {
    if (value === undefined) deleteAt(this.raw, question.path);
    else setAt(this.raw, question.path, value);
    this.asked.add(question.path);
    this.trail.answered(question.path);
    if (question.secret && typeof value === 'string') this.typedSecrets.add(question.path);
    this.log([`${mark} ${question.prompt}: ${displayValue(question, value)}`]);
    this.dispatch({ type: 'ask', flow: this.flow() });
  }

  /** Esc at a question (or at the review): the question before, its answer kept as the prefill. */
  back(): void {
    const previous = this.trail.back(this.state.phase.name === 'questions' ? this.state.asking?.flow.next?.question.path : undefined);
    if (previous === undefined) return this.dispatch({ type: 'note', text: 'This is the first question: there is none before it.' });
    this.dispatch({ type: 'ask', flow: this.flow(previous) });
  }

  /** The questions are answered: the review before the first run, else run, unless a problem no question can fix stops it. */
  proceed(flow: FlowState): void {
    if (flow.unplaced.length) this.finish(ExitCode.badInput, ['The answers are not valid:', ...formatProblems(flow.unplaced)], 'error');
    else if (!this.started && (this.asked.size || this.reviewWanted)) this.setPhase({ name: 'review' });
    else this.startRun(flow.resolution);
  }

  chooseAtReview(choice: ReviewChoice): void {
    const resolution = this.state.asking?.flow.resolution;
    if (!resolution) return;
    if (choice === 'start') return this.startRun(resolution);
    if (choice === 'change' || choice === 'advanced') return this.setPhase({ name: 'review-list', list: choice });
    if (choice === 'save') return this.dispatch({ type: 'save', file: answersFileFor(resolution, this.props.steps), then: 'review' });
    this.finish(ExitCode.ok, [{ text: 'Nothing was changed.', tone: 'ok' }, ...this.keepDraft()]);
  }

  /** An answer picked from a list of the review ('' goes back to the review). */
  pickAtReview(list: ReviewList, questionPath: string): void {
    const question = questionsOf(this.props.steps).find((q) => q.path === questionPath);
    const resolution = this.state.asking?.flow.resolution;
    if (!question || !resolution) return this.setPhase({ name: 'review' });
    this.setPhase({ name: 'change', question, prefill: pendingOf(question, this.raw, this.props.steps, resolution).prefill, from: list });
  }

  /** Esc while changing an answer: back to the list it was picked from. */
  backFromChange(): void {
    const { phase } = this.state;
    if (phase.name !== 'change') return;
    this.setPhase(phase.from === 'failure' ? { name: 'pick-answer' } : { name: 'review-list', list: phase.from });
  }

  chooseResume(choice: ResumeChoice): void {
    const { checkpoint } = this.props;
    let source = 'from the answers file';
    if (choice === 'resume' && checkpoint) {
      this.raw = mergeAnswers(checkpoint.answers, this.props.raw);
      this.resume = true;
      this.askAll = false;
      source = 'from the previous run';
    } else if (choice === 'draft') {
      this.raw = structuredClone(this.props.raw);
      this.resume = this.checkpointExists;
      this.askAll = true;
      source = this.takeDraft();
    } else {
      this.raw = structuredClone(this.props.raw);
      this.resume = false;
      this.askAll = !this.props.fromAnswersFile;
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
    // Back from the list opened by the run's machine checks (no step failed): to the review.
    if (!question) return this.setPhase(this.state.failure ? { name: 'failed' } : { name: 'review' });
    const prefill = question.secret ? undefined : (getAt(this.raw, question.path) ?? getAt(this.state.ran?.answers, question.path));
    this.setPhase({ name: 'change', question, prefill, from: 'failure' });
  }

  chooseAtSummary(choice: 'save' | 'finish'): void {
    const data = summaryOf(this.state);
    if (!data || !this.state.ran) return;
    this.log(summaryLines(data));
    if (choice === 'save') this.dispatch({ type: 'save', file: answersFileFor(this.state.ran, this.props.steps), then: 'summary' });
    else this.finish(data.exitCode, []);
  }

  /** Writes the answers file; one that exists is overwritten only when the person said so. */
  save(file: string, overwrite = false): void {
    const { save, summary } = this.state;
    if (!save) return;
    const target = path.resolve(this.props.cwd, file.trim() || DEFAULT_ANSWERS_FILE);
    try {
      const refused = this.props.services.saveAnswers(target, `${JSON.stringify(save.file.content, null, 2)}\n`, { overwrite });
      if (refused === 'exists') return this.dispatch({ type: 'save', ...save, problem: undefined, exists: target, target });
    } catch (error) {
      this.dispatch({ type: 'save', ...save, exists: undefined, target, problem: `cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      return;
    }
    const rebuild = `${this.props.invocation} --answers ${shellWord(target)}`;
    const { envVars } = save.file;
    const lines: Line[] = [
      { text: `✔ Saved the answers to ${target}`, tone: 'ok' },
      envVars.length ? `  To rebuild unattended: export ${envVars.join(' ')} (the passwords), then ${rebuild}` : `  To rebuild unattended: ${rebuild}`,
    ];
    if (save.then === 'review') {
      this.log(lines);
      this.setPhase({ name: 'review' });
    } else if (summary) this.finish(summary.exitCode, lines);
  }

  /** The answers file exists: choose another name (back to the input). */
  chooseAnotherName(): void {
    const { save } = this.state;
    if (save) this.dispatch({ type: 'save', ...save, exists: undefined });
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
    this.finish(ExitCode.interrupted, [...interruptedLines(this.checkpointExists, this.props.resumeCommand), ...this.keepDraft()]);
  }

  /** The next question; `first`: this one now (Esc), the rest as usual after it. */
  private flow(first?: string): FlowState {
    const { steps, baseDir, env } = this.props;
    const flow = nextQuestion(this.raw, steps, { baseDir, env, askAll: this.askAll, asked: this.asked, typedSecrets: this.typedSecrets, again: this.trail.again });
    const question = first === undefined || flow.next?.question.path === first ? undefined : questionsOf(steps).find((q) => q.path === first);
    if (!question) return flow;
    return { ...flow, next: { ...pendingOf(question, this.raw, steps, flow.resolution), remaining: flow.next?.remaining ?? 1 } };
  }

  /** The draft's answers over the given ones; returns where they come from, for the lines of given answers. */
  private takeDraft(): string {
    const { draft } = this;
    if (!draft) return 'given';
    this.raw = mergeAnswers(this.raw, draft.answers);
    this.trail.took(questionsOf(this.props.steps).flatMap((q) => (getAt(draft.answers, q.path) === undefined ? [] : [q.path])));
    this.reviewWanted = true;
    this.draft = undefined;
    return `you typed on ${localDate(draft.savedAt)}`;
  }

  /** Before any run of this session changed something, what was typed (never a secret) is kept for the next start. */
  private keepDraft(): Line[] {
    if (!this.trail.typedSinceRun || this.props.dryRun) return [];
    const draft = draftOf(this.raw, this.trail.typed, questionsOf(this.props.steps));
    if (!Object.keys(draft.answers).length) return [];
    try {
      this.props.services.saveDraft(draft);
    } catch (error) {
      return [{ text: `The answers typed could not be kept: ${(error as Error).message}`, tone: 'warn' }];
    }
    return [{ text: `The answers typed (not the passwords) are kept in ${draftPath(this.props.stateDir)}: the next start offers them.`, tone: 'info' }];
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
    this.started = true;
    if (!this.props.dryRun) this.checkpointExists = true;
    const emit: Emit = (event) => {
      // The checkpoint now holds these answers: a draft of them would only be offered in its way.
      if (event.type === 'run-start' && !event.dryRun) this.forgetDraft();
      this.dispatch({ type: 'engine', event, at: Date.now() });
    };
    this.props.services
      .run({ resolution, resume: this.resume, dryRun: this.props.dryRun, emit, signal: this.abort.signal })
      .then(
        (result) => this.settle(result, resolution),
        (error: unknown) => this.crash(error, resolution),
      );
  }

  private forgetDraft(): void {
    this.trail.runStarted();
    try {
      this.props.services.removeDraft();
    } catch {
      // A draft left behind is older than the checkpoint now: it is not offered again.
    }
  }

  private settle(result: RunResult, resolution: Resolution): void {
    this.lastExitCode = result.exitCode;
    this.resume = true;
    if (this.abort.signal.aborted || result.status === 'interrupted') return this.finish(ExitCode.interrupted, interruptedLines(this.checkpointExists, this.props.resumeCommand));
    if (result.status === 'failed') return this.setPhase({ name: 'failed' });
    if (result.status === 'planned') return this.finish(result.exitCode, [{ text: 'Dry run: nothing was changed.', tone: 'ok' }]);
    if (result.status === 'paused') return this.finish(result.exitCode, [`When that is done, continue with: ${this.props.resumeCommand}`]);
    const run = { exitCode: result.exitCode, resolution, stateDir: this.props.stateDir, logFile: result.logFile, invocation: this.props.invocation };
    this.dispatch({ type: 'summary', summary: summaryHeadOf(this.props.steps, this.props.services.outputs(), run) });
  }

  private crash(error: unknown, resolution: Resolution): void {
    const exitCode = exitCodeOf(error);
    const change = answerToChange(error, this.props.steps, resolution);
    if (change) {
      this.log(change.lines);
      return this.setPhase({ name: 'pick-answer', at: change.at });
    }
    this.finish(exitCode, crashLines(error), 'error');
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
