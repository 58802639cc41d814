import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { ThemeProvider, themeFor } from '../../source/ui/theme.js';

/** Frame-driven input for ink-testing-library: wait for what is expected instead of sleeping. */

export const KEY = {
  enter: '\r',
  up: '\u001B[A',
  down: '\u001B[B',
  left: '\u001B[D',
  ctrlC: '\u0003',
  ctrlU: '\u0015',
  backspace: '\u007F',
} as const;

export type Rendered = ReturnType<typeof render>;

export function renderPlain(tree: ReactElement, color = false): Rendered {
  return render(<ThemeProvider theme={themeFor(color)}>{tree}</ThemeProvider>);
}

export function frameOf(r: Rendered): string {
  return r.lastFrame() ?? '';
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Polls until `check` holds (a frame drawn, a callback called); fails with the last frame. */
export async function waitFor(check: () => boolean, what: string, r?: Rendered, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${r ? `; last frame:\n${frameOf(r)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function matches(frame: string, expected: string | RegExp): boolean {
  return typeof expected === 'string' ? frame.includes(expected) : expected.test(frame);
}

export async function waitForText(r: Rendered, expected: string | RegExp, timeoutMs = 5000): Promise<string> {
  await waitFor(() => matches(frameOf(r), expected), `${String(expected)}`, r, timeoutMs);
  return frameOf(r);
}

/**
 * Types `input` once the app has settled, then waits for `expected`. A key written before the
 * focused input subscribed is lost (the frame does not change at all): it is written again.
 */
export async function send(r: Rendered, input: string, expected?: string | RegExp, timeoutMs = 5000): Promise<string> {
  await tick();
  await tick();
  const before = frameOf(r);
  const frames = r.frames.length;
  r.stdin.write(input);
  if (!expected) {
    await tick();
    return frameOf(r);
  }
  const deadline = Date.now() + timeoutMs;
  let rewritten = false;
  while (!matches(frameOf(r), expected)) {
    if (!rewritten && Date.now() > deadline - timeoutMs + 300 && r.frames.length === frames && frameOf(r) === before) {
      rewritten = true;
      r.stdin.write(input);
    }
    if (Date.now() > deadline) throw new Error(`after typing ${JSON.stringify(input)}, timed out waiting for ${String(expected)}; last frame:\n${frameOf(r)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return frameOf(r);
}

/** Replaces the text of the focused input. */
export async function typeText(r: Rendered, text: string, expected?: string | RegExp): Promise<string> {
  if (!/^❯\s*$/m.test(frameOf(r))) await send(r, KEY.ctrlU, /^❯\s*$/m);
  return send(r, text, expected ?? text);
}
