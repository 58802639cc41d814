import path from 'node:path';
import { Box, Text } from 'ink';
import type { Resolution } from '../engine/answers.js';
import { getAt, type Question } from '../engine/questions.js';
import type { Step } from '../engine/step.js';
import { FailureView } from './FailureView.js';
import { changeableQuestions, stepOf } from './flow.js';
import { Progress } from './Progress.js';
import { displayValue } from './question-value.js';
import { QuestionForm } from './QuestionForm.js';
import { ResumePrompt } from './ResumePrompt.js';
import { SaveAnswers } from './SaveAnswers.js';
import { Select } from './Select.js';
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
}

/** The live part under the log: one view a phase, drawn from the state alone. */
export function PhaseView({ state, wizard, steps, stateDir, cwd, resumeCommand }: PhaseViewProps) {
  const { phase, asking, ran } = state;
  if (phase.name === 'resume') return <ResumePrompt stateDir={stateDir} stoppedAt={state.resumeAt} onChoice={(choice) => wizard.chooseResume(choice)} />;
  if (phase.name === 'questions' && asking?.flow.next) {
    const { question, prefill, problem, remaining } = asking.flow.next;
    const key = `${question.path}#${asking.round}`;
    return <StepQuestion key={key} steps={steps} question={question} prefill={prefill} problem={problem} remaining={remaining} cwd={cwd} onSubmit={(value) => wizard.answer(question, value)} />;
  }
  if (phase.name === 'running' || phase.name === 'stopping') return <RunningView state={state} stopping={phase.name === 'stopping'} />;
  if (phase.name === 'failed' && state.failure) {
    return <FailureView failure={state.failure} resumeCommand={resumeCommand} logFile={state.logFile} onChoice={(choice) => wizard.chooseAfterFailure(choice)} />;
  }
  if (phase.name === 'pick-answer' && ran) {
    return <PickAnswer questions={changeableQuestions(steps, ran, state.failure?.id)} resolution={ran} onPick={(questionPath) => wizard.pickAnswer(questionPath)} />;
  }
  if (phase.name === 'change') {
    const { question, prefill } = phase;
    return <StepQuestion key={`change-${question.path}`} steps={steps} question={question} prefill={prefill} cwd={cwd} onSubmit={(value) => wizard.answer(question, value, '✎')} />;
  }
  const summary = phase.name === 'summary' ? summaryOf(state) : undefined;
  if (summary) return <Summary {...summary} onChoice={(choice) => wizard.chooseAtSummary(choice)} />;
  if (phase.name === 'save' && state.save) {
    const { file, problem } = state.save;
    return <SaveAnswers initial={path.join(cwd, DEFAULT_ANSWERS_FILE)} envVars={file.envVars} problem={problem} onSubmit={(answersFile) => wizard.save(answersFile)} />;
  }
  return null;
}

interface StepQuestionProps {
  steps: Step[];
  question: Question;
  prefill: unknown;
  problem?: string;
  remaining?: number;
  cwd: string;
  onSubmit: (value: unknown) => void;
}

/** A question, under the title of the step that asks it and that step's place in the run. */
function StepQuestion({ steps, question, cwd, ...rest }: StepQuestionProps) {
  const step = stepOf(steps, question);
  return <QuestionForm question={question} stepTitle={step.title} stepNumber={steps.indexOf(step) + 1} stepCount={steps.length} baseDir={cwd} {...rest} />;
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

/** After a failure: which answer to change, with its current value ('' goes back). */
function PickAnswer({ questions, resolution, onPick }: { questions: Question[]; resolution: Resolution; onPick: (questionPath: string) => void }) {
  const theme = useTheme();
  const options = [...questions.map((q) => ({ value: q.path, label: `${q.prompt}: ${displayValue(q, getAt(resolution.answers, q.path))}` })), { value: '', label: '← Back' }];
  return (
    <Box flexDirection="column">
      <Text bold={theme.color}>Which answer do you change?</Text>
      <Select limit={8} options={options} onSubmit={onPick} />
    </Box>
  );
}
