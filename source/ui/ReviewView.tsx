import { Box, Text, useStdout } from 'ink';
import type { Resolution } from '../engine/answers.js';
import type { PartialAnswers, Question } from '../engine/questions.js';
import type { Step } from '../engine/step.js';
import { fitLine, reviewGroups, reviewLines, reviewValue } from './review.js';
import { Select } from './Select.js';
import { useTheme } from './theme.js';
import type { ReviewChoice } from './wizard-props.js';

export interface ReviewViewProps {
  steps: Step[];
  resolution: Resolution;
  /** The answers as given: a secret's reference is shown as one. */
  raw: PartialAnswers;
  dryRun: boolean;
  onChoice: (choice: ReviewChoice) => void;
  onBack?: () => void;
}

/** Every answer by step, one line each (cut, never wrapped, to fit 80×24), then what to do with them. */
export function ReviewView({ steps, resolution, raw, dryRun, onChoice, onBack }: ReviewViewProps) {
  const theme = useTheme();
  const { stdout } = useStdout();
  const columns = Math.max(20, (stdout.columns || 80) - 1);
  const { groups, advanced } = reviewGroups(steps, resolution);
  const options = [
    { value: 'start', label: dryRun ? 'Start the dry run (nothing is changed)' : 'Start' },
    { value: 'change', label: 'Change an answer' },
    ...(advanced.length ? [{ value: 'advanced', label: `Advanced settings (${advanced.length})` }] : []),
    { value: 'save', label: 'Save as an answers file' },
    { value: 'quit', label: 'Quit' },
  ];
  return (
    <Box flexDirection="column">
      <Text bold={theme.color}>{dryRun ? 'Check the answers: the dry run changes nothing.' : 'Check the answers: nothing has changed yet.'}</Text>
      {reviewLines(groups, resolution, raw, columns).map((line, i) => (
        <Text key={i} dimColor={line.title && theme.dim} wrap="truncate-end">
          {line.text}
        </Text>
      ))}
      <Select options={options} limit={options.length} onSubmit={(value) => onChoice(value as ReviewChoice)} onBack={onBack} />
    </Box>
  );
}

export interface AnswerListProps {
  title: string;
  questions: Question[];
  resolution: Resolution;
  raw: PartialAnswers;
  /** The answer focused at first. */
  initial?: string;
  /** '' is "← Back". */
  onPick: (questionPath: string) => void;
}

/** Which answer to change, each with its current value; Esc or "← Back" goes back. */
export function AnswerList({ title, questions, resolution, raw, initial, onPick }: AnswerListProps) {
  const theme = useTheme();
  const { stdout } = useStdout();
  const width = Math.max(20, (stdout.columns || 80) - 6);
  const options = [...questions.map((q) => ({ value: q.path, label: fitLine(`${q.prompt}: ${reviewValue(q, resolution, raw)}`, width) })), { value: '', label: '← Back' }];
  return (
    <Box flexDirection="column">
      <Text bold={theme.color}>{title}</Text>
      <Select limit={8} options={options} initial={initial} onSubmit={onPick} onBack={() => onPick('')} />
    </Box>
  );
}
