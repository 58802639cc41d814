/** Editing a one-line value: a reducer with no terminal, so it is tested on its own. */
export interface TextInputState {
  value: string;
  cursor: number;
  /**
   * A proposed value (a default or an earlier answer), shown until a key replaces or takes it, as
   * at a shell prompt: Enter keeps it, a printable key replaces it, Tab or → takes it for editing,
   * Backspace, Delete or Ctrl+U drop it. Absent when there is none (or no longer).
   */
  proposal?: string;
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
  | { type: 'take' }
  | { type: 'set'; value: string };

export function textInputInit(value: string, proposal = ''): TextInputState {
  return !value && proposal ? { value, cursor: 0, proposal } : { value, cursor: value.length };
}

/** What Enter submits: the proposal while it is untouched, else the value. */
export function textInputValue(state: TextInputState): string {
  return state.proposal || state.value;
}

/** The proposal made the value, the cursor where the key that took it puts it. */
function taken(proposal: string, cursor: number): TextInputState {
  return { value: proposal, cursor: Math.max(0, cursor) };
}

/** A key on an untouched proposal: movement takes it for editing, anything else starts from empty. */
function onProposal(proposal: string, action: TextInputAction): TextInputState {
  switch (action.type) {
    case 'take':
    case 'right':
    case 'end':
      return taken(proposal, proposal.length);
    case 'left':
      return taken(proposal, proposal.length - 1);
    case 'home':
      return taken(proposal, 0);
    case 'set':
      return textInputInit(action.value);
    case 'insert':
      return edit(textInputInit(''), action);
    default:
      return textInputInit('');
  }
}

export function textInputReducer(state: TextInputState, action: TextInputAction): TextInputState {
  if (state.proposal) {
    // Only printable text replaces the proposal: a paste of control characters alone leaves it.
    if (action.type === 'insert' && !printable(action.text)) return state;
    return onProposal(state.proposal, action);
  }
  return edit(state, action);
}

function printable(text: string): string {
  return text.replace(/[\r\n\t]+/g, '').replace(/[\u0000-\u001f\u007f]/g, '');
}

function edit(state: TextInputState, action: TextInputAction): TextInputState {
  const { value, cursor } = state;
  const at = (nextValue: string, nextCursor: number): TextInputState => ({ value: nextValue, cursor: nextCursor });
  switch (action.type) {
    case 'insert': {
      // A paste may hold line breaks or control characters: keep the printable part.
      const text = printable(action.text);
      if (!text) return state;
      return at(value.slice(0, cursor) + text + value.slice(cursor), cursor + text.length);
    }
    case 'delete-left':
      return cursor === 0 ? state : at(value.slice(0, cursor - 1) + value.slice(cursor), cursor - 1);
    case 'delete-right':
      return cursor >= value.length ? state : at(value.slice(0, cursor) + value.slice(cursor + 1), cursor);
    case 'left':
      return at(value, Math.max(0, cursor - 1));
    case 'right':
      return at(value, Math.min(value.length, cursor + 1));
    case 'home':
      return at(value, 0);
    case 'end':
      return at(value, value.length);
    case 'clear':
      return at('', 0);
    case 'take':
      return state;
    case 'set':
      return textInputInit(action.value);
  }
}
