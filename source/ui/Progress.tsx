import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { useEffect, useState } from 'react';
import { seconds, type LiveStep } from './state.js';
import { useTheme } from './theme.js';

export interface ProgressProps {
  live: LiveStep;
  /** For tests: the clock. */
  now?: () => number;
  /** Quiet this long and the screen says the command is still running. */
  quietAfterMs?: number;
}

/** The running step: a spinner, the time it has taken, what it does, the last lines of its command. */
export function Progress({ live, now = Date.now, quietAfterMs = 10_000 }: ProgressProps) {
  const theme = useTheme();
  const [time, setTime] = useState(now());
  useEffect(() => {
    const timer = setInterval(() => setTime(now()), 500);
    return () => clearInterval(timer);
  }, [now]);
  const elapsed = Math.max(0, time - live.startedAt);
  const quiet = time - live.lastOutputAt;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text color={theme.accent}>
          <Spinner type="dots" />
        </Text>{' '}
        {live.title} <Text dimColor={theme.dim}>({seconds(elapsed)})</Text>
      </Text>
      {live.message ? (
        <Text wrap="truncate-end" dimColor={theme.dim}>
          {'  '}
          {live.message}
        </Text>
      ) : null}
      {live.lines.map((line, i) => (
        <Text key={i} wrap="truncate-end" dimColor={theme.dim}>
          {'  │ '}
          {line}
        </Text>
      ))}
      {quiet >= quietAfterMs ? (
        <Text dimColor={theme.dim}>{`  still running: no output for ${Math.floor(quiet / 1000)}s`}</Text>
      ) : null}
    </Box>
  );
}
