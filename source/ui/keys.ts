import type { Key } from 'ink';
import type { TextInputAction } from './text-input-state.js';

/** Key handling, apart from the views: which key means what. */

export function isCtrlC(input: string, key: Key): boolean {
  return key.ctrl && input === 'c';
}

export function textInputKey(input: string, key: Key): TextInputAction | 'submit' | undefined {
  if (key.return) return 'submit';
  if (key.ctrl && input === 'c') return undefined;
  if (key.backspace || key.delete) return { type: 'delete-left' };
  if (key.leftArrow) return { type: 'left' };
  if (key.rightArrow) return { type: 'right' };
  if (key.home || (key.ctrl && input === 'a')) return { type: 'home' };
  if (key.end || (key.ctrl && input === 'e')) return { type: 'end' };
  if (key.ctrl && input === 'u') return { type: 'clear' };
  if (key.upArrow || key.downArrow || key.tab || key.escape || key.ctrl || key.meta || key.pageUp || key.pageDown) return undefined;
  return input ? { type: 'insert', text: input } : undefined;
}

export type SelectKey = 'up' | 'down' | 'submit' | { digit: number } | undefined;

export function selectKey(input: string, key: Key): SelectKey {
  if (key.return) return 'submit';
  if (key.upArrow || input === 'k') return 'up';
  if (key.downArrow || input === 'j' || key.tab) return 'down';
  if (/^[1-9]$/.test(input)) return { digit: Number(input) };
  return undefined;
}

export function confirmKey(input: string, key: Key): boolean | 'submit' | undefined {
  if (key.return) return 'submit';
  if (/^y$/i.test(input)) return true;
  if (/^n$/i.test(input)) return false;
  return undefined;
}

/**
 * A terminal may deliver text and Enter in one read ("/opt/wlp\r"): split such a chunk into
 * the text and the key presses, so no Enter is swallowed into the value.
 */
export function splitKeys(input: string, key: Key): Array<[string, Key]> {
  if (input.length <= 1 || !/[\r\n]/.test(input) || key.ctrl || key.meta) return [[input, key]];
  const out: Array<[string, Key]> = [];
  for (const part of input.split(/(\r\n|\r|\n)/)) {
    if (part === '') continue;
    if (/^(\r\n|\r|\n)$/.test(part)) out.push(['', { ...key, return: true }]);
    else out.push([part, { ...key, return: false }]);
  }
  return out;
}
