import path from 'node:path';
import { Box, Text } from 'ink';
import { setAt, type PartialAnswers, type Question } from '../engine/questions.js';
import type { Step } from '../engine/step.js';
import { FailureView } from './FailureView.js';
import { changeableQuestions, stepOf, stepPlace } from './flow.js';
import { Progress } from './Progress.js';
import { QuestionForm } from './QuestionForm.js';
import { ResumePrompt } from './ResumePrompt.js';
import { reviewGroups } from './review.js';
import { AnswerList, ReviewView } from './ReviewView.js';
import { SaveAnswers } from './SaveAnswers.js';
import { StepList } from './StepList.js';
import { summaryOf, type WizardState } from './state.js';
import { Summary } from './Summary.js';
import { useTheme } from './theme.js';
import { DEFAULT_ANSWERS_FILE, type WizardController } from './wizard-controller.js';

export interface PhaseViewProps {
  state: WizardState;
  wizard: WizardController;
  steps: Step[];
  stateDir: string;
  /** Where typed relative paths and the answers file resolve. */
  cwd: string;
  resumeCommand: string;
  dryRun?: boolean;
}

/** The live part under the log: one view a phase, drawn from the state alone. */
export function PhaseView({ state, wizard, steps, stateDir, cwd, resumeCommand, dryRun = false }: PhaseViewProps) {
  const theme = useTheme();
  const { phase, asking, ran } = state;
  const resolution = asking?.flow.resolution;
  if (phase.name === 'resume') {
    return <ResumePrompt stateDir={stateDir} checkpoint={Boolean(state.resumeCheckpoint)} stoppedAt={state.resumeAt} draft={state.draft} onChoice={(choice) => wizard.chooseResume(choice)} />;
  }
  if (phase.name === 'questions' && asking?.flow.next) {
    const { question, prefill, problem, remaining } = asking.flow.next;
    const key = `${question.path}#${asking.round}`;
    return (
      <Box flexDirection="column">
        {asking.note ? <Text dimColor={theme.dim}>{asking.note}</Text> : null}
        <StepQuestion key={key} steps={steps} answers={asking.flow.resolution.answers} question={question} prefill={prefill} problem={problem} checking={state.checking === question.path} remaining={remaining} cwd={cwd} onSubmit={(value) => wizard.answer(question, value)} onBack={() => wizard.back()} />
      </Box>
    );
  }
  if (phase.name === 'review' && resolution) {
    return <ReviewView steps={steps} resolution={resolution} raw={wizard.given} dryRun={dryRun} onChoice={(choice) => wizard.chooseAtReview(choice)} onBack={() => wizard.back()} />;
  }
  if (phase.name === 'review-list' && resolution) {
    const { groups, advanced } = reviewGroups(steps, resolution);
    const list = phase.list;
    const questions = list === 'advanced' ? advanced : groups.flatMap((group) => group.questions);
    const title = list === 'advanced' ? 'Advanced settings: which one do you change?' : 'Which answer do you change?';
    return <AnswerList key={list} title={title} questions={questions} resolution={resolution} raw={wizard.given} onPick={(questionPath) => wizard.pickAtReview(list, questionPath)} />;
  }
  if (phase.name === 'running' || phase.name === 'stopping') return <RunningView state={state} stopping={phase.name === 'stopping'} />;
  if (phase.name === 'failed' && state.failure) {
    return <FailureView failure={state.failure} resumeCommand={resumeCommand} logFile={state.logFile} onChoice={(choice) => wizard.chooseAfterFailure(choice)} />;
  }
  if (phase.name === 'pick-answer' && ran) {
    return <AnswerList title="Which answer do you change?" questions={changeableQuestions(steps, ran, state.failure?.id)} initial={phase.at} resolution={ran} raw={wizard.given} onPick={(questionPath) => wizard.pickAnswer(questionPath)} />;
  }
  if (phase.name === 'change') {
    const { question, prefill, problem } = phase;
    const answers = (phase.from === 'failure' ? ran : resolution)?.answers ?? {};
    return <StepQuestion key={`change-${question.path}#${phase.attempt ?? 0}`} steps={steps} answers={answers} question={question} prefill={prefill} problem={problem} checking={state.checking === question.path} cwd={cwd} onSubmit={(value) => wizard.answer(question, value, '✎')} onBack={() => wizard.backFromChange()} />;
  }
  const summary = phase.name === 'summary' ? summaryOf(state) : undefined;
  if (summary) return <Summary {...summary} onChoice={(choice) => wizard.chooseAtSummary(choice)} />;
  if (phase.name === 'save' && state.save) {
    const { file, problem, exists, target } = state.save;
    return (
      <SaveAnswers
        key={exists ? 'exists' : 'name'}
        proposal={target ?? path.join(cwd, DEFAULT_ANSWERS_FILE)}
        envVars={file.envVars}
        problem={problem}
        exists={exists}
        onSubmit={(answersFile) => wizard.save(answersFile)}
        onOverwrite={() => exists && wizard.save(exists, true)}
        onOtherName={() => wizard.chooseAnotherName()}
      />
    );
  }
  return null;
}

interface StepQuestionProps {
  steps: Step[];
  /** The answers so far: which steps take part, for "step 2 of 4", and what a list offers. */
  answers: PartialAnswers;
  question: Question;
  prefill: unknown;
  problem?: string;
  /** Its answer's machine check runs: the form waits. */
  checking?: boolean;
  remaining?: number;
  cwd: string;
  onSubmit: (value: unknown) => void;
  onBack: () => void;
}

/** A question, under the title of the step that asks it and that step's place among the steps that take part. */
function StepQuestion({ steps, answers, question, cwd, ...rest }: StepQuestionProps) {
  const place = stepPlace(steps, question, answers);
  const countWith = (value: unknown) => {
    const trial = structuredClone(answers);
    setAt(trial, question.path, value);
    return stepPlace(steps, question, trial).count;
  };
  return (
    <QuestionForm question={question} stepTitle={stepOf(steps, question).title} stepNumber={place.number} stepCount={place.count} stepCountWith={countWith} answers={answers} baseDir={cwd} {...rest} />
  );
}

/** The running step, the steps still to come, and what Ctrl+C does now. */
function RunningView({ state, stopping }: { state: WizardState; stopping: boolean }) {
  const theme = useTheme();
  const pending = state.steps.filter((s) => s.status === 'pending');
  return (
    <Box flexDirection="column">
      {state.live ? <Progress live={state.live} /> : <Text dimColor={theme.dim}>Checking what is already done…</Text>}
      {pending.length ? <StepList steps={pending} total={state.steps.length} /> : null}
      <Text dimColor={theme.dim}>{stopping ? 'Stopping the running command… (Ctrl+C again quits at once)' : 'Ctrl+C stops (the checkpoint stays consistent)'}</Text>
    </Box>
  );
}
