import { Box, Text } from 'ink';
import type { StepStatus, StepView } from './state.js';
import { useTheme } from './theme.js';
import { toneProps } from './tone.js';
import type { Tone } from './state.js';

const ICON: Record<StepStatus, string> = { pending: '○', running: '▶', done: '✔', skipped: '↷', failed: '✖', planned: '•' };
const TONE: Record<StepStatus, Tone> = { pending: 'dim', running: 'info', done: 'ok', skipped: 'ok', failed: 'error', planned: 'plain' };
const LABEL: Record<StepStatus, string> = { pending: '', running: 'running', done: 'done', skipped: 'already done', failed: 'failed', planned: 'planned' };

/** One line per step: its state in a word and an icon, so it reads without colour too. */
export function StepList({ steps, total }: { steps: StepView[]; total?: number }) {
  const theme = useTheme();
  const all = total ?? steps.length;
  return (
    <Box flexDirection="column">
      {steps.map((step) => {
        const number = `${step.index ?? 0}/${all}`;
        return (
          <Text key={step.id} wrap="truncate-end" {...toneProps(theme, TONE[step.status])}>
            {ICON[step.status]} {step.index ? `${number} ` : ''}
            {step.title}
            {LABEL[step.status] ? ` · ${LABEL[step.status]}` : ''}
          </Text>
        );
      })}
    </Box>
  );
}
