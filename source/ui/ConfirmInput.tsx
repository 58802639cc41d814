import { Text, useInput } from 'ink';
import { confirmKey, splitKeys } from './keys.js';

export interface ConfirmInputProps {
  initial?: boolean;
  onSubmit: (value: boolean) => void;
  isActive?: boolean;
}

/** y or n answers at once; Enter takes the default when there is one. */
export function ConfirmInput({ initial, onSubmit, isActive = true }: ConfirmInputProps) {
  useInput(
    (chunk, chunkKey) => {
      for (const [input, key] of splitKeys(chunk, chunkKey)) {
        const answer = confirmKey(input, key);
        if (answer === 'submit') {
          if (initial !== undefined) return onSubmit(initial);
        } else if (answer !== undefined) return onSubmit(answer);
      }
    },
    { isActive },
  );
  return <Text>{initial === undefined ? '(y/n)' : initial ? '(Y/n)' : '(y/N)'}</Text>;
}
