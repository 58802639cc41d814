import { Box, Text } from 'ink';
import { useCallback, useState } from 'react';
import { problemWith, type PartialAnswers, type Question } from '../engine/questions.js';
import { ConfirmInput } from './ConfirmInput.js';
import { NodesInput } from './NodesInput.js';
import { choicesOf, initialText, parseTyped } from './question-value.js';
import { Select } from './Select.js';
import { TextInput } from './TextInput.js';
import { useTheme } from './theme.js';
import { Words } from './Words.js';

export interface QuestionFormProps {
  question: Question;
  /** Title of the step that asks it, and where that step is in the run. */
  stepTitle: string;
  stepNumber?: number;
  stepCount?: number;
  /** How many steps take part if this question is answered so: for a question that decides it (the nodes), the count follows the typing. */
  stepCountWith?: (value: unknown) => number;
  /** An earlier answer or the default. */
  prefill: unknown;
  /** The answers so far, resolved: what a list offers may depend on them (no Derby for a farm). */
  answers?: PartialAnswers;
  /** A problem with the current value, from the answers validation. */
  problem?: string;
  remaining?: number;
  /** Typed relative paths resolve against this directory (the working directory of the person). */
  baseDir: string;
  /** Called only with a value the question's schema accepts (undefined: an optional question left empty). */
  onSubmit: (value: unknown) => void;
  /** Esc (and ← in a list or a yes/no): back to the question before. */
  onBack?: () => void;
  isActive?: boolean;
  /** The answer's machine check runs: "Checking…", and the input waits. */
  checking?: boolean;
}

export const TYPE_AGAIN = 'Type it again';
export const ENTRIES_DIFFER = 'The two entries differ: type the password again';

/** One question from its declaration: prompt, one line of help, the input of its kind, and its problem. */
export function QuestionForm(props: QuestionFormProps) {
  const { question, prefill, baseDir, onSubmit, onBack, isActive = true } = props;
  const theme = useTheme();
  const [problem, setProblem] = useState<string | undefined>(props.problem);
  const [tried, setTried] = useState(Boolean(props.problem));
  const [proposed, setProposed] = useState(initialText(question, prefill) !== '');
  // The nodes question opens on a list of proposed farms; "other" goes on to typed fields.
  const [listing, setListing] = useState(question.kind === 'nodes');
  const [draftNodes, setDraftNodes] = useState<unknown[]>();

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
    (text: string, isProposal: boolean) => {
      setProposed(isProposal);
      if (tried) setProblem(check(parseTyped(question, text, baseDir)));
    },
    [tried, check, question, baseDir],
  );
  /** A message under the input; `follow`: it then follows the typing. */
  const show = (message: string | undefined, follow: boolean) => {
    setTried(follow);
    setProblem(message);
  };
  const input = { question, prefill, answers: props.answers, baseDir, submit, onChange, onBack, onListing: setListing, onDraft: setDraftNodes, isActive: isActive && !props.checking };

  // While the number of nodes is open, so is the number of steps; then it follows the nodes typed.
  const stepCount = question.kind === 'nodes' && props.stepCountWith ? draftNodes && props.stepCountWith(draftNodes) : props.stepCount;
  const where = props.stepNumber ? ` (step ${props.stepNumber}${stepCount ? ` of ${stepCount}` : ''})` : '';
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
        <Words text={question.terminalHelp ?? question.help} dimColor={theme.dim} />
      </Box>
      {question.kind === 'password' && question.confirm ? (
        <PasswordTwice {...input} check={check} show={show} />
      ) : (
        <QuestionInput {...input} />
      )}
      {props.checking ? <Text dimColor={theme.dim}>Checking…</Text> : problem ? <Text color={theme.error}>{`✖ ${problem}`}</Text> : null}
      <Words text={footerOf(question, { remaining: props.remaining, proposed, listing, back: Boolean(onBack) })} dimColor={theme.dim} />
    </Box>
  );
}

const LIST_KEYS = '↑↓ to move, Enter to choose';

