import { Box, Text } from 'ink';
import { useState } from 'react';
import { ConfirmInput } from './ConfirmInput.js';
import { Select } from './Select.js';
import { useTheme } from './theme.js';

/** The step a previous run stopped at: its title, its place in the run, its status and error. */
export interface StoppedAt {
  title: string;
  number: number;
  count: number;
  status?: string;
  message?: string;
}

export interface ResumePromptProps {
  stateDir: string;
  /** Where the previous run stopped; undefined when all its steps were done. */
  stoppedAt?: StoppedAt;
  onChoice: (choice: 'resume' | 'start-over') => void;
  isActive?: boolean;
}

/** A checkpoint exists: resume where it stopped, or start over (after a confirmation). */
export function ResumePrompt({ stateDir, stoppedAt, onChoice, isActive = true }: ResumePromptProps) {
  const theme = useTheme();
  const [confirming, setConfirming] = useState(false);
  const where = stoppedAt
    ? `It stopped at step ${stoppedAt.number} of ${stoppedAt.count}: ${stoppedAt.title}${stoppedAt.status ? ` (${stoppedAt.status})` : ''}.`
    : 'All of its steps were done.';
  return (
    <Box flexDirection="column">
      <Text bold={theme.color}>{`A previous run left a checkpoint in ${stateDir}.`}</Text>
      <Text>{where}</Text>
      {stoppedAt?.message ? <Text color={theme.error}>{`  ${stoppedAt.message}`}</Text> : null}
      <Text dimColor={theme.dim}>Its answers are reused; passwords are asked again (they are never saved).</Text>
      {confirming ? (
        <Box flexDirection="column">
          <Text>
            <Text color={theme.warn}>? </Text>
            Start over? The previous answers are forgotten; what is installed stays and is checked again.{' '}
            <ConfirmInput initial={false} onSubmit={(yes) => (yes ? onChoice('start-over') : setConfirming(false))} isActive={isActive} />
          </Text>
        </Box>
      ) : (
        <Select
          options={[
            { value: 'resume', label: stoppedAt ? `Resume at step ${stoppedAt.number}: ${stoppedAt.title}` : 'Run again (each step is checked, nothing done twice)' },
            { value: 'start-over', label: 'Start over (asks every question again)' },
          ]}
          onSubmit={(value) => (value === 'resume' ? onChoice('resume') : setConfirming(true))}
          isActive={isActive}
        />
      )}
    </Box>
  );
}
