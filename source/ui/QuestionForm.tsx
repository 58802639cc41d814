import { Box, Text } from 'ink';
import { useCallback, useState } from 'react';
import { problemWith, type Question } from '../engine/questions.js';
import { ConfirmInput } from './ConfirmInput.js';
import { NodesInput } from './NodesInput.js';
import { choicesOf, initialText, parseTyped } from './question-value.js';
import { Select } from './Select.js';
import { TextInput } from './TextInput.js';
import { useTheme } from './theme.js';

export interface QuestionFormProps {
  question: Question;
  /** Title of the step that asks it, and where that step is in the run. */
  stepTitle: string;
  stepNumber?: number;
  stepCount?: number;
  /** An earlier answer or the default. */
  prefill: unknown;
  /** A problem with the current value, from the answers validation. */
  problem?: string;
  remaining?: number;
  /** Typed relative paths resolve against this directory (the working directory of the person). */
  baseDir: string;
  /** Called only with a value the question's schema accepts (undefined: an optional question left empty). */
  onSubmit: (value: unknown) => void;
  isActive?: boolean;
}

/** One question from its declaration: prompt, one line of help, the input of its kind, and its problem. */
export function QuestionForm(props: QuestionFormProps) {
  const { question, prefill, baseDir, onSubmit, isActive = true } = props;
  const theme = useTheme();
  const [problem, setProblem] = useState<string | undefined>(props.problem);
  const [tried, setTried] = useState(Boolean(props.problem));

  const check = useCallback(
    (value: unknown): string | undefined => (value === undefined && question.optional ? undefined : problemWith(question, value)),
    [question],
  );
  const submit = useCallback(
    (value: unknown) => {
      const found = check(value);
      setTried(true);
      setProblem(found);
      if (!found) onSubmit(value);
    },
    [check, onSubmit],
  );
  // After a first refused Enter the message follows the typing, so it clears as soon as the value is good.
  const onChange = useCallback(
    (text: string) => {
      if (tried) setProblem(check(parseTyped(question, text, baseDir)));
    },
    [tried, check, question, baseDir],
  );

  const where = props.stepNumber && props.stepCount ? ` (step ${props.stepNumber} of ${props.stepCount})` : '';
  return (
    <Box flexDirection="column">
      <Text dimColor={theme.dim} wrap="truncate-end">
        {props.stepTitle}
        {where}
      </Text>
      <Text bold={theme.color}>
        <Text color={theme.ok}>? </Text>
        {question.prompt}
        {question.kind === 'confirm' ? ' ' : ''}
      </Text>
      <Box paddingLeft={2}>
        <Text dimColor={theme.dim}>{question.help}</Text>
      </Box>
      <QuestionInput question={question} prefill={prefill} baseDir={baseDir} submit={submit} onChange={onChange} isActive={isActive} />
      {problem ? <Text color={theme.error}>{`✖ ${problem}`}</Text> : null}
      <Text dimColor={theme.dim}>{footerOf(question, props.remaining)}</Text>
    </Box>
  );
}

/** The keys that work here, and how many questions are left. */
function footerOf(question: Question, remaining: number | undefined): string {
  const keys =
    question.kind === 'select' ? '↑↓ to move, Enter to choose' : question.kind === 'confirm' ? 'y or n' : question.kind === 'nodes' ? 'Enter accepts each value' : 'Enter accepts · Ctrl+U clears';
  return [
    keys,
    question.optional ? 'empty leaves it unset' : undefined,
    remaining && remaining > 1 ? `${remaining - 1} more question${remaining === 2 ? '' : 's'}` : undefined,
    'Ctrl+C quits',
  ]
    .filter(Boolean)
    .join(' · ');
}

interface QuestionInputProps {
  question: Question;
  prefill: unknown;
  baseDir: string;
  /** Called with the parsed value; the form checks it. */
  submit: (value: unknown) => void;
  /** The text as typed, for the message that follows the typing. */
  onChange: (text: string) => void;
  isActive: boolean;
}

/** The input of the question's kind. */
function QuestionInput({ question, prefill, baseDir, submit, onChange, isActive }: QuestionInputProps) {
  const theme = useTheme();
  switch (question.kind) {
    case 'select':
      return <Select options={choicesOf(question)} initial={typeof prefill === 'string' ? prefill : undefined} limit={6} onSubmit={submit} isActive={isActive} />;
    case 'confirm':
      return <ConfirmInput initial={typeof prefill === 'boolean' ? prefill : undefined} onSubmit={submit} isActive={isActive} />;
    case 'nodes':
      return <NodesInput question={question} prefill={prefill} onSubmit={submit} isActive={isActive} />;
    default:
      return (
        <Box>
          <Text color={theme.accent}>{'❯ '}</Text>
          <TextInput
            initial={initialText(question, prefill)}
            mask={question.kind === 'password' ? '•' : undefined}
            onChange={onChange}
            onSubmit={(text) => submit(parseTyped(question, text, baseDir))}
            isActive={isActive}
          />
        </Box>
      );
  }
}
