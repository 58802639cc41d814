/** Editing a one-line value: a reducer with no terminal, so it is tested on its own. */
export interface TextInputState {
  value: string;
  cursor: number;
}

export type TextInputAction =
  | { type: 'insert'; text: string }
  | { type: 'delete-left' }
  | { type: 'delete-right' }
  | { type: 'left' }
  | { type: 'right' }
  | { type: 'home' }
  | { type: 'end' }
  | { type: 'clear' }
  | { type: 'set'; value: string };

export function textInputInit(value: string): TextInputState {
  return { value, cursor: value.length };
}

export function textInputReducer(state: TextInputState, action: TextInputAction): TextInputState {
  const { value, cursor } = state;
  switch (action.type) {
    case 'insert': {
      // A paste may hold line breaks or control characters: keep the printable part.
      const text = action.text.replace(/[\r\n\t]+/g, '').replace(/[\u0000-\u001f\u007f]/g, '');
      if (!text) return state;
      return { value: value.slice(0, cursor) + text + value.slice(cursor), cursor: cursor + text.length };
    }
    case 'delete-left':
      return cursor === 0 ? state : { value: value.slice(0, cursor - 1) + value.slice(cursor), cursor: cursor - 1 };
    case 'delete-right':
      return cursor >= value.length ? state : { value: value.slice(0, cursor) + value.slice(cursor + 1), cursor };
    case 'left':
      return { value, cursor: Math.max(0, cursor - 1) };
    case 'right':
      return { value, cursor: Math.min(value.length, cursor + 1) };
    case 'home':
      return { value, cursor: 0 };
    case 'end':
      return { value, cursor: value.length };
    case 'clear':
      return { value: '', cursor: 0 };
    case 'set':
      return textInputInit(action.value);
  }
}
