import { Box, Text } from 'ink';
import { formatFailure } from './plain.js';
import { Select } from './Select.js';
import type { Failure } from './state.js';
import { useTheme } from './theme.js';

export type FailureChoice = 'retry' | 'change' | 'quit';

export interface FailureViewProps {
  failure: Failure;
  resumeCommand: string;
  logFile?: string;
  /** Lines of the command's output shown (the whole output is in the log). */
  tailLines?: number;
  onChoice: (choice: FailureChoice) => void;
  isActive?: boolean;
}

function lastLines(text: string | undefined, count: number): string | undefined {
  if (!text) return text;
  const lines = text.replace(/\n+$/, '').split('\n');
  return lines.slice(-count).join('\n');
}

/** What failed, the command, the tail of its output and the fix; then retry, change an answer or quit. */
export function FailureView({ failure, resumeCommand, logFile, tailLines = 8, onChoice, isActive = true }: FailureViewProps) {
  const theme = useTheme();
  const lines = formatFailure({ ...failure.error, outputTail: lastLines(failure.error.outputTail, tailLines) });
  return (
    <Box flexDirection="column">
      <Text color={theme.error} bold={theme.color}>{`✖ ${failure.title} failed`}</Text>
      {lines.map((line, i) => (
        <Text
          key={i}
          wrap={line.startsWith('    ') ? 'truncate-end' : 'wrap'}
          color={line.startsWith('  fix:') ? theme.ok : line.startsWith('  error:') ? theme.error : undefined}
          dimColor={line.startsWith('    ') ? theme.dim : undefined}
        >
          {line}
        </Text>
      ))}
      {logFile ? <Text dimColor={theme.dim} wrap="truncate-end">{`  log: ${logFile}`}</Text> : null}
      <Text bold={theme.color}>What now?</Text>
      <Select
        options={[
          { value: 'retry', label: 'Retry the step' },
          { value: 'change', label: 'Change an answer, then retry' },
          { value: 'quit', label: 'Quit (the checkpoint is kept)' },
        ]}
        onSubmit={(value) => onChoice(value as FailureChoice)}
        isActive={isActive}
      />
      <Text dimColor={theme.dim}>{`To continue later: ${resumeCommand}`}</Text>
    </Box>
  );
}
