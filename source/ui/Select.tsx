import { Box, Text, useInput } from 'ink';
import { useReducer, useRef } from 'react';
import { selectKey, splitKeys } from './keys.js';
import { selectInit, selectReducer } from './select-state.js';
import { useTheme } from './theme.js';

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectProps {
  options: SelectOption[];
  /** The value focused at first. */
  initial?: string;
  /** How many options show at once (the rest scroll), for 24-line terminals. */
  limit?: number;
  onSubmit: (value: string) => void;
  isActive?: boolean;
}

/** A list to pick from: arrows (or j/k) move, a digit jumps, Enter picks. */
export function Select({ options, initial, limit = 8, onSubmit, isActive = true }: SelectProps) {
  const theme = useTheme();
  const [state, dispatch] = useReducer(selectReducer, { count: options.length, focused: Math.max(0, options.findIndex((o) => o.value === initial)), limit }, selectInit);
  const current = useRef(state);
  current.current = state;
  useInput(
    (chunk, chunkKey) => {
      for (const [input, key] of splitKeys(chunk, chunkKey)) {
        const action = selectKey(input, key);
        if (action === undefined) continue;
        if (action === 'submit') {
          const option = options[current.current.focused];
          if (option) onSubmit(option.value);
          return;
        }
        const next = typeof action === 'object' ? { type: 'focus' as const, index: action.digit - 1 } : { type: action };
        current.current = selectReducer(current.current, next);
        dispatch(next);
      }
    },
    { isActive },
  );
  const visible = options.slice(state.offset, state.offset + state.limit);
  return (
    <Box flexDirection="column">
      {state.offset > 0 ? <Text dimColor={theme.dim}>  ↑ {state.offset} more</Text> : null}
      {visible.map((option, i) => {
        const index = state.offset + i;
        const focused = index === state.focused;
        return (
          <Text key={option.value} color={focused ? theme.accent : undefined} wrap="truncate-end">
            {focused ? '❯ ' : '  '}
            {index < 9 ? `${index + 1}. ` : '   '}
            {option.label}
          </Text>
        );
      })}
      {state.offset + state.limit < options.length ? <Text dimColor={theme.dim}>  ↓ {options.length - state.offset - state.limit} more</Text> : null}
    </Box>
  );
}
