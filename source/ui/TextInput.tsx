import { Text } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { textInputKey } from './keys.js';
import { textInputInit, textInputReducer, textInputValue, type TextInputState } from './text-input-state.js';
import { useTheme } from './theme.js';
import { useKeys } from './use-keys.js';

export interface TextInputProps {
  /** The value to edit (the cursor at its end). */
  initial?: string;
  /** A proposed value (a default, an earlier answer): Enter keeps it, typing replaces it, Tab or → edits it. */
  placeholder?: string;
  /** Shown instead of each character (a password). */
  mask?: string;
  /** The value Enter would submit now, and whether it is still the untouched proposal. */
  onChange?: (value: string, proposed: boolean) => void;
  onSubmit: (value: string) => void;
  /** Esc. */
  onBack?: () => void;
  isActive?: boolean;
}

/**
 * A one-line input; the cursor is shown in inverse video (not a colour). A proposal is drawn
 * dim with colour, underlined without, the cursor on its first character.
 */
export function TextInput({ initial = '', placeholder = '', mask, onChange, onSubmit, onBack, isActive = true }: TextInputProps) {
  const theme = useTheme();
  const [state, setState] = useState(() => textInputInit(initial, placeholder));
  // The latest state for the key handler, even when keys arrive faster than renders.
  const current = useRef(state);
  current.current = state;
  const value = textInputValue(state);
  const proposed = Boolean(state.proposal);
  const last = useRef({ value, proposed });
  useEffect(() => {
    if (last.current.value !== value || last.current.proposed !== proposed) {
      last.current = { value, proposed };
      onChange?.(value, proposed);
    }
  }, [value, proposed, onChange]);
  useKeys((keys) => {
    let next: TextInputState = current.current;
    const apply = () => {
      current.current = next;
      setState(next);
    };
    for (const press of keys) {
      const action = textInputKey(press);
      if (action === 'back' && !onBack) continue;
      if (action === 'submit' || action === 'back') {
        apply();
        // What follows an answer in the same read was typed before the next question showed: dropped.
        return action === 'submit' ? onSubmit(textInputValue(next)) : onBack?.();
      }
      if (action) next = textInputReducer(next, action);
    }
    apply();
  }, isActive);

  if (state.proposal) {
    const shown = mask ? mask.repeat(state.proposal.length) : state.proposal;
    return (
      <Text>
        {isActive ? <Text inverse>{shown.slice(0, 1)}</Text> : shown.slice(0, 1)}
        <Text dimColor={theme.dim} underline={!theme.color}>
          {shown.slice(1)}
        </Text>
      </Text>
    );
  }
  const shown = mask ? mask.repeat(state.value.length) : state.value;
  const at = shown.slice(state.cursor, state.cursor + 1) || ' ';
  return (
    <Text>
      {shown.slice(0, state.cursor)}
      {isActive ? <Text inverse>{at}</Text> : at}
      {shown.slice(state.cursor + 1)}
    </Text>
  );
}
