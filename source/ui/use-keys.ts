import { useStdin } from 'ink';
import { useLayoutEffect, useRef } from 'react';
import { splitKeys, type KeyPress } from './keys.js';

/**
 * The key presses of each terminal read, for the focused input.
 *
 * Ink's useInput subscribes in a passive effect, after the new input's frame is on the screen:
 * a key typed right after an answer (Ctrl+U just after choosing a list option) went to no one.
 * This listens from the commit itself (a layout effect) on the same stream of input events Ink
 * parses (escape sequences apart, a pending lone Esc flushed), and splits each into key presses.
 */
export function useKeys(onKeys: (keys: KeyPress[]) => void, isActive = true): void {
  const { setRawMode, internal_eventEmitter: events } = useStdin();
  const handler = useRef(onKeys);
  handler.current = onKeys;
  useLayoutEffect(() => {
    if (!isActive) return;
    setRawMode(true);
    const listener = (raw: string) => {
      const keys = splitKeys(raw);
      if (keys.length) handler.current(keys);
    };
    events.on('input', listener);
    return () => {
      events.removeListener('input', listener);
      setRawMode(false);
    };
  }, [isActive, events, setRawMode]);
}
