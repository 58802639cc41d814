import { Text } from 'ink';
import { confirmKey } from './keys.js';
import { useKeys } from './use-keys.js';

export interface ConfirmInputProps {
  initial?: boolean;
  onSubmit: (value: boolean) => void;
  /** Esc or ←. */
  onBack?: () => void;
  isActive?: boolean;
}

/** y or n answers at once; Enter takes the default when there is one. */
export function ConfirmInput({ initial, onSubmit, onBack, isActive = true }: ConfirmInputProps) {
  useKeys((keys) => {
    for (const press of keys) {
      const answer = confirmKey(press);
      if (answer === 'back') {
        if (onBack) return onBack();
      } else if (answer === 'submit') {
        if (initial !== undefined) return onSubmit(initial);
      } else if (answer !== undefined) return onSubmit(answer);
    }
  }, isActive);
  return <Text>{initial === undefined ? '(y/n)' : initial ? '(Y/n)' : '(y/N)'}</Text>;
}
