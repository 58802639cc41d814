import { execFileSync } from 'node:child_process';

/** A real terminal for end-to-end tests: a detached tmux session (80×24 unless told) on a private server. */

let sessions = 0;

export class TmuxSession {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  private readonly socket: string;
  /** Keys sent that answer (Enter, y, n, or literal text holding a carriage return), counted as a person presses them. */
  private answered = 0;

  /** Runs `argv` in `cwd` with `env` added (CI removed: the wizard would not ask in CI); prints "[exit N]" when it ends. */
  constructor(argv: string[], options: { cwd: string; env?: Record<string, string>; width?: number; height?: number }) {
    this.name = `pmf-e2e-${process.pid}-${++sessions}`;
    this.width = options.width ?? 80;
    this.height = options.height ?? 24;
    this.socket = this.name;
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const env = Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${quote(v)}`);
    const command = `env -u CI ${env.join(' ')} ${argv.map(quote).join(' ')}; echo "[exit $?]"; sleep 600`;
    this.tmux(['-f', '/dev/null', 'new-session', '-d', '-s', this.name, '-x', String(this.width), '-y', String(this.height), '-c', options.cwd, command]);
  }

  private tmux(args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** The visible screen as text; with `escapes`, with its SGR attributes (colours, inverse). */
  screen(escapes = false): string {
    return this.tmux(['capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', this.name]);
  }

  /** Everything the terminal printed, scrolled-off lines included (they depend on how long the paths are). */
  history(): string {
    return this.tmux(['capture-pane', '-p', '-S', '-', '-E', '-', '-t', this.name]);
  }

  /** Key names as tmux knows them: Enter, Down, C-u, C-c, y; several in one call arrive as one burst. */
  keys(...keys: string[]): void {
    this.answered += keys.filter((key) => key === 'Enter' || key === 'y' || key === 'n').length;
    this.tmux(['send-keys', '-t', this.name, ...keys]);
  }

  /** Literal text, in one write (a paste); a "\r" in it is an Enter. */
  type(text: string): void {
    this.answered += text.split('\r').length - 1;
    this.tmux(['send-keys', '-t', this.name, '-l', text]);
  }

  /** How many answering keys were sent so far (see `answered`). */
  get answers(): number {
    return this.answered;
  }

  /** Polls the screen until it shows `expected`; fails with the screen at the deadline. */
  async waitFor(expected: string | RegExp | ((screen: string) => boolean), timeoutMs = 20_000, pollMs = 50): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (typeof expected === 'string' ? screen.includes(expected) : typeof expected === 'function' ? expected(screen) : expected.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`tmux: timed out after ${timeoutMs} ms waiting for ${String(expected)}; screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  /** Waits for the program to end and returns its exit code. */
  async exitCode(timeoutMs = 20_000): Promise<number> {
    const screen = await this.waitFor(/\[exit \d+\]/, timeoutMs);
    return Number(/\[exit (\d+)\]/.exec(screen)![1]);
  }

  kill(): void {
    try {
      this.tmux(['kill-server']);
    } catch {
      // Already gone.
    }
  }
}
