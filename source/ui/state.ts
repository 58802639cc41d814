import type { Resolution } from '../engine/answers.js';
import type { EngineEvent, ErrorInfo, TableEvent } from '../engine/events.js';
import type { Question } from '../engine/questions.js';
import type { AnswersFile } from './answers-file.js';
import type { FlowState } from './flow.js';
import type { StoppedAt } from './ResumePrompt.js';
import type { SummaryData } from './Summary.js';

/** The wizard's screen state: a reducer over engine events and the person's choices, no terminal. */

export type StepStatus = 'pending' | 'running' | 'done' | 'skipped' | 'failed' | 'planned';

export interface StepView {
  id: string;
  title: string;
  status: StepStatus;
  /** 1-based position in the run. */
  index?: number;
  detail?: string;
  durationMs?: number;
}

export type Tone = 'plain' | 'ok' | 'warn' | 'error' | 'info' | 'dim' | 'title';

/** A line for the log: plain text, or text with its tone. */
export type Line = string | { text: string; tone: Tone };

/** A line that is final: it goes to Ink's <Static> and is never redrawn. */
export interface LogLine {
  id: number;
  text: string;
  tone: Tone;
  /** A step's table: LogView folds it to the terminal's width. */
  table?: TableEvent;
}

export interface LiveStep {
  id: string;
  title: string;
  startedAt: number;
  message?: string;
  lines: string[];
  lastOutputAt: number;
}

export interface Failure {
  id: string;
  title: string;
  error: ErrorInfo;
}

export type Phase =
  | { name: 'start' }
  | { name: 'resume' }
  | { name: 'questions' }
  | { name: 'running' }
  | { name: 'stopping' }
  | { name: 'failed' }
  /** `at`: the answer the list starts on (the one the run's machine checks refused). */
  | { name: 'pick-answer'; at?: string }
  | { name: 'review' }
  /** From the review: the answers to change, or the advanced settings. */
  | { name: 'review-list'; list: ReviewList }
  /** One answer changed; Esc goes back to the list it was picked from. `problem`: its machine check's, asked again (`attempt` counts). */
  | { name: 'change'; question: Question; prefill: unknown; from: 'failure' | ReviewList; problem?: string; attempt?: number }
  | { name: 'summary' }
  | { name: 'save' }
  | { name: 'finished'; exitCode: number };

export type ReviewList = 'change' | 'advanced';

/** Answers typed in an earlier session that never ran (phase 'resume'). */
export interface DraftOffer {
  date: string;
  count: number;
}

export interface WizardState {
  phase: Phase;
  /** --verbose: every line of the commands goes to the log, certificate dumps too. */
  verbose?: boolean;
  steps: StepView[];
  log: LogLine[];
  live?: LiveStep;
  failure?: Failure;
  logFile?: string;
  /** When the first run of this session started, for the time taken. */
  firstStartAt?: number;
  result?: { status: string; exitCode: number; at: number };
  /** Where the previous run stopped (phase 'resume'). */
  resumeAt?: StoppedAt;
  /** The resume offer is about a checkpoint (else only about a draft). */
  resumeCheckpoint?: boolean;
  /** A draft offered beside (or instead of) the checkpoint (phase 'resume'). */
  draft?: DraftOffer;
  /** The questions as last worked out (phase 'questions'); each round remounts the form, even for the same question. */
  asking?: { flow: FlowState; round: number; note?: string };
  /** The answers the last run was given. */
  ran?: Resolution;
  /** The question whose answer the machine is being checked for (its form waits, "Checking…"). */
  checking?: string;
  /** How the run ended, for the summary. */
  summary?: SummaryHead;
  /** The answers file on offer (phase 'save'), why the last write failed, the file that exists, and where to go after. */
  save?: SaveOffer;
}

export interface SaveOffer {
  file: AnswersFile;
  problem?: string;
  /** The file chosen exists: overwrite it or choose another name. */
  exists?: string;
  /** The name last chosen: the input starts with it again. */
  target?: string;
  then: 'review' | 'summary';
}

/** The summary without what the events tell (time taken, steps counted). */
export type SummaryHead = Omit<SummaryData, 'durationMs' | 'counts'>;

export type WizardAction =
  | { type: 'phase'; phase: Phase }
  | { type: 'log'; lines: Line[]; tone?: Tone }
  | { type: 'engine'; event: EngineEvent; at: number }
  | { type: 'ask'; flow: FlowState }
  | { type: 'run'; resolution: Resolution }
  | { type: 'summary'; summary: SummaryHead }
  | { type: 'note'; text: string }
  | { type: 'checking'; path?: string }
  | ({ type: 'save' } & SaveOffer);

export const LIVE_LINES = 5;

export function initialState(phase: Phase = { name: 'start' }): WizardState {
  return { phase, steps: [], log: [] };
}

function append(state: WizardState, lines: Line[], tone: Tone = 'plain'): LogLine[] {
  let id = state.log.length;
  return [...state.log, ...lines.map((line) => (typeof line === 'string' ? { id: id++, text: line, tone } : { id: id++, ...line }))];
}

export function seconds(ms: number): string {
  const s = Math.round(ms / 100) / 10;
  if (s < 60) return `${s.toFixed(1)}s`;
  const total = Math.round(ms / 1000);
  return `${Math.floor(total / 60)}m ${String(total % 60).padStart(2, '0')}s`;
}

function setStep(steps: StepView[], id: string, patch: Partial<StepView>): StepView[] {
  return steps.map((step) => (step.id === id ? { ...step, ...patch } : step));
}