/** The keys that work here, and how many questions are left. */
function footerOf(question: Question, { remaining, proposed, listing, back }: { remaining?: number; proposed: boolean; listing: boolean; back: boolean }): string {
  const typed = question.kind !== 'select' && question.kind !== 'confirm' && question.kind !== 'nodes';
  const keys =
    question.kind === 'select'
      ? LIST_KEYS
      : question.kind === 'confirm'
        ? 'y or n'
        : question.kind === 'nodes'
          ? listing
            ? LIST_KEYS
            : 'Enter keeps each proposed value, typing replaces it'
          : proposed
            ? 'Enter keeps it · typing replaces it · Tab edits it'
            : 'Enter accepts · Ctrl+U clears';
  return [
    keys,
    back ? 'Esc back' : undefined,
    // A list or a yes/no cannot be left empty.
    question.optional && typed ? 'empty leaves it unset' : undefined,
    remaining && remaining > 1 ? `${remaining - 1} more question${remaining === 2 ? '' : 's'}` : undefined,
    'Ctrl+C quits',
  ]
    .filter(Boolean)
    .join(' · ');
}

interface QuestionInputProps {
  question: Question;
  prefill: unknown;
  answers?: PartialAnswers;
  baseDir: string;
  /** Called with the parsed value; the form checks it. */
  submit: (value: unknown) => void;
  /** The text Enter would submit, for the message that follows the typing, and whether it is the untouched proposal. */
  onChange: (text: string, proposed: boolean) => void;
  onBack?: () => void;
  onListing: (listing: boolean) => void;
  onDraft: (nodes: unknown[] | undefined) => void;
  isActive: boolean;
}

/** The input of the question's kind. */
function QuestionInput({ question, prefill, answers, baseDir, submit, onChange, onBack, onListing, onDraft, isActive }: QuestionInputProps) {
  const theme = useTheme();
  switch (question.kind) {
    case 'select':
      return <Select options={choicesOf(question, answers)} initial={typeof prefill === 'string' ? prefill : undefined} limit={6} onSubmit={submit} onBack={onBack} isActive={isActive} />;
    case 'confirm':
      return <ConfirmInput initial={typeof prefill === 'boolean' ? prefill : undefined} onSubmit={submit} onBack={onBack} isActive={isActive} />;
    case 'nodes':
      return <NodesInput question={question} prefill={prefill} onSubmit={submit} onBack={onBack} onListing={onListing} onDraft={onDraft} isActive={isActive} />;
    default:
      return (
        <Box>
          <Text color={theme.accent}>{'❯ '}</Text>
          <TextInput
            placeholder={initialText(question, prefill)}
            mask={question.kind === 'password' ? '•' : undefined}
            onChange={onChange}
            onSubmit={(text) => submit(parseTyped(question, text, baseDir))}
            onBack={onBack}
            isActive={isActive}
          />
        </Box>
      );
  }
}

interface PasswordTwiceProps extends QuestionInputProps {
  check: (value: unknown) => string | undefined;
  show: (message: string | undefined, follow: boolean) => void;
}

/**
 * A new password, typed twice: a first entry the question accepts, then the same again; a
 * mismatch starts over with both empty. Esc at the second entry goes back to the first.
 */
function PasswordTwice({ question, baseDir, submit, onChange, onBack, isActive, check, show }: PasswordTwiceProps) {
  const theme = useTheme();
  const [first, setFirst] = useState<string>();
  // A new key remounts the input empty for each entry.
  const [entry, setEntry] = useState(0);
  const again = (text: string | undefined) => {
    setFirst(text);
    setEntry((n) => n + 1);
  };
  const onEnter = (text: string) => {
    const value = parseTyped(question, text, baseDir);
    if (first === undefined) {
      // An optional password left empty needs no second entry.
      if (value === undefined) return submit(value);
      const found = check(value);
      if (found) return show(found, true);
      show(undefined, false);
      return again(text);
    }
    if (text === first) return submit(value);
    show(ENTRIES_DIFFER, false);
    again(undefined);
  };
  return (
    <Box flexDirection="column">
      {first !== undefined ? <Text>{TYPE_AGAIN}</Text> : null}
      <Box>
        <Text color={theme.accent}>{'❯ '}</Text>
        <TextInput
          key={entry}
          mask="•"
          onChange={first === undefined ? onChange : undefined}
          onSubmit={onEnter}
          onBack={first === undefined ? onBack : () => again(undefined)}
          isActive={isActive}
        />
      </Box>
    </Box>
  );
}
