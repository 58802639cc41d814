import type { Key } from 'ink';
import type { TextInputAction } from './text-input-state.js';

/**
 * Key handling, apart from the views: what arrives from the terminal, and which key means what.
 *
 * Ink's input parser cuts a read at escape sequences only, so a run of plain bytes arrives as one
 * string: ten Backspaces in one read are "\x7f" × 10, a paste with Enter is "text\r". splitKeys
 * turns such a string into one key press each, so every key of a burst is applied.
 */

export type KeyName =
  | 'return'
  | 'backspace'
  | 'delete'
  | 'tab'
  | 'escape'
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'home'
  | 'end'
  | 'page-up'
  | 'page-down'
  | 'ctrl-a'
  | 'ctrl-c'
  | 'ctrl-e'
  | 'ctrl-u';

/** One key press: a printable character, or a named key. */
export type KeyPress = { text: string } | { key: KeyName };

/** The escape sequences the inputs use (xterm, VT and rxvt forms); any other one is ignored. */
const SEQUENCES: Record<string, KeyName> = {
  '\u001B': 'escape',
  '\u001B\u001B': 'escape',
  '\u001B[A': 'up',
  '\u001BOA': 'up',
  '\u001B[B': 'down',
  '\u001BOB': 'down',
  '\u001B[C': 'right',
  '\u001BOC': 'right',
  '\u001B[D': 'left',
  '\u001BOD': 'left',
  '\u001B[H': 'home',
  '\u001BOH': 'home',
  '\u001B[1~': 'home',
  '\u001B[7~': 'home',
  '\u001B[F': 'end',
  '\u001BOF': 'end',
  '\u001B[4~': 'end',
  '\u001B[8~': 'end',
  '\u001B[3~': 'delete',
  '\u001B[5~': 'page-up',
  '\u001B[6~': 'page-down',
};

/** Control bytes that are keys; every other one is dropped. */
const CONTROLS: Record<string, KeyName> = {
  '\r': 'return',
  '\n': 'return',
  '\r\n': 'return',
  '\u007F': 'backspace',
  '\b': 'backspace',
  '\t': 'tab',
  '\u0001': 'ctrl-a',
  '\u0003': 'ctrl-c',
  '\u0005': 'ctrl-e',
  '\u0015': 'ctrl-u',
};

/** The key presses of one input event as Ink's parser delivers it (one escape sequence, or a run of plain bytes). */
export function splitKeys(raw: string): KeyPress[] {
  if (raw.startsWith('\u001B')) {
    const name = SEQUENCES[raw];
    return name ? [{ key: name }] : [];
  }
  const keys: KeyPress[] = [];
  for (const [token] of raw.matchAll(/\r\n|[\u0000-\u001F\u007F]|[^\u0000-\u001F\u007F]/gu)) {
    const name = CONTROLS[token];
    if (name) keys.push({ key: name });
    else if (!/[\u0000-\u001F\u007F]/.test(token)) keys.push({ text: token });
  }
  return keys;
}

const named = (press: KeyPress): KeyName | undefined => ('key' in press ? press.key : undefined);

/** Ctrl+C, alone or anywhere in a burst (for handlers on Ink's useInput, which passes a burst as one string). */
export function isCtrlC(input: string, key: Key): boolean {
  if (key.ctrl) return input === 'c';
  return !key.meta && splitKeys(input).some((press) => named(press) === 'ctrl-c');
}

const TEXT_KEYS: Partial<Record<KeyName, TextInputAction>> = {
  backspace: { type: 'delete-left' },
  delete: { type: 'delete-right' },
  left: { type: 'left' },
  right: { type: 'right' },
  home: { type: 'home' },
  'ctrl-a': { type: 'home' },
  end: { type: 'end' },
  'ctrl-e': { type: 'end' },
  'ctrl-u': { type: 'clear' },
  tab: { type: 'take' },
};

export function textInputKey(press: KeyPress): TextInputAction | 'submit' | 'back' | undefined {
  if ('text' in press) return { type: 'insert', text: press.text };
  if (press.key === 'return') return 'submit';
  if (press.key === 'escape') return 'back';
  return TEXT_KEYS[press.key];
}

export type SelectKey = 'up' | 'down' | 'submit' | 'back' | { digit: number } | undefined;

export function selectKey(press: KeyPress): SelectKey {
  if ('text' in press) {
    if (press.text === 'k') return 'up';
    if (press.text === 'j') return 'down';
    return /^[1-9]$/.test(press.text) ? { digit: Number(press.text) } : undefined;
  }
  switch (press.key) {
    case 'return':
      return 'submit';
    case 'up':
      return 'up';
    case 'down':
    case 'tab':
      return 'down';
    case 'escape':
    case 'left':
      return 'back';
    default:
      return undefined;
  }
}

export function confirmKey(press: KeyPress): boolean | 'submit' | 'back' | undefined {
  if ('text' in press) return /^y$/i.test(press.text) ? true : /^n$/i.test(press.text) ? false : undefined;
  if (press.key === 'return') return 'submit';
  return press.key === 'escape' || press.key === 'left' ? 'back' : undefined;
}
