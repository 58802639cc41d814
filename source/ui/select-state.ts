/** Which option of a list has the focus, and which window of it is visible (ink-ui's select, smaller). */
export interface SelectState {
  count: number;
  focused: number;
  /** First visible option. */
  offset: number;
  limit: number;
}

export type SelectAction = { type: 'up' } | { type: 'down' } | { type: 'focus'; index: number };

export function selectInit({ count, focused, limit }: { count: number; focused: number; limit: number }): SelectState {
  const index = Math.min(Math.max(0, focused), Math.max(0, count - 1));
  const visible = Math.max(1, Math.min(limit, count));
  return { count, focused: index, offset: Math.max(0, Math.min(index, count - visible)), limit: visible };
}

function withFocus(state: SelectState, focused: number): SelectState {
  let { offset } = state;
  if (focused < offset) offset = focused;
  if (focused >= offset + state.limit) offset = focused - state.limit + 1;
  return { ...state, focused, offset };
}

export function selectReducer(state: SelectState, action: SelectAction): SelectState {
  if (state.count === 0) return state;
  switch (action.type) {
    case 'up':
      return withFocus(state, (state.focused - 1 + state.count) % state.count);
    case 'down':
      return withFocus(state, (state.focused + 1) % state.count);
    case 'focus':
      return action.index >= 0 && action.index < state.count ? withFocus(state, action.index) : state;
  }
}
