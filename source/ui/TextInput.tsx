import { Text, useInput } from 'ink';
import { useEffect, useReducer, useRef } from 'react';
import { textInputKey, splitKeys } from './keys.js';
import { textInputInit, textInputReducer } from './text-input-state.js';

export interface TextInputProps {
  initial: string;
  /** Shown instead of each character (a password). */
  mask?: string;
  onChange?: (value: string) => void;
  onSubmit: (value: string) => void;
  isActive?: boolean;
}

/** A one-line input; the cursor is shown in inverse video (not a colour). */
export function TextInput({ initial, mask, onChange, onSubmit, isActive = true }: TextInputProps) {
  const [state, dispatch] = useReducer(textInputReducer, initial, textInputInit);
  const last = useRef(state.value);
  useEffect(() => {
    if (last.current !== state.value) {
      last.current = state.value;
      onChange?.(state.value);
    }
  }, [state.value, onChange]);
  // The latest value for the submit handler, even when keys arrive faster than renders.
  const current = useRef(state);
  current.current = state;
  useInput(
    (chunk, chunkKey) => {
      for (const [input, key] of splitKeys(chunk, chunkKey)) {
        const action = textInputKey(input, key);
        if (action === 'submit') onSubmit(current.current.value);
        else if (action) {
          current.current = textInputReducer(current.current, action);
          dispatch(action);
        }
      }
    },
    { isActive },
  );
  const shown = mask ? mask.repeat(state.value.length) : state.value;
  const before = shown.slice(0, state.cursor);
  const at = shown.slice(state.cursor, state.cursor + 1) || ' ';
  const after = shown.slice(state.cursor + 1);
  return (
    <Text>
      {before}
      {isActive ? <Text inverse>{at}</Text> : at}
      {after}
    </Text>
  );
}
