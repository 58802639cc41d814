import path from 'node:path';
import { Box, Text, useInput } from 'ink';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import { questionsOf, type Resolution } from '../engine/answers.js';
import type { CheckpointData } from '../engine/checkpoint.js';
import { ExitCode, InputError, WizardError } from '../engine/errors.js';
import type { Emit } from '../engine/events.js';
import type { RunResult } from '../engine/machine.js';
import { applies, deleteAt, getAt, setAt, type PartialAnswers, type Question } from '../engine/questions.js';
import type { Step, StepOutputs } from '../engine/step.js';
import type { NodeAnswer } from '../engine/types.js';
import { answersFileFor } from './answers-file.js';
import { FailureView, type FailureChoice } from './FailureView.js';
import { applicableSteps, changeableQuestions, mergeAnswers, nextQuestion, resolveForRun, stoppedAt } from './flow.js';
import { isCtrlC } from './keys.js';
import { LogView } from './LogView.js';
import { formatFailure, formatProblems } from './plain.js';
import { Progress } from './Progress.js';
import { displayValue } from './question-value.js';
import { QuestionForm } from './QuestionForm.js';
import { ResumePrompt } from './ResumePrompt.js';
import { SaveAnswers } from './SaveAnswers.js';
import { Select } from './Select.js';
import { initialState, wizardReducer, type Phase, type Tone } from './state.js';
import { StepList } from './StepList.js';
import { Summary, summaryLines, type SummaryData } from './Summary.js';
import { useTheme } from './theme.js';

/** The only process work of the interactive run goes through here (runSteps in production). */
export interface WizardServices {
  run(input: { resolution: Resolution; resume: boolean; dryRun: boolean; emit: Emit; signal: AbortSignal }): Promise<RunResult>;
  /** The outputs the steps recorded (the checkpoint's), for the final tables. */
  outputs(): Record<string, StepOutputs | undefined>;
  saveAnswers(file: string, content: string): void;
}

