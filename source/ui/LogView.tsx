import { Static, Text } from 'ink';
import type { LogLine } from './state.js';
import { useTheme } from './theme.js';
import { toneProps } from './tone.js';

/** Finished lines: written once above the live part, never redrawn. */
export function LogView({ lines }: { lines: LogLine[] }) {
  const theme = useTheme();
  return (
    <Static items={lines}>
      {(line) => (
        <Text key={line.id} {...toneProps(theme, line.tone)}>
          {line.text}
        </Text>
      )}
    </Static>
  );
}
