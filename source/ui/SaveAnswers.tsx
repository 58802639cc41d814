import { Box, Text } from 'ink';
import { TextInput } from './TextInput.js';
import { useTheme } from './theme.js';

export interface SaveAnswersProps {
  initial: string;
  envVars: string[];
  problem?: string;
  onSubmit: (file: string) => void;
  isActive?: boolean;
}

/** Where to write the answers file; secrets go in as {"env": NAME} references. */
export function SaveAnswers({ initial, envVars, problem, onSubmit, isActive = true }: SaveAnswersProps) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Text bold={theme.color}>
        <Text color={theme.ok}>? </Text>
        Answers file to write
      </Text>
      <Text dimColor={theme.dim}>
        {envVars.length
          ? `  Passwords are written as {"env": NAME} references: ${envVars.join(', ')}; never in clear.`
          : '  Everything this run used, so the same farm can be rebuilt with --answers.'}
      </Text>
      <Box>
        <Text color={theme.accent}>{'❯ '}</Text>
        <TextInput initial={initial} onSubmit={onSubmit} isActive={isActive} />
      </Box>
      {problem ? <Text color={theme.error}>{`✖ ${problem}`}</Text> : null}
    </Box>
  );
}