function engine(state: WizardState, event: EngineEvent, at: number): WizardState {
  switch (event.type) {
    case 'run-start': {
      const what = event.dryRun ? 'Dry run: nothing will change' : event.resume ? 'Resuming' : 'Starting';
      return {
        ...state,
        steps: event.steps.map((step, i) => ({ ...step, index: i + 1, status: 'pending' })),
        logFile: event.logFile ?? state.logFile,
        firstStartAt: state.firstStartAt ?? at,
        failure: undefined,
        result: undefined,
        log: append(state, [{ text: `${what}: ${event.steps.length} step${event.steps.length === 1 ? '' : 's'}${event.logFile ? `; log: ${event.logFile}` : ''}`, tone: 'title' }]),
      };
    }
    case 'notice':
      return { ...state, log: append(state, [`notice: ${event.message}`], 'info') };
    case 'warning':
      return { ...state, log: append(state, [`warning: ${event.message}`], 'warn') };
    case 'step-start':
      return { ...state, steps: setStep(state.steps, event.id, { status: 'running' }), live: { id: event.id, title: event.title, startedAt: at, lines: [], lastOutputAt: at } };
    case 'step-progress':
      return {
        ...state,
        live: state.live && { ...state.live, message: event.message, lastOutputAt: at },
        log: append(state, [`  · ${event.message}`], 'dim'),
      };
    case 'step-command':
      return { ...state, live: state.live && { ...state.live, lines: [], lastOutputAt: at }, log: state.verbose ? append(state, [`    $ ${event.command}`], 'dim') : state.log };
    case 'step-output': {
      if (event.data && !state.verbose) return state;
      const log = state.verbose ? append(state, [`    │ ${event.line}`], 'dim') : state.log;
      return { ...state, log, live: state.live && { ...state.live, lines: [...state.live.lines, event.line].slice(-LIVE_LINES), lastOutputAt: at } };
    }
    case 'step-table':
      return { ...state, log: [...state.log, { id: state.log.length, text: '', tone: 'plain', table: { table: event.table, layout: event.layout } }] };
    case 'step-skip':
      return {
        ...state,
        steps: setStep(state.steps, event.id, { status: 'skipped', detail: event.reason }),
        log: append(state, [{ text: `↷ ${event.title}: already done`, tone: 'ok' }, { text: `  ${event.reason}`, tone: 'dim' }]),
      };
    case 'step-done':
      return {
        ...state,
        live: undefined,
        steps: setStep(state.steps, event.id, { status: 'done', durationMs: event.durationMs }),
        log: append(state, [{ text: `✔ ${event.title} (${seconds(event.durationMs)})`, tone: 'ok' }]),
      };
    case 'step-failed':
      return {
        ...state,
        live: undefined,
        steps: setStep(state.steps, event.id, { status: 'failed', durationMs: event.durationMs, detail: event.error.message }),
        failure: { id: event.id, title: event.title, error: event.error },
        log: append(state, [{ text: `✖ ${event.title}: failed after ${seconds(event.durationMs)}`, tone: 'error' }]),
      };
    case 'step-plan': {
      const lines: Array<{ text: string; tone: Tone }> = [];
      if (event.done) lines.push({ text: `↷ ${event.title}: already done, nothing to do`, tone: 'ok' });
      else {
        lines.push({ text: `• ${event.title}: would do`, tone: 'title' });
        for (const action of event.actions) {
          lines.push({ text: `  - ${action.summary}`, tone: 'plain' });
          if (action.command) lines.push({ text: `      $ ${action.command.join(' ')}`, tone: 'dim' });
          if (action.file) lines.push({ text: `      file: ${action.file}`, tone: 'dim' });
          if (action.detail) for (const line of action.detail.split('\n')) lines.push({ text: `      ${line}`, tone: 'dim' });
        }
      }
      return { ...state, steps: setStep(state.steps, event.id, { status: event.done ? 'skipped' : 'planned' }), log: append(state, lines) };
    }
    case 'paused':
      return {
        ...state,
        live: undefined,
        log: append(state, [{ text: `⏸ Paused at ${event.id}: ${event.message}`, tone: 'warn' }, ...event.instructions.split('\n').map((text) => ({ text: `  ${text}`, tone: 'plain' as Tone }))]),
      };
    case 'run-done':
      return { ...state, live: undefined, result: { status: event.status, exitCode: event.exitCode, at } };
  }
}

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'phase':
      return { ...state, phase: action.phase };
    case 'log':
      return { ...state, log: append(state, action.lines, action.tone) };
    case 'engine':
      return engine(state, action.event, action.at);
    case 'ask':
      return { ...state, phase: { name: 'questions' }, asking: { flow: action.flow, round: (state.asking?.round ?? 0) + 1 } };
    case 'run':
      return { ...state, phase: { name: 'running' }, ran: action.resolution };
    case 'summary':
      return { ...state, phase: { name: 'summary' }, summary: action.summary };
    case 'checking':
      return { ...state, checking: action.path };
    case 'note':
      return state.asking ? { ...state, asking: { ...state.asking, note: action.text } } : state;
    case 'save': {
      const { type: _, ...save } = action;
      return { ...state, phase: { name: 'save' }, save };
    }
  }
}

/** The summary as drawn: time and counts from the engine's events, so every step-done is in. */
export function summaryOf(state: WizardState): SummaryData | undefined {
  const { summary } = state;
  if (!summary) return undefined;
  const count = (status: StepStatus) => state.steps.filter((step) => step.status === status).length;
  return { ...summary, durationMs: (state.result?.at ?? Date.now()) - (state.firstStartAt ?? Date.now()), counts: { done: count('done'), skipped: count('skipped') } };
}