export interface AppProps {
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

type Line = string | { text: string; tone: Tone };

export function App(props: AppProps) {
  const { steps, services, resumeCommand } = props;
  const theme = useTheme();
  const offerResume = Boolean(props.checkpoint) && !props.resume;
  const raw = useRef<PartialAnswers>(structuredClone(props.raw));
  const asked = useRef(new Set<string>());
  const typedSecrets = useRef(new Set<string>());
  const resumeRef = useRef(props.resume);
  // From nothing every question is asked (defaults prefilled); an answers file or a resumed run asks only what is missing.
  const askAll = useRef(!props.fromAnswersFile && !props.resume);
  const checkpointExists = useRef(Boolean(props.checkpoint));
  const controller = useRef(new AbortController());
  const lastResult = useRef<RunResult | undefined>(undefined);
  const lastResolution = useRef<Resolution | undefined>(undefined);
  const [version, setVersion] = useState(0);
  const [summary, setSummary] = useState<Omit<SummaryData, 'durationMs' | 'counts'>>();
  const [saveProblem, setSaveProblem] = useState<string>();

  const givenLines = useCallback(
    (source: string): Line[] => {
      const resolution = resolveForRun(raw.current, steps, { baseDir: props.baseDir, env: props.env, typedSecrets: typedSecrets.current });
      const given = questionsOf(steps).filter((q) => applies(q, resolution.answers) && getAt(raw.current, q.path) !== undefined);
      if (!given.length) return [];
      return [{ text: `Answers ${source}:`, tone: 'title' }, ...given.map((q) => ({ text: `  ✔ ${q.prompt}: ${displayValue(q, getAt(raw.current, q.path))}`, tone: 'plain' as Tone }))];
    },
    [steps, props.baseDir, props.env],
  );
  // What the answers file (or the checkpoint, on --resume) already answers is in the very first frame.
  const [state, dispatch] = useReducer(wizardReducer, undefined, () =>
    wizardReducer(initialState(offerResume ? { name: 'resume' } : { name: 'questions' }), {
      type: 'log',
      lines: offerResume ? [] : givenLines(props.fromAnswersFile ? 'from the answers file' : props.resume ? 'from the previous run' : 'given'),
    }),
  );
  const stateRef = useRef(state);
  stateRef.current = state;
  const log = useCallback((lines: Line[], tone?: Tone) => dispatch({ type: 'log', lines, tone }), []);
  const setPhase = useCallback((phase: Phase) => dispatch({ type: 'phase', phase }), []);
  const finish = useCallback(
    (exitCode: number, lines: Line[], tone: Tone = 'plain') => {
      if (stateRef.current.phase.name === 'finished') return;
      if (lines.length) log(lines, tone);
      setPhase({ name: 'finished', exitCode });
    },
    [log, setPhase],
  );

  const logGiven = useCallback((source: string) => log(givenLines(source)), [log, givenLines]);

  const flow = useMemo(
    () =>
      state.phase.name === 'questions'
        ? nextQuestion(raw.current, steps, { baseDir: props.baseDir, env: props.env, askAll: askAll.current, asked: asked.current, typedSecrets: typedSecrets.current })
        : undefined,
    // version changes with every answer
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [state.phase.name, version, steps, props.baseDir, props.env],
  );

  const interruptedLines = useCallback(
    (): Line[] =>
      checkpointExists.current
        ? [{ text: `Interrupted. The checkpoint is kept; to continue run: ${resumeCommand}`, tone: 'warn' }]
        : [{ text: 'Interrupted: nothing was changed.', tone: 'warn' }],
    [resumeCommand],
  );

  const startRun = useCallback(
    (resolution: Resolution) => {
      lastResolution.current = resolution;
      setPhase({ name: 'running' });
      if (!props.dryRun) checkpointExists.current = true;
      const emit: Emit = (event) => dispatch({ type: 'engine', event, at: Date.now() });
      services
        .run({ resolution, resume: resumeRef.current, dryRun: props.dryRun, emit, signal: controller.current.signal })
        .then(
          (result) => {
            lastResult.current = result;
            resumeRef.current = true;
            if (controller.current.signal.aborted || result.status === 'interrupted') return finish(ExitCode.interrupted, interruptedLines());
            if (result.status === 'failed') return setPhase({ name: 'failed' });
            if (result.status === 'planned') return finish(result.exitCode, [{ text: 'Dry run: nothing was changed.', tone: 'ok' }]);
            if (result.status === 'paused') return finish(result.exitCode, [`When that is done, continue with: ${resumeCommand}`]);
            const outputs = services.outputs();
            const nodes = getAt(resolution.answers, 'nodes');
            setSummary({
              exitCode: result.exitCode,
              nodes: Array.isArray(nodes) ? (nodes as NodeAnswer[]) : [],
              tables: steps.flatMap((step) => (outputs[step.id]?.table !== undefined ? [{ title: step.title, table: outputs[step.id]!.table }] : [])),
            });
            setPhase({ name: 'summary' });
          },
          (error: unknown) => {
            if (error instanceof InputError) return finish(error.exitCode, [error.message, ...formatProblems(error.problems), error.fix], 'error');
            if (error instanceof WizardError) return finish(error.exitCode, [error.message, `  fix: ${error.fix}`], 'error');
            return finish(1, [`pmf-wizard hit a bug: ${(error as Error).stack ?? String(error)}`], 'error');
          },
        );
    },
    [services, steps, props.dryRun, resumeCommand, finish, interruptedLines, setPhase],
  );

  // The questions are answered: run.
  useEffect(() => {
    if (!flow || state.phase.name !== 'questions') return;
    if (flow.unplaced.length) {
      finish(ExitCode.badInput, ['The answers are not valid:', ...formatProblems(flow.unplaced)], 'error');
      return;
    }
    if (!flow.next) startRun(flow.resolution);
  }, [flow, state.phase.name, startRun, finish]);

  const interrupt = useCallback(() => {
    const phase = stateRef.current.phase.name;
    if (phase === 'finished') return;
    if (phase === 'stopping') {
      // A second Ctrl+C: do not wait for the command any more.
      props.onExit(ExitCode.interrupted);
      return;
    }
    if (phase === 'running') {
      setPhase({ name: 'stopping' });
      controller.current.abort();
      return;
    }
    finish(ExitCode.interrupted, interruptedLines());
  }, [finish, interruptedLines, setPhase, props]);

  useInput((input, key) => {
    if (isCtrlC(input, key)) interrupt();
  });

  useEffect(() => {
    const signal = props.signal;
    if (!signal) return;
    if (signal.aborted) interrupt();
    signal.addEventListener('abort', interrupt);
    return () => signal.removeEventListener('abort', interrupt);
  }, [props.signal, interrupt]);

  useEffect(() => {
    if (state.phase.name === 'finished') props.onExit(state.phase.exitCode);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.phase]);

  const answer = useCallback(
    (question: Question, value: unknown, mark = '✔') => {
      if (value === undefined) deleteAt(raw.current, question.path);
      else setAt(raw.current, question.path, value);
      asked.current.add(question.path);
      if (question.secret && typeof value === 'string') typedSecrets.current.add(question.path);
      log([`${mark} ${question.prompt}: ${displayValue(question, value)}`]);
      setVersion((v) => v + 1);
    },
    [log],
  );

  const onResumeChoice = useCallback(
    (choice: 'resume' | 'start-over') => {
      if (choice === 'resume' && props.checkpoint) {
        raw.current = mergeAnswers(props.checkpoint.answers, props.raw);
        resumeRef.current = true;
        askAll.current = false;
        logGiven('from the previous run');
      } else {
        raw.current = structuredClone(props.raw);
        log([{ text: 'Starting over: every question is asked again.', tone: 'info' }]);
        logGiven('from the answers file');
      }
      setPhase({ name: 'questions' });
    },
    [props.checkpoint, props.raw, log, logGiven, setPhase],
  );

  const onFailureChoice = useCallback(
    (choice: FailureChoice) => {
      const failure = stateRef.current.failure;
      if (choice === 'quit') {
        const lines: Line[] = failure ? [{ text: `✖ ${failure.title} failed`, tone: 'error' }, ...formatFailure(failure.error)] : [];
        finish(lastResult.current?.exitCode || ExitCode.stepFailed, [...lines, { text: `The checkpoint is kept. After the fix, run: ${resumeCommand}`, tone: 'warn' }]);
        return;
      }
      if (choice === 'retry') log([{ text: `↻ Retrying ${failure?.title ?? 'the step'}`, tone: 'info' }]);
      setVersion((v) => v + 1);
      setPhase(choice === 'retry' ? { name: 'questions' } : { name: 'pick-answer' });
    },
    [finish, log, resumeCommand, setPhase],
  );

  // Counted from the engine's events as drawn, so every step-done is in.
  const summaryData = (current: typeof state): SummaryData | undefined =>
    summary && {
      ...summary,
      durationMs: (current.result?.at ?? Date.now()) - (current.firstStartAt ?? Date.now()),
      counts: { done: current.steps.filter((s) => s.status === 'done').length, skipped: current.steps.filter((s) => s.status === 'skipped').length },
    };

  const onSummaryChoice = useCallback(
    (choice: 'save' | 'finish') => {
      const data = summaryData(stateRef.current);
      if (!summary || !data) return;
      log(summaryLines(data));
      if (choice === 'save') setPhase({ name: 'save' });
      else finish(summary.exitCode, []);
    },
    [summary, log, setPhase, finish],
  );

  const answersFile = useMemo(
    () => (state.phase.name === 'save' && lastResolution.current ? answersFileFor(lastResolution.current, steps) : undefined),
    [state.phase.name, steps],
  );

  const onSave = useCallback(
    (file: string) => {
      if (!answersFile || !summary) return;
      const target = path.resolve(props.cwd, file.trim() || 'pmf-wizard-answers.json');
      try {
        services.saveAnswers(target, `${JSON.stringify(answersFile.content, null, 2)}\n`);
      } catch (error) {
        setSaveProblem(`cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
        return;
      }
      const rebuild = `pmf-wizard --answers ${target}`;
      finish(summary.exitCode, [
        { text: `✔ Saved the answers to ${target}`, tone: 'ok' },
        answersFile.envVars.length ? `  To rebuild unattended: export ${answersFile.envVars.join(' ')} (the passwords), then ${rebuild}` : `  To rebuild unattended: ${rebuild}`,
      ]);
    },
    [answersFile, summary, props.cwd, services, finish],
  );

  const phase = state.phase;
  let live: ReactNode = null;
  if (phase.name === 'resume' && props.checkpoint) {
    const previous = resolveForRun(mergeAnswers(props.checkpoint.answers, props.raw), steps, { baseDir: props.baseDir, env: props.env, typedSecrets: typedSecrets.current });
    const applicable = applicableSteps(steps, previous.answers);
    const at = stoppedAt(props.checkpoint, applicable);
    live = (
      <ResumePrompt
        stateDir={props.stateDir}
        stoppedAt={at && { title: at.step.title, number: at.index + 1, count: applicable.length, status: at.record?.status, message: at.record?.error?.message }}
        onChoice={onResumeChoice}
      />
    );
  } else if (phase.name === 'questions' && flow?.next) {
    const { question, step, prefill, problem, remaining } = flow.next;
    live = (
      <QuestionForm
        key={`${question.path}#${version}`}
        question={question}
        stepTitle={step.title}
        stepNumber={steps.indexOf(step) + 1}
        stepCount={steps.length}
        prefill={prefill}
        problem={problem}
        remaining={remaining}
        baseDir={props.cwd}
        onSubmit={(value) => answer(question, value)}
      />
    );
  } else if (phase.name === 'running' || phase.name === 'stopping') {
    const pending = state.steps.filter((s) => s.status === 'pending');
    live = (
      <Box flexDirection="column">
        {state.live ? <Progress live={state.live} /> : <Text dimColor={theme.dim}>Checking what is already done…</Text>}
        {pending.length ? <StepList steps={pending} total={state.steps.length} /> : null}
        <Text dimColor={theme.dim}>{phase.name === 'stopping' ? 'Stopping the running command… (Ctrl+C again quits at once)' : 'Ctrl+C stops (the checkpoint stays consistent)'}</Text>
      </Box>
    );
  } else if (phase.name === 'failed' && state.failure) {
    live = <FailureView failure={state.failure} resumeCommand={resumeCommand} logFile={state.logFile} onChoice={onFailureChoice} />;
  } else if (phase.name === 'pick-answer' && lastResolution.current) {
    const resolution = lastResolution.current;
    const questions = changeableQuestions(steps, resolution, state.failure?.id);
    live = (
      <Box flexDirection="column">
        <Text bold={theme.color}>Which answer do you change?</Text>
        <Select
          limit={8}
          options={[
            ...questions.map((q) => ({ value: q.path, label: `${q.prompt}: ${displayValue(q, getAt(resolution.answers, q.path))}` })),
            { value: '', label: '← Back' },
          ]}
          onSubmit={(value) => setPhase(value ? { name: 'change', path: value } : { name: 'failed' })}
        />
      </Box>
    );
  } else if (phase.name === 'change' && lastResolution.current) {
    const question = questionsOf(steps).find((q) => q.path === phase.path)!;
    const step = steps.find((s) => s.questions.includes(question))!;
    live = (
      <QuestionForm
        key={`change-${question.path}`}
        question={question}
        stepTitle={step.title}
        stepNumber={steps.indexOf(step) + 1}
        stepCount={steps.length}
        prefill={question.secret ? undefined : (getAt(raw.current, question.path) ?? getAt(lastResolution.current.answers, question.path))}
        baseDir={props.cwd}
        onSubmit={(value) => {
          answer(question, value, '✎');
          setPhase({ name: 'questions' });
        }}
      />
    );
  } else if (phase.name === 'summary' && summary) {
    live = <Summary {...summaryData(state)!} onChoice={onSummaryChoice} />;
  } else if (phase.name === 'save' && answersFile) {
    live = <SaveAnswers initial={path.join(props.cwd, 'pmf-wizard-answers.json')} envVars={answersFile.envVars} problem={saveProblem} onSubmit={onSave} />;
  }

  return (
    <>
      <LogView lines={state.log} />
      {live}
    </>
  );
}
