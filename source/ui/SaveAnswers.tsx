import { Box, Text } from 'ink';
import { Select } from './Select.js';
import { TextInput } from './TextInput.js';
import { useTheme } from './theme.js';

export interface SaveAnswersProps {
  /** The file name proposed: Enter keeps it, typing replaces it. */
  proposal: string;
  envVars: string[];
  problem?: string;
  /** The file chosen exists: overwrite it, or choose another name. */
  exists?: string;
  onSubmit: (file: string) => void;
  onOverwrite?: () => void;
  onOtherName?: () => void;
  isActive?: boolean;
}

/** Where to write the answers file; secrets go in as {"env": NAME} references; an existing file is never overwritten without asking. */
export function SaveAnswers({ proposal, envVars, problem, exists, onSubmit, onOverwrite, onOtherName, isActive = true }: SaveAnswersProps) {
  const theme = useTheme();
  if (exists) {
    return (
      <Box flexDirection="column">
        <Text bold={theme.color}>
          <Text color={theme.warn}>? </Text>
          {`${exists} exists:`}
        </Text>
        <Select
          options={[
            { value: 'overwrite', label: 'Overwrite' },
            { value: 'other', label: 'Choose another name' },
          ]}
          initial="other"
          onSubmit={(value) => (value === 'overwrite' ? onOverwrite?.() : onOtherName?.())}
          onBack={onOtherName}
          isActive={isActive}
        />
      </Box>
    );
  }
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
        <TextInput placeholder={proposal} onSubmit={onSubmit} isActive={isActive} />
      </Box>
      {problem ? <Text color={theme.error}>{`✖ ${problem}`}</Text> : null}
    </Box>
  );
}
