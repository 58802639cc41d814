import { Box, Text } from 'ink';
import { useReducer, useRef } from 'react';
import { selectKey } from './keys.js';
import { selectInit, selectReducer, type SelectAction } from './select-state.js';
import { useTheme } from './theme.js';
import { useKeys } from './use-keys.js';
import { Words } from './Words.js';

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
  /** Esc or ←. */
  onBack?: () => void;
  isActive?: boolean;
}

/** A list to pick from: arrows (or j/k) move, a digit jumps, Enter picks; a long label folds under itself. */
export function Select({ options, initial, limit = 8, onSubmit, onBack, isActive = true }: SelectProps) {
  const theme = useTheme();
  const [state, dispatch] = useReducer(selectReducer, { count: options.length, focused: Math.max(0, options.findIndex((o) => o.value === initial)), limit }, selectInit);
  const current = useRef(state);
  current.current = state;
  useKeys((keys) => {
    for (const press of keys) {
      const action = selectKey(press);
      if (action === undefined || (action === 'back' && !onBack)) continue;
      if (action === 'back') return onBack?.();
      if (action === 'submit') {
        const option = options[current.current.focused];
        if (option) onSubmit(option.value);
        return;
      }
      const next: SelectAction = typeof action === 'object' ? { type: 'focus', index: action.digit - 1 } : { type: action };
      current.current = selectReducer(current.current, next);
      dispatch(next);
    }
  }, isActive);
  const visible = options.slice(state.offset, state.offset + state.limit);
  return (
    <Box flexDirection="column">
      {state.offset > 0 ? <Text dimColor={theme.dim}>  ↑ {state.offset} more</Text> : null}
      {visible.map((option, i) => {
        const index = state.offset + i;
        const focused = index === state.focused;
        return (
          <Box key={option.value}>
            <Box flexShrink={0}>
              <Text color={focused ? theme.accent : undefined}>
                {focused ? '❯ ' : '  '}
                {index < 9 ? `${index + 1}. ` : '   '}
              </Text>
            </Box>
            <Words text={option.label} color={focused ? theme.accent : undefined} />
          </Box>
        );
      })}
      {state.offset + state.limit < options.length ? <Text dimColor={theme.dim}>  ↓ {options.length - state.offset - state.limit} more</Text> : null}
    </Box>
  );
}
