import { Box, Text } from 'ink';
import { useState } from 'react';
import { ConfirmInput } from './ConfirmInput.js';
import { Select } from './Select.js';
import type { DraftOffer } from './state.js';
import { useTheme } from './theme.js';

/** The step a previous run stopped at: its title, its place in the run, its status and error. */
export interface StoppedAt {
  title: string;
  number: number;
  count: number;
  status?: string;
  message?: string;
}

export type ResumeChoice = 'resume' | 'draft' | 'start-over';

export interface ResumePromptProps {
  stateDir: string;
  /** A checkpoint is there (else only a draft is offered). */
  checkpoint?: boolean;
  /** Where the previous run stopped; undefined when all its steps were done. */
  stoppedAt?: StoppedAt;
  /** Answers typed after that run (or with no run at all) that no run used. */
  draft?: DraftOffer;
  onChoice: (choice: ResumeChoice) => void;
  isActive?: boolean;
}

function draftLabel(draft: DraftOffer): string {
  return `Continue with the answers you typed on ${draft.date} (${draft.count} answer${draft.count === 1 ? '' : 's'})`;
}

/** A checkpoint exists: resume where it stopped, take the answers typed since, or start over (after a confirmation). */
export function ResumePrompt({ stateDir, checkpoint = true, stoppedAt, draft, onChoice, isActive = true }: ResumePromptProps) {
  const theme = useTheme();
  const [confirming, setConfirming] = useState(false);
  if (!checkpoint) return <DraftPrompt draft={draft} onChoice={onChoice} isActive={isActive} />;
  const where = stoppedAt
    ? `It stopped at step ${stoppedAt.number} of ${stoppedAt.count}: ${stoppedAt.title}${stoppedAt.status ? ` (${stoppedAt.status})` : ''}.`
    : 'All of its steps were done.';
  return (
    <Box flexDirection="column">
      <Text bold={theme.color}>{`A previous run left a checkpoint in ${stateDir}.`}</Text>
      <Text>{where}</Text>
      {stoppedAt?.message ? <Text color={theme.error}>{`  ${stoppedAt.message}`}</Text> : null}
      <Text dimColor={theme.dim}>Its answers are reused; passwords are asked again (they are never saved).</Text>
      {draft ? <Text color={theme.warn}>{`Answers typed on ${draft.date}, after that run, were never used: it would run with its own.`}</Text> : null}
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
            ...(draft ? [{ value: 'draft', label: draftLabel(draft) }] : []),
            { value: 'start-over', label: 'Start over (asks every question again)' },
          ]}
          onSubmit={(value) => (value === 'start-over' ? setConfirming(true) : onChoice(value as ResumeChoice))}
          isActive={isActive}
        />
      )}
    </Box>
  );
}

/** No run yet, but answers typed in an earlier session: take them or start fresh. */
function DraftPrompt({ draft, onChoice, isActive }: { draft?: DraftOffer; onChoice: (choice: ResumeChoice) => void; isActive: boolean }) {
  const theme = useTheme();
  if (!draft) return null;
  return (
    <Box flexDirection="column">
      <Text bold={theme.color}>{`An earlier session ended before anything was changed; its answers were kept (not the passwords).`}</Text>
      <Select
        options={[
          { value: 'draft', label: draftLabel(draft) },
          { value: 'start-over', label: 'Start fresh' },
        ]}
        onSubmit={(value) => onChoice(value as ResumeChoice)}
        isActive={isActive}
      />
    </Box>
  );
}
